package com.csvtokafka.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.CsvData;
import com.csvtokafka.it.Processor;
import com.csvtokafka.it.SharedStack;
import com.csvtokafka.it.Topic;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 faults between the processor and S3 (S3Proxy), through a {@link TcpProxy} on loopback:
 * <ul>
 * <li>issue scenario 9: the download connection reset mid-stream, several times, with the break falling between
 * rows, inside a row and inside a quoted field holding an embedded newline — the processor must reopen at the
 * exact byte and finish without a restart, with no torn or repeated row at any break;</li>
 * <li>issue scenario 8: the object replaced while a job streams it, then the stream forced to reopen: the job must
 * stop with a clear error, the topic holding only a prefix of the old version, and a rerun must be refused.</li>
 * </ul>
 * {@code -Dchaos.rounds=N} repeats each with new random files and break points.
 */
class ChaosS3IT {
    @TempDir
    Path dir;

    /** Where a reset breaks the byte stream, classified from the file's layout (never from the processor). */
    enum Break { BETWEEN_ROWS, INSIDE_CRLF_ROW_END, INSIDE_ROW, INSIDE_QUOTED_NEWLINE_FIELD }

    @Test
    void connectionResetsMidStreamAreResumedAtTheExactByteWithoutARestart() throws Exception {
        ChaosRounds.run("chaos-s3-reset", this::resets);
    }

    @Test
    void anObjectReplacedMidRunStopsTheJobWithAPrefixOfTheOldVersionAndARerunIsRefused() throws Exception {
        ChaosRounds.run("chaos-s3-replaced", this::replaced);
    }

    private void resets(String name, long seed) throws Exception {
        Random random = new Random(seed);
        Layout file = Layout.generate(8_000, random);
        Map<String, String> env = SharedStack.environment();
        SharedStack.get().s3().createBucket("chaos");
        SharedStack.get().s3().putObject("chaos", name + ".csv", file.write(dir, name + ".csv"));
        SharedStack.get().kafka().createTopic(name, 1);

        // break points at rising offsets, at least two of each kind, so that every kind happens whatever the file
        List<Break> plan = new ArrayList<>(List.of(Break.INSIDE_QUOTED_NEWLINE_FIELD, Break.INSIDE_ROW,
                Break.BETWEEN_ROWS, Break.INSIDE_QUOTED_NEWLINE_FIELD, Break.INSIDE_CRLF_ROW_END,
                Break.BETWEEN_ROWS, Break.INSIDE_ROW, Break.INSIDE_QUOTED_NEWLINE_FIELD));
        List<Long> targets = new ArrayList<>();
        long slot = file.bytes.length * 8L / 10 / plan.size();
        for (int i = 0; i < plan.size(); i++) {
            long from = file.bytes.length / 20 + i * slot + random.nextInt((int) (slot / 2));
            targets.add(file.next(plan.get(i), from));
        }
        System.out.println(name + ": resets planned at " + targets + " (" + plan + ") of " + file.bytes.length + " bytes");

        URI s3 = URI.create(env.get("S3_ENDPOINT"));
        Path checkpoints = dir.resolve("checkpoints");
        CheckpointReader checkpoint = CheckpointReader.directory(checkpoints, name);
        try (TcpProxy proxy = TcpProxy.start(s3.getHost(), s3.getPort());
             PrefixReader reader = PrefixReader.start(SharedStack.bootstrap(), name, file.rows, checkpoint)) {
            proxy.drainMillis(500);
            proxy.resetHttpBodyAt(targets.stream().mapToLong(Long::longValue).toArray());
            long started = System.nanoTime();
            Processor p = Processor.start(dir, env, "run", "--source", "s3://chaos/" + name + ".csv", "--topic", name,
                    "--job-id", name, "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(),
                    "--s3-endpoint", "http://" + proxy.address(), "--checkpoint-dir", checkpoints.toString(),
                    "--transaction-rows", "300");
            Processor.Result result;
            try {
                result = p.await(120);
            } finally {
                if (p.alive()) {
                    p.kill9();
                }
            }
            long done = System.nanoTime();
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(proxy.httpBodyResets()).as("the proxy reset the download at every planned byte").isEqualTo(targets);

            // where the processor says it reopened (source_reopened events): exactly the planned bytes, each once
            List<Long> reopened = result.events().reopenedAt();
            assertThat(reopened).as("the processor reopened the stream at each break's exact byte:\n%s",
                    result.events()).isEqualTo(targets);
            Set<Break> happened = EnumSet.noneOf(Break.class);
            for (long at : reopened) {
                happened.add(file.classify(at));
            }
            System.out.println(name + ": breaks by the file's layout " + reopened.stream().map(file::classify).toList());
            assertThat(happened).as("breaks between rows, inside a row, and inside a quoted field with an embedded newline")
                    .contains(Break.BETWEEN_ROWS, Break.INSIDE_ROW, Break.INSIDE_QUOTED_NEWLINE_FIELD);
            assertThat(result.events().named("retrying")).as("the job finished without a restart of its attempt")
                    .isEmpty();
            assertThat(result.events().named("resumed")).as("one attempt, from the beginning").hasSize(1);
            assertThat(result.events().completedNow()).as(result.events().toString()).isTrue();

            assertThat(reader.awaitSeen(file.rows.size(), Duration.ofSeconds(60)))
                    .as("the live reader saw all rows (it saw %d)", reader.seen()).isTrue();
            reader.close();
            Checker.Verdict verdict = Checker.check(Topic.readCommitted(name, 0), file.rows, reader.samples(),
                    checkpoint.read(), true, reader);
            // each reset is recovered inside the stream (a ranged GET at the byte reached), not timed separately
            System.out.println(name + ": job took " + (done - started) / 1_000_000 + " ms with " + targets.size() + " resets");
            ChaosResults.record("s3-reset", targets.size(), verdict, 0);
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
        }
    }

