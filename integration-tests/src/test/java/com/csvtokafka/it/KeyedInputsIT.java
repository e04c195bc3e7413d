package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyed mode on inputs as they come: a bad row under each policy, and a prefix of gzip part files (positions inside
 * compressed inputs, in every lane) with kill -9 in the middle. The real local stack; 6 partitions.
 */
class KeyedInputsIT {
    private static final int PARTITIONS = 6;

    @TempDir
    Path dir;

    private static Map<String, String> env() {
        return SharedStack.environment();
    }

    private String[] args(String source, String topic, String job, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--source", source, "--topic", topic, "--job-id", job,
                "--format", "csv", "--partitions", "0-5", "--key", "column:customer", "--bootstrap-servers",
                SharedStack.bootstrap(), "--s3-endpoint", env().get("S3_ENDPOINT"), "--checkpoint-dir",
                dir.resolve("checkpoints").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void aBadRowFailsTheJobAfterEveryLaneCommittedTheRowsBeforeItThenDlqGoesPastIt() throws Exception {
        CsvData good = KeyedRows.customers(200_000, 500, 31);
        List<String> rows = new ArrayList<>(good.rows);
        int badAt = 150_000; // 1-based row number of the bad row
        rows.add(badAt - 1, badAt + ",too,many,fields");
        CsvData data = CsvData.of(KeyedRows.HEADER, rows, "\n", true);
        Path file = data.write(dir, "bad.csv");
        SharedStack.get().kafka().createTopic("keyed-bad", PARTITIONS);
        SharedStack.get().kafka().createTopic("keyed-bad-dead", 1);

        Processor.Result failed = Processor.run(dir, env(), 180, args(file.toString(), "keyed-bad", "keyed-bad",
                "--lanes", "3", "--transaction-rows", "7000"));
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        String text = new String(data.bytes, StandardCharsets.UTF_8);
        long offset = text.substring(0, text.indexOf("\n" + badAt + ",too") + 1).getBytes(StandardCharsets.UTF_8).length;
        assertThat(failed.events().failure()).contains("bad row " + badAt + " at byte offset " + offset);
        KeyedRows.assertEveryKeyInOrder(SharedStack.bootstrap(), "keyed-bad", PARTITIONS, rows.subList(0, badAt - 1));

        Processor.Result past = Processor.run(dir, env(), 180, args(file.toString(), "keyed-bad", "keyed-bad",
                "--on-bad-row", "dlq:keyed-bad-dead"));
        assertThat(past.exitCode()).as(past.output()).isZero();
        assertThat(past.events().badRows()).containsExactly((long) badAt);
        List<String> expected = new ArrayList<>(rows);
        expected.remove(badAt - 1);
        KeyedRows.assertEveryKeyInOrder(SharedStack.bootstrap(), "keyed-bad", PARTITIONS, expected);
        assertThat(Topic.readCommitted(SharedStack.bootstrap(), "keyed-bad-dead", 0)).extracting(Topic.Rec::value)
                .containsExactly(badAt + ",too,many,fields");
    }

    @Test
    void aPrefixOfGzipPartsInTwoLanesKilledMidFileIsResumedExactly() throws Exception {
        CsvData data = KeyedRows.customers(240_000, 2_000, 32);
        SharedStack.get().s3().createBucket("keyed-parts");
        List<String> inOrder = new ArrayList<>();
        int parts = 6;
        int per = data.rows.size() / parts;
        for (int p = 0; p < parts; p++) {
            List<String> rows = data.rows.subList(p * per, (p + 1) * per);
            CsvData part = CsvData.of(KeyedRows.HEADER, rows, "\n", true);
            byte[] bytes = CsvData.gzipMembers(part.bytes, p % 2 == 0 ? 1 : 9);
            Path local = Files.write(dir.resolve("part-" + p + ".csv.gz"), bytes);
            SharedStack.get().s3().putObject("keyed-parts", "day/part-" + p + ".csv.gz", local);
            inOrder.addAll(rows);
        }
        SharedStack.get().kafka().createTopic("keyed-gz", PARTITIONS);
        String[] args = args("s3://keyed-parts/day/", "keyed-gz", "keyed-gz", "--lanes", "2", "--transaction-rows",
                "4000", "--max-rows-per-second", "50000");
        Random random = new Random(8);
        int kills = 0;
        for (int i = 0; i < 5; i++) {
            Processor p = Processor.start(dir, env(), args);
            if (!p.awaitEvent("resumed", 60)) {
                break;
            }
            Thread.sleep(500 + random.nextInt(2000));
            if (!p.alive()) {
                break;
            }
            p.kill9();
            kills++;
        }
        Processor.Result last = Processor.run(dir, env(), 180, args);
        assertThat(last.exitCode()).as(last.output()).isZero();
        assertThat(kills).isGreaterThanOrEqualTo(2);
        KeyedRows.assertEveryKeyInOrder(SharedStack.bootstrap(), "keyed-gz", PARTITIONS, inOrder);
    }
}
