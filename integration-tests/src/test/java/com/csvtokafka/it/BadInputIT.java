package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each --on-bad-row policy against real Kafka: clear error with row and byte offset; nothing lost or doubled. */
class BadInputIT {
    private static final List<String> GOOD_BEFORE = List.of("1,a,x", "2,\"b, c\",y", "3,ü,\"z\nz\"");
    private static final List<String> GOOD_AFTER = List.of("5,d,w", "6,e,v");

    @TempDir
    Path dir;

    private static Map<String, String> env() {
        return SharedStack.environment();
    }

    /** The file with {@code bad} as row 4; returns the file and the byte offset where row 4 starts. */
    private record BadFile(Path path, long badOffset) {
    }

    private BadFile file(byte[] bad) throws Exception {
        StringBuilder head = new StringBuilder("id,name,note\n");
        GOOD_BEFORE.forEach(r -> head.append(r).append('\n'));
        byte[] before = head.toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder tail = new StringBuilder("\n");
        GOOD_AFTER.forEach(r -> tail.append(r).append('\n'));
        byte[] after = tail.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[before.length + bad.length + after.length];
        System.arraycopy(before, 0, all, 0, before.length);
        System.arraycopy(bad, 0, all, before.length, bad.length);
        System.arraycopy(after, 0, all, before.length + bad.length, after.length);
        Path path = Files.write(dir.resolve("bad.csv"), all);
        return new BadFile(path, before.length);
    }

