package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused rerun's way out, followed exactly as the refusal prints it: {@code reset}, then the same run again. The
 * topic must then hold the earlier run's rows and, after them, every row of the new run once, in file order.
 */
class StartOverIT {
    private static final Pattern RESET = Pattern.compile("`csv-to-kafka (reset --job-id \\S+)`");

    @TempDir
    Path dir;

    private String[] run(Path source, String topic, String job, String... more) {
        return Processor.runArgs(dir.resolve("ck"), source, topic, job, more);
    }

    /** Does what the refusal says: the printed reset command, with the run's checkpoint options (and --yes: no terminal). */
    private void followTheHint(Processor.Result refused) throws Exception {
        followTheHint(refused, List.of("--checkpoint-dir", dir.resolve("ck").toString()));
    }

    private void followTheHint(Processor.Result refused, List<String> checkpointOptions) throws Exception {
        Matcher m = RESET.matcher(refused.output());
        assertThat(m.find()).as("the refusal names the reset command: %s", refused.output()).isTrue();
        assertThat(refused.output()).contains("with this run's checkpoint options")
                .contains("which will then hold both the earlier and the new rows");
        List<String> reset = new ArrayList<>(Arrays.asList(m.group(1).split(" ")));
        reset.addAll(checkpointOptions);
        reset.add("--yes");
        Processor.Result done = Processor.run(dir, SharedStack.environment(), 60, reset.toArray(String[]::new));
        assertThat(done.exitCode()).as(done.output()).isZero();
        assertThat(done.stdout()).contains("its next run starts over from the first row");
    }

    private static List<String> values(String topic) {
        return Topic.readCommitted(topic, 0).stream().map(Topic.Rec::value).toList();
    }

    @Test
    void aChangedDelimiter() throws Exception {
        Map<String, String> env = SharedStack.environment();
        Path file = Files.writeString(dir.resolve("d.csv"), "id,name;city\n1,a;x\n2,b;y\n3,c;z\n");
        SharedStack.get().kafka().createTopic("start-over-delimiter", 1);
        Processor.Result first = Processor.run(dir, env, 60, run(file, "start-over-delimiter", "so-d"));
        assertThat(first.exitCode()).as(first.output()).isZero();

        Processor.Result refused = Processor.run(dir, env, 60, run(file, "start-over-delimiter", "so-d",
                "--delimiter", ";"));
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("--delimiter was ',', now ';'").contains("the 3 records it sent stay in "
                + "topic start-over-delimiter");
        followTheHint(refused);

        Processor.Result again = Processor.run(dir, env, 60, run(file, "start-over-delimiter", "so-d", "--delimiter", ";"));
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(values("start-over-delimiter")).containsExactly(
                "{\"id\":\"1\",\"name;city\":\"a;x\"}", "{\"id\":\"2\",\"name;city\":\"b;y\"}",
                "{\"id\":\"3\",\"name;city\":\"c;z\"}",
                "{\"id,name\":\"1,a\",\"city\":\"x\"}", "{\"id,name\":\"2,b\",\"city\":\"y\"}",
                "{\"id,name\":\"3,c\",\"city\":\"z\"}");
        Processor.Result noop = Processor.run(dir, env, 60, run(file, "start-over-delimiter", "so-d", "--delimiter", ";"));
        assertThat(noop.exitCode()).as(noop.output()).isZero();
        assertThat(values("start-over-delimiter")).as("a finished new generation sends nothing more").hasSize(6);
    }

    @Test
    void aFileThatGrew() throws Exception {
        Map<String, String> env = SharedStack.environment();
        Path file = Files.writeString(dir.resolve("g.csv"), "id\n1\n2\n3\n");
        SharedStack.get().kafka().createTopic("start-over-grown", 1);
        Processor.Result first = Processor.run(dir, env, 60, run(file, "start-over-grown", "so-g", "--format", "csv"));
        assertThat(first.exitCode()).as(first.output()).isZero();

        Files.writeString(file, "4\n5\n", java.nio.file.StandardOpenOption.APPEND);
        Processor.Result refused = Processor.run(dir, env, 60, run(file, "start-over-grown", "so-g", "--format", "csv"));
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("the source changed since the job started");
        followTheHint(refused);

        Processor.Result again = Processor.run(dir, env, 60, run(file, "start-over-grown", "so-g", "--format", "csv"));
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(values("start-over-grown")).containsExactly("1", "2", "3", "1", "2", "3", "4", "5");
        verifyTheNewestRun(file, "start-over-grown", "so-g");
    }