    private void replaced(String name, long seed) throws Exception {
        int rows = 64_000; // about 1.7 MB: more than the framer's first 1 MiB read
        CsvData old = CsvData.generate(rows, seed);
        CsvData replacement = CsvData.generate(rows, seed + 1);
        Map<String, String> env = SharedStack.environment();
        SharedStack.get().s3().createBucket("chaos");
        String key = name + ".csv";
        String oldEtag = SharedStack.get().s3().putObject("chaos", key, old.write(dir, "old.csv"));
        SharedStack.get().kafka().createTopic(name, 1);
        // The proxy sets the pace (16 KiB every 100 ms, slower than the processor reads at 10,000 rows/s), so that
        // it is never far ahead of what the processor has read: whatever the reader's buffer sizes, the forced reopen
        // at the first row after byte 1,200,000 comes about 7 s in, and the new version is uploaded right after the
        // first commit, long before.
        long reopenAt = rowStartAfter(old.bytes, 1_200_000);

        URI s3 = URI.create(env.get("S3_ENDPOINT"));
        Path checkpoints = dir.resolve("checkpoints");
        CheckpointReader checkpoint = CheckpointReader.directory(checkpoints, name);
        try (TcpProxy proxy = TcpProxy.start(s3.getHost(), s3.getPort());
             PrefixReader reader = PrefixReader.start(SharedStack.bootstrap(), name, old.rows, checkpoint)) {
            proxy.drainMillis(200);
            proxy.delay(100);
            proxy.resetHttpBodyAt(reopenAt);
            String[] args = {"run", "--source", "s3://chaos/" + key, "--topic", name, "--job-id", name,
                    "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(),
                    "--s3-endpoint", "http://" + proxy.address(), "--checkpoint-dir", checkpoints.toString(),
                    "--transaction-rows", "500"};
            List<String> throttled = new ArrayList<>(List.of(args));
            throttled.addAll(List.of("--max-rows-per-second", "10000"));
            long started = System.nanoTime();
            Processor p = Processor.start(dir, env, throttled.toArray(String[]::new));
            Processor.Result result;
            String newEtag;
            try {
                assertThat(reader.awaitSeen(500, Duration.ofSeconds(60))).as(p.output()).isTrue();
                newEtag = SharedStack.get().s3().putObject("chaos", key, replacement.write(dir, "new.csv"));
                long replacedAt = System.nanoTime();
                assertThat(newEtag).isNotEqualTo(oldEtag);
                // the proxy cuts the connection as soon as it has forwarded the byte (the rest is in socket buffers);
                // the processor reopens when it has read that far
                assertThat(p.events().reopenedAt()).as("the object was replaced before the processor reopened the stream")
                        .isEmpty();
                result = p.await(120);
                System.out.println(name + ": replaced " + (replacedAt - started) / 1_000_000 + " ms after the start");
            } finally {
                if (p.alive()) {
                    p.kill9();
                }
            }
            assertThat(proxy.httpBodyResets()).containsExactly(reopenAt);
            assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
            // the forced reopen (at the byte the processor had read when the reset reached it)
            assertThat(result.events().reopenedAt()).as("the forced reopen:\n%s", result.events()).isNotEmpty();
            assertThat(result.events().failure()).as("the error names the change and what to do")
                    .contains("changed since the job started")
                    .contains("a job transfers one version")
                    .contains("new --job-id");

            // a rerun of the same job on the changed object is refused, and sends nothing
            int before = Topic.readCommitted(name, 0).size();
            Processor.Result rerun = Processor.run(dir, env, 60, args);
            assertThat(rerun.exitCode()).as(rerun.output()).isEqualTo(1);
            assertThat(rerun.events().failure()).as(rerun.output()).contains("changed since the job started")
                    .contains("new --job-id");
            List<Topic.Rec> records = Topic.readCommitted(name, 0);
            assertThat(records).as("the refused rerun sent nothing").hasSize(before);
            assertThat(records.size()).as("the old version was streamed until the forced reopen, not completed")
                    .isPositive().isLessThan(rows);
            // not one row of the new version (rows of the two versions differ in their random names)
            List<String> newRows = replacement.rows;
            for (Topic.Rec r : records) {
                int row = Integer.parseInt(r.headers().get("csv.row"));
                if (!newRows.get(row - 1).equals(old.rows.get(row - 1))) {
                    assertThat(r.value()).as("row %d is the old version's", row).isNotEqualTo(newRows.get(row - 1));
                }
            }
            assertThat(reader.awaitSeen(records.size(), Duration.ofSeconds(30))).isTrue();
            reader.close();
            Checker.Verdict verdict = Checker.checkPrefix(records, old.rows, reader.samples(), checkpoint.read(),
                    true, reader);
            System.out.println(name + ": " + records.size() + " rows of the old version committed; exit "
                    + result.exitCode() + ": " + result.events().failure() + "; rerun: " + rerun.events().failure());
            ChaosResults.record("s3-replaced", 1, verdict, 0);
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
        }
    }