    private Processor.Result run(BadFile f, String topic, String job, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--source", f.path().toString(), "--topic", topic,
                "--job-id", job, "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(),
                "--checkpoint-dir", dir.resolve("ck").toString()));
        args.addAll(List.of(extra));
        return Processor.run(dir, env(), 60, args.toArray(String[]::new));
    }

    @Test
    void failStopsAtTheBadRowNamingRowAndOffsetWithEverythingBeforeCommittedOnce() throws Exception {
        BadFile f = file("4,too,many,fields".getBytes(StandardCharsets.UTF_8));
        SharedStack.get().kafka().createTopic("bad-fail", 1);
        Processor.Result first = run(f, "bad-fail", "bad-fail");
        assertThat(first.exitCode()).as(first.output()).isEqualTo(1);
        assertThat(first.events().failure()).as(first.output()).contains("bad row 4 at byte offset " + f.badOffset())
                .contains("expected 3 fields (as in the header), found 4");
        assertBadRow(first, 4, f.badOffset(), "failed");
        assertThat(Topic.values("bad-fail")).containsExactlyElementsOf(GOOD_BEFORE);
        Processor.Result again = run(f, "bad-fail", "bad-fail");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(Topic.values("bad-fail")).as("a rerun sends nothing twice").containsExactlyElementsOf(GOOD_BEFORE);
        assertThat(Files.readString(dir.resolve("ck/bad-fail.json"))).contains("FAILED").contains("bad row 4");
    }

    @Test
    void invalidUtf8IsABadRowWithTheOffsetOfTheBadByte() throws Exception {
        BadFile f = file(new byte[] {'4', ',', 'x', (byte) 0xC3, '(', ',', 'y'});
        SharedStack.get().kafka().createTopic("bad-utf8", 1);
        Processor.Result result = run(f, "bad-utf8", "bad-utf8");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.events().failure()).as(result.output()).contains("bad row 4 at byte offset " + f.badOffset())
                .contains("invalid UTF-8 byte sequence at byte offset " + (f.badOffset() + 3));
        assertThat(Topic.values("bad-utf8")).containsExactlyElementsOf(GOOD_BEFORE);
    }

    @Test
    void unterminatedQuoteAtEndOfFileFailsAfterCommittingTheRowsBefore() throws Exception {
        String text = "id,name,note\n1,a,x\n2,b,\"never closed\n3,c,d\n";
        Path path = Files.writeString(dir.resolve("open.csv"), text);
        SharedStack.get().kafka().createTopic("bad-quote", 1);
        Processor.Result result = run(new BadFile(path, 19), "bad-quote", "bad-quote");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.events().failure()).as(result.output()).contains("bad row 2 at byte offset 19")
                .contains("unterminated quoted field");
        assertThat(Topic.values("bad-quote")).containsExactly("1,a,x");
    }

    @Test
    void skipLogsAndCountsTheBadRowAndSendsTheRest() throws Exception {
        BadFile f = file("4,\"bad\"quote,x".getBytes(StandardCharsets.UTF_8));
        SharedStack.get().kafka().createTopic("bad-skip", 1);
        Processor.Result result = run(f, "bad-skip", "bad-skip", "--on-bad-row", "skip");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertBadRow(result, 4, f.badOffset(), "skipped");
        List<String> expected = new ArrayList<>(GOOD_BEFORE);
        expected.addAll(GOOD_AFTER);
        assertThat(Topic.values("bad-skip")).containsExactlyElementsOf(expected);
        assertThat(Files.readString(dir.resolve("ck/bad-skip.json"))).contains("\"skipped_rows\" : 1")
                .contains("\"total_sent\" : 5");
    }

    @Test
    void dlqSendsRawBytesAndTheReasonInTheSameTransaction() throws Exception {
        byte[] bad = "4,only-two".getBytes(StandardCharsets.UTF_8);
        BadFile f = file(bad);
        SharedStack.get().kafka().createTopic("bad-dlq", 1);
        SharedStack.get().kafka().createTopic("bad-dlq-dead", 1);
        Processor.Result result = run(f, "bad-dlq", "bad-dlq", "--on-bad-row", "dlq:bad-dlq-dead");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertBadRow(result, 4, f.badOffset(), "dead-lettered");
        List<String> expected = new ArrayList<>(GOOD_BEFORE);
        expected.addAll(GOOD_AFTER);
        assertThat(Topic.values("bad-dlq")).containsExactlyElementsOf(expected);
        List<Topic.Rec> dead = Topic.readCommitted("bad-dlq-dead", 0);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo("4,only-two");
        assertThat(dead.get(0).headers()).containsEntry("csv.row", "4")
                .containsEntry("csv.offset", Long.toString(f.badOffset()))
                .hasEntrySatisfying("csv.error", e -> assertThat(e).contains("expected 3 fields"));
    }

    @Test
    void aRowLargerThanTheTopicAcceptsIsAClearErrorNotAHang() throws Exception {
        // random text: lz4 cannot shrink it below the topic's limit, so the broker refuses it
        java.util.Random random = new java.util.Random(5);
        StringBuilder noise = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            noise.append((char) ('a' + random.nextInt(26)));
        }
        String big = "4,big,\"" + noise + "\"";
        BadFile f = file(big.getBytes(StandardCharsets.UTF_8));
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedStack.bootstrap());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic("bad-large", Optional.of(1), Optional.empty())
                    .configs(Map.of("max.message.bytes", "2048")))).all().get();
        }
        Processor.Result result = run(f, "bad-large", "bad-large");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.events().failure()).as(result.output()).contains("bad row 4 at byte offset " + f.badOffset())
                .contains("max.message.bytes");
        assertThat(Topic.values("bad-large")).containsExactlyElementsOf(GOOD_BEFORE);

        Processor.Result skipped = run(f, "bad-large", "bad-large", "--on-bad-row", "skip");
        assertThat(skipped.exitCode()).as(skipped.output()).isZero();
        assertThat(skipped.events().first("refused_too_large")).as(skipped.events().toString()).hasValueSatisfying(
                refused -> assertThat(refused.path("rows").path(0).path("offset").asLong()).isEqualTo(f.badOffset()));
        assertThat(EventsDocument.problems(result.events())).isEmpty();
        assertThat(EventsDocument.problems(skipped.events())).isEmpty();
        assertBadRow(skipped, 4, f.badOffset(), "skipped");
        List<String> expected = new ArrayList<>(GOOD_BEFORE);
        expected.addAll(GOOD_AFTER);
        assertThat(Topic.values("bad-large")).containsExactlyElementsOf(expected);
    }

    /** The run reported exactly one bad row, {@code row} at {@code offset}, and what it did with it. */
    private static void assertBadRow(Processor.Result result, long row, long offset, String action) {
        List<JsonNode> bad = result.events().named("bad_row");
        assertThat(bad).as(result.events().toString()).hasSize(1);
        assertThat(bad.get(0).path("row").asLong()).isEqualTo(row);
        assertThat(bad.get(0).path("offset").asLong()).isEqualTo(offset);
        assertThat(bad.get(0).path("action").asText()).isEqualTo(action);
        assertThat(bad.get(0).path("error").asText()).isNotBlank();
    }

    @Test
    void aLargeRowThatCompressesBelowTheTopicLimitIsSent() throws Exception {
        String big = "4,big,\"" + "x".repeat(1_100_000) + "\"";
        BadFile f = file(big.getBytes(StandardCharsets.UTF_8));
        SharedStack.get().kafka().createTopic("large-ok", 1);
        Processor.Result result = run(f, "large-ok", "large-ok");
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> values = Topic.values("large-ok");
        assertThat(values).hasSize(6);
        assertThat(values.get(3)).isEqualTo(big);
    }
}
