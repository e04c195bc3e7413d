package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.localstack.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --source kafka://…}: a 3-partition topic on one cluster (keys, headers, timestamps, aborted
 * transactions between committed ones) copied to another, independent cluster, compared record by record with
 * the source — plainly, after kill -9 at random moments, and across a bounce of the target's and of the source's
 * broker.
 */
class KafkaCopyIT {
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    private String[] args(SourceTopic source, String targetBootstrap, String target, String job, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--source", source.uri(), "--bootstrap-servers",
                targetBootstrap, "--topic", target, "--job-id", job, "--checkpoint-dir",
                dir.resolve("checkpoints").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void copiesEveryCommittedRecordOfEveryPartitionWithItsKeyValueHeadersAndTimestamp() throws Exception {
        SourceTopic source = source(SecondCluster.get(), "k2k-plain", 1, 3_000);
        assertThat(source.abortedTransactions()).as("aborted transactions in the source").isPositive();
        target(SharedStack.get().kafka(), "k2k-plain-copy", PARTITIONS);
        String[] args = args(source, SharedStack.bootstrap(), "k2k-plain-copy", "k2k-plain");

        Processor.Result run = Processor.run(dir, Map.of(), 120, args);

        assertThat(run.exitCode()).as(run.output()).isZero();
        source.assertCopiedTo(SharedStack.bootstrap(), "k2k-plain-copy");
        for (int p = 0; p < PARTITIONS; p++) {
            List<SourceTopic.Rec> copied = SourceTopic.readCommitted(SharedStack.bootstrap(), "k2k-plain-copy", p);
            List<SourceTopic.Rec> original = source.committed(p);
            for (int i = 0; i < copied.size(); i++) { // --headers row: provenance on every record
                assertThat(header(copied.get(i), "src.offset")).isEqualTo(Long.toString(original.get(i).offset()));
                assertThat(header(copied.get(i), "src.partition")).isEqualTo(Integer.toString(p));
                assertThat(header(copied.get(i), "src.topic")).isEqualTo("k2k-plain");
            }
        }
        assertThat(run.events().count("completed")).as("one completion per partition copy").isEqualTo(PARTITIONS);

        Processor.Result again = Processor.run(dir, Map.of(), 60, args);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.events().has("committed")).as("a completed job sends nothing").isFalse();
        source.assertCopiedTo(SharedStack.bootstrap(), "k2k-plain-copy");
    }

    @Test
    void copiesUpToTheEndPinnedWhenTheJobFirstStarted() throws Exception {
        SourceTopic source = source(SecondCluster.get(), "k2k-pinned", 2, 600);
        target(SharedStack.get().kafka(), "k2k-pinned-copy", PARTITIONS);
        String[] args = args(source, SharedStack.bootstrap(), "k2k-pinned-copy", "k2k-pinned",
                "--max-rows-per-second", "100", "--transaction-rows", "20");
        Processor p = Processor.start(dir, Map.of(), args);
        assertThat(p.awaitEvent("committed", 60)).as(p.output()).isTrue();
        p.kill9();
        List<List<SourceTopic.Rec>> pinned = new ArrayList<>();
        for (int i = 0; i < PARTITIONS; i++) {
            pinned.add(source.committed(i));
        }
        source.append(300); // after the job pinned its end: not part of the job

        Processor.Result resumed = Processor.run(dir, Map.of(), 120, args(source, SharedStack.bootstrap(),
                "k2k-pinned-copy", "k2k-pinned", "--transaction-rows", "20"));

        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        for (int i = 0; i < PARTITIONS; i++) {
            List<SourceTopic.Rec> copied = SourceTopic.readCommitted(SharedStack.bootstrap(), "k2k-pinned-copy", i);
            assertThat(copied).as("partition %d holds the records up to the pinned end, once", i)
                    .hasSameSizeAs(pinned.get(i));
            for (int r = 0; r < copied.size(); r++) {
                assertThat(SourceTopic.withoutOwnHeaders(copied.get(r), pinned.get(i).get(r).headers().size())
                        .sameContent(pinned.get(i).get(r))).as("partition %d record %d", i, r).isTrue();
            }
        }
    }

