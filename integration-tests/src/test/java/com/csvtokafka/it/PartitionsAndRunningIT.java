package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user is told about partitions, shared partitions and running jobs, against a real broker: a keyed
 * job that lands in one partition, --create-topic in keyed mode, verify --job-id on a shared partition, verify and
 * status while a job runs or after it was killed.
 */
class PartitionsAndRunningIT {
    @TempDir
    Path dir;

    private String[] args(Path source, String topic, String job, String... more) {
        return Processor.runArgs(dir.resolve("ck"), source, topic, job, more);
    }

    private static int partitions(String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedStack.bootstrap());
        try (Admin admin = Admin.create(p)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        }
    }

    private Path orders(int rows) throws Exception {
        StringBuilder text = new StringBuilder("id,customer\n");
        for (int i = 1; i <= rows; i++) {
            text.append(i).append(",c").append(i % 7).append('\n');
        }
        return Files.writeString(dir.resolve("orders-" + rows + ".csv"), text);
    }

    @Test
    void aColumnKeyWithoutPartitionsIsToldOnceThatEveryRowGoesToOnePartitionUnlessThePartitionIsGiven() throws Exception {
        Map<String, String> env = SharedStack.environment();
        Path file = orders(30);
        SharedStack.get().kafka().createTopic("ph-keyed-3", 3);

        Processor.Result told = Processor.run(dir, env, 60, args(file, "ph-keyed-3", "ph-told", "--key", "column:customer"));
        assertThat(told.exitCode()).as(told.output()).isZero();
        assertThat(told.events().named("one_partition")).hasSize(1).first().satisfies(e -> {
            assertThat(e.path("partition").asInt()).isZero();
            assertThat(e.path("partitions").asInt()).isEqualTo(3);
            assertThat(e.path("key").asText()).isEqualTo("column:customer");
        });
        assertThat(told.output().lines().filter(l -> l.contains("every record goes to partition 0"))).singleElement()
                .satisfies(l -> assertThat(l).contains("keyed by column:customer").contains("--partitions all")
                        .contains("--partition 0"));
        assertThat(Topic.readCommitted("ph-keyed-3", 0)).hasSize(30);

        Processor.Result chosen = Processor.run(dir, env, 60, args(file, "ph-keyed-3", "ph-chosen", "--key",
                "column:customer", "--partition", "0"));
        assertThat(chosen.exitCode()).as(chosen.output()).isZero();
        assertThat(chosen.events().has("one_partition")).isFalse();
        assertThat(chosen.output()).doesNotContain("every record goes to partition");
    }

    @Test
    void createTopicInKeyedModeCreatesThePartitionsListedAndRefusesAllWithWhatWorks() throws Exception {
        Map<String, String> env = SharedStack.environment();
        Path file = orders(40);
        Processor.Result all = Processor.run(dir, env, 60, args(file, "ph-created-all", "ph-all", "--key",
                "column:customer", "--partitions", "all", "--create-topic"));
        assertThat(all.exitCode()).as(all.output()).isEqualTo(2);
        assertThat(all.output()).contains("error: topic ph-created-all does not exist")
                .contains("--create-topic has no count to create it with").contains("--partitions 0-5 --create-topic");

        Processor.Result listed = Processor.run(dir, env, 90, args(file, "ph-created-4", "ph-listed", "--key",
                "column:customer", "--partitions", "0-3", "--create-topic"));
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(partitions("ph-created-4")).isEqualTo(4);
        long records = 0;
        for (int p = 0; p < 4; p++) {
            records += Topic.readCommitted("ph-created-4", p).size();
        }
        assertThat(records).isEqualTo(40);
    }

    @Test
    void verifyByJobOnASharedPartitionIsRightWhenRecordsNameTheirJobAndRefusedWhenTheyDoNot() throws Exception {
        Map<String, String> env = SharedStack.environment();
        Path file = orders(200);
        SharedStack.get().kafka().createTopic("ph-shared-row", 1);
        SharedStack.get().kafka().createTopic("ph-shared-all", 1);
        for (String job : List.of("ph-a", "ph-b")) {
            assertThat(Processor.run(dir, env, 60, args(file, "ph-shared-row", job + "-row", "--format", "csv",
                    "--transaction-rows", "50")).exitCode()).isZero();
            assertThat(Processor.run(dir, env, 60, args(file, "ph-shared-all", job + "-all", "--format", "csv",
                    "--transaction-rows", "50", "--headers", "all")).exitCode()).isZero();
        }
        Processor.Result refused = Processor.run(dir, env, 60, "verify", "--source", file.toString(), "--topic",
                "ph-shared-row", "--format", "csv", "--job-id", "ph-a-row", "--bootstrap-servers", SharedStack.bootstrap());
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("holds records of other jobs too (ph-b-row)")
                .contains("cannot tell this job's records from the others'").contains("--headers all")
                .doesNotContain("out of order");

        for (String job : List.of("ph-a-all", "ph-b-all")) {
            Processor.Result ok = Processor.run(dir, env, 60, "verify", "--json", "--source", file.toString(), "--topic",
                    "ph-shared-all", "--format", "csv", "--job-id", job, "--bootstrap-servers", SharedStack.bootstrap());
            assertThat(ok.exitCode()).as(ok.output()).isZero();
            assertThat(ok.stdout()).contains("\"verdict\" : \"OK\"").contains("\"records_in_topic\" : 200");
        }
    }

    @Test
    void verifyWhileTheJobRunsSaysSoFirstAndStatusAfterKillNineSaysTheRunnerIsGone() throws Exception {
        Map<String, String> env = SharedStack.environment();
        Path file = orders(2000);
        SharedStack.get().kafka().createTopic("ph-running", 1);
        // slow, with long transactions: a transaction stays open while it runs
        Processor running = Processor.start(dir, env, args(file, "ph-running", "ph-run", "--format", "csv",
                "--max-rows-per-second", "40", "--transaction-ms", "4000"));
        try {
            assertThat(running.awaitEvent("committed", 60)).as(running.output()).isTrue();
            Processor.Result verify = null;
            for (int attempt = 0; attempt < 10; attempt++) { // one lands inside an open transaction
                verify = Processor.run(dir, env, 60, "verify", "--source", file.toString(), "--topic", "ph-running",
                        "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap());
                if (verify.stdout().startsWith("RUNNING")) {
                    break;
                }
            }
            assertThat(verify.stdout().lines().findFirst().orElse("")).as(verify.output())
                    .startsWith("RUNNING: a transaction is open on ph-running partition(s) [0]");
            assertThat(verify.stdout()).contains("VERDICT: INCOMPLETE");
            assertThat(verify.exitCode()).isEqualTo(1);

            running.kill9();
            Processor.Result status = Processor.run(dir, env, 60, "status", "--job-id", "ph-run", "--checkpoint-dir",
                    dir.resolve("ck").toString());
            assertThat(status.exitCode()).as(status.output()).isZero();
            assertThat(status.stdout()).containsPattern("(?m)^status +STOPPED$")
                    .containsPattern("(?m)^lease +free: its holder, process " + running.pid() + " on this host, is gone");
        } finally {
            if (running.alive()) {
                running.kill9();
            }
        }
    }
}
