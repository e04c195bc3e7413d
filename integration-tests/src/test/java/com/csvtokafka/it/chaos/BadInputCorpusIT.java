package com.csvtokafka.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.Processor;
import com.csvtokafka.it.SharedStack;
import com.csvtokafka.it.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 11: every file of the bad-input corpus ({@code src/test/resources/bad-input}, described by its
 * {@code manifest.tsv} and docs/bad-input.md) under each {@code --on-bad-row} policy, the three at once:
 * <ul>
 * <li>fail: exit 1 naming the first bad row and its byte offset; exactly the good rows before it sent, once;</li>
 * <li>skip: exit 0; every good row sent in order, the bad ones counted in the checkpoint and logged with row
 *     and offset;</li>
 * <li>dlq: exit 0; every good row sent; each bad row's raw bytes in the dead-letter topic with its row, offset
 *     and reason;</li>
 * <li>a fatal file (no usable header) stops every policy with exit 1 before anything is sent.</li>
 * </ul>
 * Sent records are checked against the file itself: record i carries the i-th good row number, and its value
 * is exactly the file's bytes at its {@code csv.offset}, followed by a line end or the end of the file.
 */
class BadInputCorpusIT {
    private static final String[] POLICIES = {"fail", "skip", "dlq"};
    private static final ExecutorService POOL = Executors.newFixedThreadPool(POLICIES.length);
    private static final AtomicInteger RUN = new AtomicInteger();

    @TempDir
    Path dir;

