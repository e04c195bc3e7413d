package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards as they run on many machines: four processes at once, each `run --shard I/4`, on one big file (quoted
 * line breaks and CRLF throughout) with one shard killed with SIGKILL mid-run and restarted, and on an S3 prefix of
 * files. Each partition is checked against the file itself: every row exactly once, in file order.
 */
class ShardIT {
    @TempDir
    Path dir;

    private static Map<String, String> env() {
        return SharedStack.environment();
    }

    private static String[] args(String topic, String job, String shard, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--topic", topic, "--job-id", job, "--format", "csv",
                "--shard", shard, "--bootstrap-servers", SharedStack.bootstrap()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static String[] dynamo(String... more) {
        List<String> a = new ArrayList<>(List.of("--checkpoint-table", "shards-it", "--create-table",
                "--dynamodb-endpoint", env().get("DYNAMODB_ENDPOINT")));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void fourShardsOfOneBigFileAsFourProcessesOneKilledAndRestartedEachPartitionHoldsItsRowsOnceInOrder()
            throws Exception {
        CsvData data = CsvData.generate(240_000, 77);
        Path file = data.write(dir, "big.csv");
        SharedStack.get().kafka().createTopic("shard-big", 4);
        String[] common = dynamo("--source", file.toString(), "--transaction-rows", "4000",
                "--max-rows-per-second", "25000", "--lease-wait-seconds", "90");
        List<Processor> shards = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // at the same moment: one plans, the others wait for its plan
            shards.add(Processor.start(dir, env(), concat(args("shard-big", "big", i + "/4"), common)));
        }
        Processor victim = shards.get(2);
        assertThat(victim.awaitCondition(() -> victim.events().count("committed") >= 3, 120)).as(victim.output()).isTrue();
        victim.kill9();
        long committedBeforeKill = victim.events().last("committed").orElseThrow().path("at").path("sent").asLong();
        Processor restarted = Processor.start(dir, env(), concat(args("shard-big", "big", "2/4"), common));
        for (int i = 0; i < 4; i++) {
            Processor p = i == 2 ? restarted : shards.get(i);
            Processor.Result r = p.await(240);
            assertThat(r.exitCode()).as("shard %d: %s", i, r.output()).isZero();
        }
        assertThat(restarted.events().resumedFromKafka()).isTrue();
        assertThat(restarted.events().resumedAt().orElseThrow().path("sent").asLong())
                .isGreaterThanOrEqualTo(committedBeforeKill);

        // every partition: consecutive rows of the file, in order, each exactly the file's bytes; together all rows
        long next = 1;
        for (int partition = 0; partition < 4; partition++) {
            List<Topic.Rec> records = Topic.readCommitted("shard-big", partition);
            assertThat(records).as("partition %d", partition).isNotEmpty();
            assertThat(records.size()).as("balance of partition %d", partition).isBetween(30_000, 90_000);
            for (Topic.Rec r : records) {
                long row = Long.parseLong(r.headers().get("csv.row"));
                if (row != next || !r.value().equals(data.rows.get((int) row - 1))) {
                    throw new AssertionError("partition " + partition + " offset " + r.offset() + " holds row " + row
                            + " '" + r.value() + "', expected row " + next + " '" + data.rows.get((int) next - 1) + "'");
                }
                next++;
            }
        }
        assertThat(next - 1).isEqualTo(data.rows.size());

        Processor.Result verify = Processor.run(dir, env(), 180, concat(new String[] {"verify", "--source",
                file.toString(), "--topic", "shard-big", "--format", "csv", "--bootstrap-servers",
                SharedStack.bootstrap(), "--shard-count", "4", "--job-id", "big", "--checkpoint-table", "shards-it",
                "--dynamodb-endpoint", env().get("DYNAMODB_ENDPOINT")}));
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        Processor.Result fresh = Processor.run(dir, env(), 180, "verify", "--source", file.toString(), "--topic",
                "shard-big", "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(), "--shard-count", "4");
        assertThat(fresh.exitCode()).as(fresh.output()).isZero();
        Processor.Result wrongCount = Processor.run(dir, env(), 180, "verify", "--source", file.toString(), "--topic",
                "shard-big", "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(), "--shard-count", "3");
        assertThat(wrongCount.exitCode()).as(wrongCount.output()).isEqualTo(1);

        Processor.Result status = Processor.run(dir, env(), 60, "status", "--job-id", "big", "--json",
                "--checkpoint-table", "shards-it", "--dynamodb-endpoint", env().get("DYNAMODB_ENDPOINT"));
        assertThat(status.exitCode()).as(status.output()).isZero();
        JsonNode view = new ObjectMapper().readTree(status.stdout());
        assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(view.path("records_sent").asLong()).isEqualTo(data.rows.size());
        assertThat(view.path("shards")).hasSize(4);
    }

    @Test
    void fourShardsOfAnS3PrefixWriteWholeFilesInKeyOrderEachOnce() throws Exception {
        SharedStack.get().s3().createBucket("shards");
        Map<String, List<String>> files = new LinkedHashMap<>();
        int[] sizes = {9_000, 2_000, 14_000, 5_000, 5_000, 700, 11_000};
        int first = 1;
        for (int f = 0; f < sizes.length; f++) {
            CsvData all = CsvData.generate(first + sizes[f], 100 + f);
            CsvData part = CsvData.of(CsvData.HEADER, all.rows.subList(first, first + sizes[f]), "\n", true);
            String key = String.format("daily/part-%03d.csv", f);
            SharedStack.get().s3().putObject("shards", key, part.write(dir, "part-" + f + ".csv"));
            files.put("s3://shards/" + key, part.rows);
        }
        SharedStack.get().kafka().createTopic("shard-set", 6);
        Path checkpoints = Files.createDirectories(dir.resolve("ck"));
        String[] common = {"--source", "s3://shards/daily/", "--s3-endpoint", env().get("S3_ENDPOINT"),
                "--checkpoint-dir", checkpoints.toString(), "--headers", "all", "--partitions", "1-4",
                "--transaction-rows", "1000"};
        List<Processor> shards = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            shards.add(Processor.start(dir, env(), concat(args("shard-set", "set", i + "/4"), common)));
        }
        for (int i = 0; i < 4; i++) {
            Processor.Result r = shards.get(i).await(180);
            assertThat(r.exitCode()).as("shard %d: %s", i, r.output()).isZero();
        }
        // partitions 1-4: each a run of whole files, in key order, each file's rows in order; every file once
        List<String> seen = new ArrayList<>();
        for (int partition : new int[] {0, 5}) {
            assertThat(Topic.readCommitted("shard-set", partition)).isEmpty();
        }
        for (int partition = 1; partition <= 4; partition++) {
            List<Topic.Rec> records = Topic.readCommitted("shard-set", partition);
            assertThat(records).as("partition %d", partition).isNotEmpty();
            List<String> here = new ArrayList<>();
            int i = 0;
            while (i < records.size()) {
                String source = records.get(i).headers().get("csv.source");
                List<String> rows = files.get(source);
                assertThat(rows).as("record %d of partition %d from %s", i, partition, source).isNotNull();
                for (int row = 1; row <= rows.size(); row++, i++) {
                    Topic.Rec r = records.get(i);
                    assertThat(r.headers().get("csv.source")).isEqualTo(source);
                    assertThat(r.headers().get("csv.row")).isEqualTo(Integer.toString(row));
                    assertThat(r.value()).isEqualTo(rows.get(row - 1));
                }
                here.add(source);
            }
            assertThat(here).as("files of partition %d in key order", partition).isSorted();
            seen.addAll(here);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(files.keySet());

        Processor.Result verify = Processor.run(dir, env(), 120, "verify", "--source", "s3://shards/daily/",
                "--s3-endpoint", env().get("S3_ENDPOINT"), "--topic", "shard-set", "--format", "csv",
                "--bootstrap-servers", SharedStack.bootstrap(), "--shard-count", "4", "--partitions", "1-4",
                "--job-id", "set", "--checkpoint-dir", checkpoints.toString());
        assertThat(verify.exitCode()).as(verify.output()).isZero();

        Processor.Result tooFew = Processor.run(dir, env(), 60, concat(args("shard-set", "set-5", "4/5"),
                "--source", "s3://shards/daily/", "--s3-endpoint", env().get("S3_ENDPOINT"), "--checkpoint-dir",
                checkpoints.toString(), "--partitions", "1-4"));
        assertThat(tooFew.exitCode()).as(tooFew.output()).isEqualTo(2);
    }
}