    /** verify, with and without --job-id, compares the newest run with the file and says what it left out. */
    private void verifyTheNewestRun(Path file, String topic, String job) throws Exception {
        for (List<String> jobOption : List.of(List.<String>of(), List.of("--job-id", job))) {
            List<String> args = new ArrayList<>(List.of("verify", "--source", file.toString(), "--topic", topic,
                    "--bootstrap-servers", SharedStack.bootstrap(), "--format", "csv"));
            args.addAll(jobOption);
            Processor.Result verified = Processor.run(dir, SharedStack.environment(), 60, args.toArray(String[]::new));
            assertThat(verified.exitCode()).as("%s\n%s", args, verified.output()).isZero();
            assertThat(verified.stdout()).contains("RESET: job").contains("are not compared")
                    .contains("VERDICT: OK");
        }
    }

    @Test
    void aTruncatedGzipReplacedByTheWholeFile() throws Exception {
        Map<String, String> env = SharedStack.environment();
        StringBuilder text = new StringBuilder("id,v\n");
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 20_000; i++) {
            rows.add(i + ",value-" + (i * 7919 % 10007));
            text.append(rows.get(i - 1)).append('\n');
        }
        byte[] whole = gzip(text.toString().getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("t.csv.gz");
        Files.write(file, Arrays.copyOf(whole, whole.length * 2 / 3));
        SharedStack.get().kafka().createTopic("start-over-gzip", 1);
        Processor.Result truncated = Processor.run(dir, env, 120, run(file, "start-over-gzip", "so-t", "--format", "csv",
                "--transaction-rows", "1000"));
        assertThat(truncated.exitCode()).as(truncated.output()).isEqualTo(1);
        List<String> partial = values("start-over-gzip");
        assertThat(rows).as("the rows sent before the truncation, in order").startsWith(partial.toArray(String[]::new));

        Files.write(file, whole);
        Processor.Result refused = Processor.run(dir, env, 60, run(file, "start-over-gzip", "so-t", "--format", "csv"));
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        followTheHint(refused);

        Processor.Result again = Processor.run(dir, env, 120, run(file, "start-over-gzip", "so-t", "--format", "csv"));
        assertThat(again.exitCode()).as(again.output()).isZero();
        List<String> expected = new ArrayList<>(partial);
        expected.addAll(rows);
        assertThat(values("start-over-gzip")).containsExactlyElementsOf(expected);
        verifyTheNewestRun(file, "start-over-gzip", "so-t");
    }

    @Test
    void aKeyedJobWithItsCheckpointsInDynamoDbWhoseFileGrew() throws Exception {
        Map<String, String> env = SharedStack.environment();
        List<String> store = List.of("--checkpoint-table", "start-over-it", "--dynamodb-endpoint",
                env.get("DYNAMODB_ENDPOINT"));
        CsvData before = KeyedRows.customers(300, 20, 7);
        Path file = dir.resolve("k.csv");
        Files.write(file, before.bytes);
        SharedStack.get().kafka().createTopic("start-over-keyed", 3);
        List<String> keyed = new ArrayList<>(List.of("run", "--source", file.toString(), "--topic", "start-over-keyed",
                "--job-id", "so-k", "--bootstrap-servers", SharedStack.bootstrap(), "--format", "csv",
                "--partitions", "all", "--key", "column:customer", "--lanes", "2", "--create-table"));
        keyed.addAll(store);
        String[] args = keyed.toArray(String[]::new);
        Processor.Result first = Processor.run(dir, env, 120, args);
        assertThat(first.exitCode()).as(first.output()).isZero();

        CsvData after = KeyedRows.customers(450, 20, 7); // the same 300 rows, and 150 more
        Files.write(file, after.bytes);
        Processor.Result refused = Processor.run(dir, env, 120, args);
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        followTheHint(refused, store);

        Processor.Result again = Processor.run(dir, env, 120, args);
        assertThat(again.exitCode()).as(again.output()).isZero();
        List<String> both = new ArrayList<>(before.rows);
        both.addAll(after.rows);
        KeyedRows.assertEveryKeyInOrder(SharedStack.bootstrap(), "start-over-keyed", 3, both);
        Processor.Result noop = Processor.run(dir, env, 120, args);
        assertThat(noop.exitCode()).as(noop.output()).isZero();
        KeyedRows.assertEveryKeyInOrder(SharedStack.bootstrap(), "start-over-keyed", 3, both);
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