    /** One line of manifest.tsv. */
    record Case(String file, List<Long> good, List<Long> bad, long offset, String fatal, String error,
                String description) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : resource("manifest.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            cases.add(new Case(f[0], ranges(f[1]), ranges(f[2]), f[3].equals("-") ? -1 : Long.parseLong(f[3]),
                    dash(f[4]), dash(f[5]), f[6]));
        }
        return cases.stream();
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Test
    void theCorpusHasAtLeastThirtyFilesEachInTheManifest() throws IOException {
        List<Case> cases = corpus().toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        for (Case c : cases) {
            assertThat(BadInputCorpusIT.class.getResource("/bad-input/" + c.file())).as(c.file()).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachPolicyGivesTheDocumentedResult(Case c) throws Exception {
        byte[] raw = bytes(c.file());
        Path file = Files.write(dir.resolve(c.file()), raw);
        byte[] bytes = decoded(raw); // what the rows are read from: a gzip file's content
        List<Future<Void>> runs = new ArrayList<>();
        for (String policy : policiesFor(c)) {
            runs.add(POOL.submit(() -> {
                runAndCheck(c, policy, file, bytes);
                return null;
            }));
        }
        for (Future<Void> run : runs) {
            run.get();
        }
    }

    /** A 10 MB quoted field (made here, not committed) is one record when the topic accepts records that big. */
    @Test
    void aTenMegabyteFieldIsOneRecordWhenTheTopicTakesIt() throws Exception {
        String big = "2,big,\"" + "x,\n\"\"".repeat(10 * 1024 * 1024 / 5) + "\"";
        byte[] bytes = ("id,name,note\n1,a,x\n" + big + "\n3,c,z\n").getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("ten-mb-field.csv"), bytes);
        createTopic("corpus-ten-mb", 16 * 1024 * 1024);
        Processor.Result result = Processor.run(dir, SharedStack.environment(), 120, "run", "--source", file.toString(),
                "--topic", "corpus-ten-mb", "--job-id", "corpus-ten-mb", "--format", "csv",
                "--bootstrap-servers", SharedStack.bootstrap(), "--checkpoint-dir", dir.resolve("ck").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<Topic.Rec> sent = Topic.readCommitted("corpus-ten-mb", 0);
        assertSent(sent, List.of(1L, 2L, 3L), bytes, "ten-mb-field.csv");
        assertThat(sent.get(1).value()).isEqualTo(big);
    }

    /**
     * A row the broker refuses as larger than the topic's max.message.bytes (after compression) is a bad row
     * under each policy, not a hang or a crash.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aRowLargerThanTheTopicsMaxMessageSizeIsABadRow(String policy) throws Exception {
        // incompressible: the broker's limit applies to the compressed batch, and 5 KB of one letter would fit
        java.util.Random random = new java.util.Random(5);
        StringBuilder noise = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            noise.append((char) ('a' + random.nextInt(26)));
        }
        String big = "2,big," + noise;
        byte[] bytes = ("id,name,note\n1,a,x\n" + big + "\n3,c,z\n").getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("too-large.csv"), bytes);
        String topic = "corpus-too-large-" + policy;
        createTopic(topic, 2048);
        List<String> args = new ArrayList<>(List.of("run", "--source", file.toString(), "--topic", topic,
                "--job-id", topic, "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(),
                "--checkpoint-dir", dir.resolve("ck").toString(), "--on-bad-row",
                policy.equals("dlq") ? "dlq:" + topic + "-dlq" : policy));
        if (policy.equals("dlq")) {
            createTopic(topic + "-dlq");
        }
        Processor.Result result = Processor.run(dir, SharedStack.environment(), 120, args.toArray(String[]::new));
        String what = "too-large.csv under " + policy + ":\n" + result.output();
        List<Topic.Rec> sent = Topic.readCommitted(topic, 0);
        if (policy.equals("fail")) {
            assertThat(result.exitCode()).as(what).isEqualTo(1);
            assertThat(result.events().failure()).as(what).contains("bad row 2 at byte offset 19")
                    .contains("max.message.bytes");
            assertSent(sent, List.of(1L), bytes, what);
            return;
        }
        assertThat(result.exitCode()).as(what).isZero();
        assertSent(sent, List.of(1L, 3L), bytes, what);
        assertThat(result.events().badRows()).as(what).containsExactly(2L);
        assertThat(result.events().badRowActions()).as(what)
                .containsExactly(policy.equals("dlq") ? "dead-lettered" : "skipped");
        if (policy.equals("dlq")) {
            List<Topic.Rec> dead = Topic.readCommitted(topic + "-dlq", 0);
            assertThat(dead).as(what).hasSize(1);
            // the dead-letter topic has its own (default) limit: the whole row fits there
            assertThat(dead.get(0).headers()).as(what).doesNotContainKey("csv.truncated");
            assertThat(dead.get(0).value()).as(what).isEqualTo(big);
            assertThat(dead.get(0).headers()).as(what).containsEntry("csv.row", "2").containsEntry("csv.offset", "19");
        }
    }

    /** A row longer than --max-row-bytes stops every policy: the next row's start cannot be found without it. */
    @Test
    void aRowLongerThanMaxRowBytesIsFatalEvenUnderSkip() throws Exception {
        assertMaxRowBytesIsFatal(200_000, 100_000, false);
    }

    /** As under --on-bad-row fail, the rows before the fatal row should be committed once. */
    @Test
    void theRowsBeforeARowLongerThanMaxRowBytesAreCommitted() throws Exception {
        assertMaxRowBytesIsFatal(200_000, 100_000, true);
    }

    /** The same for a limit below the framer's 64 KB buffer, which the engine only checks when the buffer grows. */
    @Test
    void aRowLongerThanASmallMaxRowBytesIsFatalEvenUnderSkip() throws Exception {
        assertMaxRowBytesIsFatal(4000, 1024, false);
    }

    private void assertMaxRowBytesIsFatal(int rowBytes, int limit, boolean rowsBeforeCommitted) throws Exception {
        byte[] bytes = ("id,name,note\n1,a,x\n2,long,\"" + "z".repeat(rowBytes) + "\"\n3,c,y\n").getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("longer-than-max-row-bytes.csv"), bytes);
        String topic = "corpus-max-row-bytes-" + limit + (rowsBeforeCommitted ? "-committed" : "");
        createTopic(topic);
        Processor.Result result = Processor.run(dir, SharedStack.environment(), 120, "run", "--source", file.toString(),
                "--topic", topic, "--job-id", topic, "--format", "csv",
                "--bootstrap-servers", SharedStack.bootstrap(), "--checkpoint-dir", dir.resolve("ck").toString(),
                "--max-row-bytes", Integer.toString(limit), "--on-bad-row", "skip");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.events().failure()).as(result.output()).contains("row 2 at byte offset 19")
                .contains("--max-row-bytes");
        List<Topic.Rec> sent = Topic.readCommitted(topic, 0);
        if (rowsBeforeCommitted) {
            assertSent(sent, List.of(1L), bytes, result.output());
        } else {
            assertThat(sent.stream().map(r -> r.headers().get("csv.row"))).as("nothing from the long row on")
                    .isSubsetOf("1");
        }
    }

    static Stream<String> policies() {
        return Stream.of(POLICIES);
    }

    /**
     * Where the policy decides something (bad rows, a fatal file), all three; a file without bad rows gives the
     * same result under each, so CI runs it under fail only and {@code -Dchaos.corpus=full} under all three.
     */
    private static List<String> policiesFor(Case c) {
        boolean full = "full".equals(System.getProperty("chaos.corpus"));
        return full || !c.bad().isEmpty() || c.fatal() != null ? List.of(POLICIES) : List.of("fail");
    }

    /** Creates a one-partition topic; retried, as the broker's metadata can lag concurrent creations. */
    private static void createTopic(String name) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                SharedStack.get().kafka().createTopic(name, 1);
                return;
            } catch (RuntimeException e) {
                if (attempt > 1 && String.valueOf(e.getMessage()).contains("TopicExists")) {
                    return; // the first attempt created it before failing to see its leader
                }
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private void runAndCheck(Case c, String policy, Path file, byte[] bytes) throws Exception {
        String name = "corpus-" + RUN.incrementAndGet() + "-" + policy;
        createTopic(name);
        List<String> args = new ArrayList<>(List.of("run", "--source", file.toString(), "--topic", name,
                "--job-id", name, "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(),
                "--checkpoint-dir", dir.resolve("ck-" + policy).toString()));
        String dlq = name + "-dlq";
        if (policy.equals("dlq")) {
            createTopic(dlq);
            args.addAll(List.of("--on-bad-row", "dlq:" + dlq));
        } else {
            args.addAll(List.of("--on-bad-row", policy));
        }
        // C1-only JIT and the serial GC: these runs are mostly JVM start, on CI machines with few cores
        Processor.Result result = Processor.start(dir, SharedStack.environment(),
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), args.toArray(String[]::new)).await(120);
        String what = c.file() + " under " + policy + ":\n" + result.output();
        List<Topic.Rec> sent = Topic.readCommitted(name, 0);
        if (c.fatal() != null) {
            boolean usage = c.fatal().matches("2 .*"); // not CSV at all: a usage error
            assertThat(result.exitCode()).as(what).isEqualTo(usage ? 2 : 1);
            assertThat(result.events().failure()).as(what).contains(usage ? c.fatal().substring(2) : c.fatal());
            assertThat(sent).as(what).isEmpty();
            return;
        }
        long firstBad = c.bad().isEmpty() ? Long.MAX_VALUE : c.bad().get(0);
        String where = "bad row " + firstBad + " at byte offset " + c.offset();
        Optional<CheckpointReader.State> checkpoint =
                CheckpointReader.directory(dir.resolve("ck-" + policy), name).read();
        if (policy.equals("fail") && !c.bad().isEmpty()) {
            assertThat(result.exitCode()).as(what).isEqualTo(1);
            assertThat(result.events().failure()).as(what).contains(where).contains(c.error());
            assertThat(result.events().badRows()).as(what).containsExactly(firstBad);
            assertThat(result.events().badRowActions()).as(what).containsExactly("failed");
            assertSent(sent, c.good().stream().filter(r -> r < firstBad).toList(), bytes, what);
            assertThat(checkpoint).as(what).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo("FAILED"));
            return;
        }
        assertThat(result.exitCode()).as(what).isZero();
        assertSent(sent, c.good(), bytes, what);
        assertThat(checkpoint).as(what).hasValueSatisfying(s -> {
            assertThat(s.status()).isEqualTo("COMPLETED");
            assertThat(s.totalSent()).isEqualTo(c.good().size());
        });
        // every bad row reported with its row number; the first one with its byte offset
        assertThat(result.events().badRows()).as(what).containsExactlyElementsOf(c.bad());
        assertThat(result.events().badRowActions()).as(what)
                .allMatch(a -> a.equals(policy.equals("dlq") ? "dead-lettered" : "skipped"));
        if (!c.bad().isEmpty()) {
            assertThat(result.events().first("bad_row").orElseThrow().path("offset").asLong()).as(what)
                    .isEqualTo(c.offset());
        }
        if (policy.equals("dlq")) {
            List<Topic.Rec> dead = Topic.readCommitted(dlq, 0);
            assertThat(dead.stream().map(r -> Long.parseLong(r.headers().get("csv.row")))).as(what)
                    .containsExactlyElementsOf(c.bad());
            for (Topic.Rec r : dead) {
                assertThat(r.headers().get("csv.error")).as(what).isNotBlank();
                assertRawRow(r, bytes, 0, what);
            }
            if (!dead.isEmpty()) {
                assertThat(dead.get(0).headers()).as(what).containsEntry("csv.offset", Long.toString(c.offset()))
                        .hasEntrySatisfying("csv.error", e -> assertThat(e).contains(c.error()));
            }
        }
    }

    /** The records are exactly the expected rows, in order, each the file's own bytes. */
    private static byte[] decoded(byte[] file) throws java.io.IOException {
        if (file.length < 2 || (file[0] & 0xff) != 0x1f || (file[1] & 0xff) != 0x8b) {
            return file;
        }
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static void assertSent(List<Topic.Rec> sent, List<Long> rows, byte[] file, String what) {
        assertThat(sent.stream().map(r -> Long.parseLong(r.headers().get("csv.row")))).as(what)
                .containsExactlyElementsOf(rows);
        int from = 0;
        for (Topic.Rec r : sent) {
            from = assertRawRow(r, file, from, what) + 1;
        }
    }

    /**
     * The value is the file's bytes from a row start (its csv.offset when it carries one, else the first line
     * start from {@code from} that fits) up to a line end or the end of the file. Returns where the row starts.
     */
    private static int assertRawRow(Topic.Rec r, byte[] file, int from, String what) {
        String offset = r.headers().get("csv.offset");
        if (offset != null) {
            int at = Integer.parseInt(offset);
            assertThat(rowAt(file, at, r.value())).as("row %s of %s is the file's bytes at offset %d",
                    r.headers().get("csv.row"), what, at).isTrue();
            return at;
        }
        for (int at = from; at < file.length; at++) {
            if ((at == 0 || file[at - 1] == '\n') && rowAt(file, at, r.value())) {
                return at;
            }
        }
        throw new AssertionError("row " + r.headers().get("csv.row") + " '" + r.value() + "' is not a row of the file "
                + "after byte " + from + ": " + what);
    }

    /** Whether the file holds the row {@code value} at {@code offset}, ending at a line end or the file's end. */
    private static boolean rowAt(byte[] file, int offset, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        if (offset + v.length <= file.length && Arrays.equals(file, offset, offset + v.length, v, 0, v.length)) {
            return endsRow(file, offset + v.length);
        }
        if (value.indexOf('\uFFFD') < 0) {
            return false;
        }
        // a dead letter's raw bytes that are not UTF-8 do not survive decoding: compare decoded slices instead
        for (int end = offset; end <= file.length; end++) {
            if (endsRow(file, end) && new String(file, offset, end - offset, StandardCharsets.UTF_8).equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsRow(byte[] file, int end) {
        return end == file.length || file[end] == '\n'
                || file[end] == '\r' && end + 1 < file.length && file[end + 1] == '\n';
    }

    private static void createTopic(String name, int maxMessageBytes) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedStack.bootstrap());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(1), Optional.empty())
                    .configs(Map.of("max.message.bytes", Integer.toString(maxMessageBytes))))).all().get();
        }
    }

    private static String resource(String name) throws IOException {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = BadInputCorpusIT.class.getResourceAsStream("/bad-input/" + name)) {
            if (in == null) {
                throw new IOException("no test resource bad-input/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static List<Long> ranges(String spec) {
        List<Long> rows = new ArrayList<>();
        if (spec.equals("-")) {
            return rows;
        }
        for (String part : spec.split(",")) {
            String[] ends = part.split("-");
            long from = Long.parseLong(ends[0]);
            long to = ends.length > 1 ? Long.parseLong(ends[1]) : from;
            for (long r = from; r <= to; r++) {
                rows.add(r);
            }
        }
        return rows;
    }

    private static String dash(String s) {
        return s.equals("-") ? null : s;
    }
}