    @Test
    void refusesATargetWithAnotherPartitionCountNamingBoth() throws Exception {
        SourceTopic source = source(SecondCluster.get(), "k2k-counts", 3, 50);
        target(SharedStack.get().kafka(), "k2k-counts-copy", 2);

        Processor.Result run = Processor.run(dir, Map.of(), 60, args(source, SharedStack.bootstrap(),
                "k2k-counts-copy", "k2k-counts"));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.events().failure()).contains("has 3 partitions").contains("has 2").contains("--create-topic");
        assertThat(SourceTopic.readCommitted(SharedStack.bootstrap(), "k2k-counts-copy", 0)).isEmpty();
    }

    @Test
    void createsTheTargetWithTheSourcesPartitionCount() throws Exception {
        SourceTopic source = source(SecondCluster.get(), "k2k-create", 4, 200);

        Processor.Result run = Processor.run(dir, Map.of(), 120, args(source, SharedStack.bootstrap(),
                "k2k-create-copy", "k2k-create", "--create-topic", "--headers", "min"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        source.assertCopiedTo(SharedStack.bootstrap(), "k2k-create-copy");
        List<SourceTopic.Rec> first = SourceTopic.readCommitted(SharedStack.bootstrap(), "k2k-create-copy", 0);
        assertThat(first.get(0).headers().stream().map(Header::key)).as("--headers min: no provenance")
                .doesNotContain("src.offset");
    }

    @Test
    void killedAtRandomMomentsThenResumedTheTargetEqualsTheSource() throws Exception {
        SourceTopic source = source(SecondCluster.get(), "k2k-kill", 5, 20_000);
        target(SharedStack.get().kafka(), "k2k-kill-copy", PARTITIONS);
        String[] args = args(source, SharedStack.bootstrap(), "k2k-kill-copy", "k2k-kill",
                // slow enough that the killed runs together (at most 5 x 2.8 s of copying) cannot finish the job:
                // at 1,500 rows/s they sometimes did, and the last run then had nothing to resume
                "--transaction-rows", "500", "--max-rows-per-second", "300");
        Random random = new Random(7);
        int kills = 0;
        StringBuilder runs = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            Processor p = Processor.start(dir, Map.of(), args);
            if (!p.awaitEvent("started", 60)) {
                break;
            }
            Thread.sleep(300 + random.nextInt(2500));
            if (!p.alive()) {
                break;
            }
            p.kill9();
            kills++;
            runs.append("killed run ").append(i).append(": ").append(p.events().describe("resumed", "committed"))
                    .append('\n');
        }
        Processor.Result last = Processor.run(dir, Map.of(), 180, args(source, SharedStack.bootstrap(),
                "k2k-kill-copy", "k2k-kill", "--transaction-rows", "500"));
        runs.append("last run: ").append(last.events().describe("resumed", "committed", "bad_row"));

        assertThat(last.exitCode()).as(last.output()).isZero();
        assertThat(kills).isGreaterThanOrEqualTo(2);
        assertThat(last.events().named("resumed")).as("the last run resumed partition copies from the target's anchors")
                .anyMatch(resumed -> resumed.path("from_kafka").asBoolean());
        try {
            source.assertCopiedTo(SharedStack.bootstrap(), "k2k-kill-copy");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + runs, e);
        }
    }

    @Test
    void aBounceOfTheTargetBrokerMidCopyLeavesTheTargetEqualToTheSource() throws Exception {
        SourceTopic source = source(SecondCluster.get(), "k2k-target-bounce", 6, 6_000);
        try (LocalKafka target = LocalKafka.start(dir.resolve("target-kafka"))) {
            target(target, "k2k-target-bounce-copy", PARTITIONS);
            copyWhileBouncing(target, source, target.bootstrapServers(), "k2k-target-bounce-copy");
        }
    }

    @Test
    void aBounceOfTheSourceBrokerMidCopyLeavesTheTargetEqualToTheSource() throws Exception {
        try (LocalKafka sourceCluster = LocalKafka.start(dir.resolve("source-kafka"))) {
            SourceTopic source = source(sourceCluster, "k2k-source-bounce", 7, 6_000);
            target(SharedStack.get().kafka(), "k2k-source-bounce-copy", PARTITIONS);
            copyWhileBouncing(sourceCluster, source, SharedStack.bootstrap(), "k2k-source-bounce-copy");
        }
    }

    /** Copies {@code source} into {@code target}, stopping {@code broker} for 3 s once a transaction committed. */
    private void copyWhileBouncing(LocalKafka broker, SourceTopic source, String targetBootstrap, String target)
            throws Exception {
        Processor p = Processor.start(dir, Map.of(), args(source, targetBootstrap, target, target + "-job",
                "--transaction-rows", "200", "--max-rows-per-second", "500"));
        assertThat(p.awaitEvent("committed", 60)).as(p.output()).isTrue();
        broker.stop();
        Thread.sleep(3_000);
        broker.restart();

        Processor.Result done = p.await(300);

        assertThat(done.exitCode()).as(done.output()).isZero();
        source.assertCopiedTo(targetBootstrap, target);
    }

    @Test
    void recordsGoneFromTheSourceBeforeTheyWereCopiedFailTheJobNamingTheRangeUnlessGapsAreAllowed() throws Exception {
        SourceTopic source = source(SecondCluster.get(), "k2k-gap", 8, 900);
        target(SharedStack.get().kafka(), "k2k-gap-copy", PARTITIONS);
        Processor first = Processor.start(dir, Map.of(), args(source, SharedStack.bootstrap(), "k2k-gap-copy",
                "k2k-gap", "--transaction-rows", "10", "--max-rows-per-second", "40"));
        assertThat(first.awaitCondition(() -> SourceTopic.readCommitted(SharedStack.bootstrap(), "k2k-gap-copy", 1)
                .size() >= 10, 60)).as(first.output()).isTrue();
        first.kill9();
        int copied = SourceTopic.readCommitted(SharedStack.bootstrap(), "k2k-gap-copy", 1).size();
        List<SourceTopic.Rec> original = source.committed(1);
        long deleteBefore = original.get(copied + 30).offset(); // records the job pinned and had not copied yet
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", source.bootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition("k2k-gap", 1), RecordsToDelete.beforeOffset(deleteBefore)))
                    .all().get();
        }

        Processor.Result failed = Processor.run(dir, Map.of(), 120, args(source, SharedStack.bootstrap(),
                "k2k-gap-copy", "k2k-gap"));

        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertThat(failed.events().failure()).contains(source.uri() + "#1").contains("-" + (deleteBefore - 1) + " ")
                .contains("--allow-gaps");

        Processor.Result allowed = Processor.run(dir, Map.of(), 120, args(source, SharedStack.bootstrap(),
                "k2k-gap-copy", "k2k-gap", "--allow-gaps"));

        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
        assertThat(allowed.events().named("source_gap")).singleElement().satisfies(gap -> {
            assertThat(gap.path("source").asText()).isEqualTo(source.uri() + "#1");
            assertThat(gap.path("to").asLong()).isEqualTo(deleteBefore);
        });
        List<SourceTopic.Rec> kept = new ArrayList<>(original.subList(0, copied));
        original.stream().filter(r -> r.offset() >= deleteBefore).forEach(kept::add);
        List<SourceTopic.Rec> target = SourceTopic.readCommitted(SharedStack.bootstrap(), "k2k-gap-copy", 1);
        assertThat(target).as("what was copied before the gap and everything after it, once").hasSameSizeAs(kept);
        for (int r = 0; r < target.size(); r++) {
            assertThat(SourceTopic.withoutOwnHeaders(target.get(r), kept.get(r).headers().size())
                    .sameContent(kept.get(r))).as("record %d", r).isTrue();
        }
        for (int p : new int[] {0, 2}) {
            assertThat(SourceTopic.readCommitted(SharedStack.bootstrap(), "k2k-gap-copy", p))
                    .as("partition %d, which lost nothing", p).hasSameSizeAs(source.committed(p));
        }
    }

    /**
     * A source topic of {@code records} records that the broker keeps: its records carry timestamps of 2020, which
     * the default time retention (7 days, checked every 5 minutes) would delete under a test's feet — a gap.
     */
    static SourceTopic source(LocalKafka cluster, String name, long seed, int records) throws Exception {
        SourceTopic topic = SourceTopic.create(cluster, name, PARTITIONS, seed);
        Topic.keepForever(cluster.bootstrapServers(), name);
        return topic.append(records);
    }

    /** A target topic the broker keeps, for the same reason: a copy keeps the source's timestamps. */
    static void target(LocalKafka cluster, String name, int partitions) throws Exception {
        cluster.createTopic(name, partitions);
        Topic.keepForever(cluster.bootstrapServers(), name);
    }

    static String header(SourceTopic.Rec r, String name) {
        Header last = null;
        for (Header h : r.headers()) {
            if (h.key().equals(name)) {
                last = h;
            }
        }
        return last == null ? null : new String(last.value(), StandardCharsets.UTF_8);
    }
}