    /** Byte offset of the first row that starts at or after {@code from} in a file of {@link CsvData#generate}. */
    private static long rowStartAfter(byte[] bytes, long from) {
        // CsvData quotes embedded newlines; a row starts after a line end outside quotes
        boolean quoted = false;
        for (int i = 0; i < bytes.length - 1; i++) {
            byte b = bytes[i];
            if (b == '"') {
                quoted = !quoted;
            } else if (b == '\n' && !quoted && i + 1 >= from) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no row starts after byte " + from);
    }

    /**
     * A file whose layout is known byte by byte: rows of three fields, often a long quoted field holding
     * embedded LF and CRLF (plus delimiters and doubled quotes), LF and CRLF row ends.
     */
    static final class Layout {
        final List<String> rows = new ArrayList<>();
        final byte[] bytes;
        /** Per row: first byte, end (exclusive, before the row end), row end length (1 LF, 2 CRLF). */
        final List<long[]> spans = new ArrayList<>();
        /** Quoted fields with an embedded newline: [opening quote, closing quote] offsets. */
        final List<long[]> multiline = new ArrayList<>();

        private Layout(byte[] bytes) {
            this.bytes = bytes;
        }

        static Layout generate(int count, Random random) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> rows = new ArrayList<>();
            List<long[]> spans = new ArrayList<>();
            List<long[]> multiline = new ArrayList<>();
            byte[] header = (CsvData.HEADER + "\n").getBytes(StandardCharsets.UTF_8);
            out.writeBytes(header);
            for (int i = 1; i <= count; i++) {
                String prefix = i + ",name-" + Integer.toString(random.nextInt(1 << 20), 36) + ",";
                String note;
                boolean multi = random.nextInt(3) != 0; // two rows in three hold a multi-line field
                if (multi) {
                    StringBuilder q = new StringBuilder("\"");
                    int lines = 2 + random.nextInt(3);
                    for (int l = 0; l < lines; l++) {
                        if (l > 0) {
                            q.append(random.nextBoolean() ? "\n" : "\r\n");
                        }
                        q.append("line ").append(l).append(", say \"\"x\"\" ").append("é".repeat(random.nextInt(3)))
                                .append("-".repeat(10 + random.nextInt(40)));
                    }
                    note = q.append('"').toString();
                } else {
                    note = random.nextBoolean() ? "plain" : "\"a, b\"";
                }
                String row = prefix + note;
                long start = out.size();
                byte[] rowBytes = row.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(rowBytes);
                if (multi) {
                    long open = start + prefix.getBytes(StandardCharsets.UTF_8).length;
                    multiline.add(new long[] {open, start + rowBytes.length - 1});
                }
                boolean crlf = random.nextInt(3) == 0;
                out.writeBytes((crlf ? "\r\n" : "\n").getBytes(StandardCharsets.UTF_8));
                spans.add(new long[] {start, start + rowBytes.length, crlf ? 2 : 1});
                rows.add(row);
            }
            Layout layout = new Layout(out.toByteArray());
            layout.rows.addAll(rows);
            layout.spans.addAll(spans);
            layout.multiline.addAll(multiline);
            return layout;
        }

        Path write(Path dir, String name) throws java.io.IOException {
            return Files.write(dir.resolve(name), bytes);
        }

        /** The first offset at or after {@code from} where a break is of the given kind. */
        long next(Break kind, long from) {
            if (kind == Break.INSIDE_QUOTED_NEWLINE_FIELD) {
                for (long[] q : multiline) {
                    // right after an embedded LF: the bytes before look like a whole row to a reader that forgot
                    // it is inside quotes
                    for (long i = q[0] + 1; i < q[1]; i++) {
                        if (bytes[(int) i] == '\n' && i + 1 >= from) {
                            return i + 1;
                        }
                    }
                }
                throw new IllegalArgumentException("no " + kind + " after " + from);
            }
            for (long[] span : spans) {
                long start = span[0];
                long end = span[1];
                switch (kind) {
                    case BETWEEN_ROWS -> {
                        if (start >= from) {
                            return start; // the previous row's end read, nothing of this one
                        }
                    }
                    case INSIDE_CRLF_ROW_END -> {
                        if (span[2] == 2 && end + 1 >= from) {
                            return end + 1; // between the row's CR and LF
                        }
                    }
                    case INSIDE_ROW -> {
                        if (start + 3 >= from) {
                            return start + 3; // inside the row's first fields
                        }
                    }
                    default -> throw new IllegalArgumentException(kind.toString());
                }
            }
            throw new IllegalArgumentException("no " + kind + " after " + from);
        }

        /** What lies at a break at {@code offset} (the first byte not yet delivered). */
        Break classify(long offset) {
            for (long[] span : spans) {
                long start = span[0];
                long end = span[1];
                if (offset == start) {
                    return Break.BETWEEN_ROWS;
                }
                if (offset > start && offset < end) {
                    for (long[] q : multiline) {
                        if (offset > q[0] && offset <= q[1]) {
                            return Break.INSIDE_QUOTED_NEWLINE_FIELD;
                        }
                    }
                    return Break.INSIDE_ROW;
                }
                if (offset == end) {
                    return Break.INSIDE_ROW; // before its row end: the row is not complete yet
                }
                if (offset > end && offset < end + span[2]) {
                    return Break.INSIDE_CRLF_ROW_END;
                }
            }
            throw new IllegalArgumentException("offset " + offset + " is in no row");
        }
    }
}
