package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --source kafka://… --follow}: the copy goes on past the end offsets the job pinned, as a transactional
 * producer (some transactions aborted, keys, headers) writes to the source, until SIGTERM (exit 3); the next run
 * resumes exactly there. Each partition's lag is reported (source_lag events, status) and reaches 0 once the
 * producer stops; the target then equals the source's committed records, in order, once each.
 */
class KafkaFollowIT {
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    private String[] run(SourceTopic source, String target, String job, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--source", source.uri(), "--bootstrap-servers",
                SharedStack.bootstrap(), "--topic", target, "--job-id", job, "--checkpoint-dir", checkpoints(),
                "--transaction-ms", "200", "--progress-seconds", "1"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private String checkpoints() {
        return dir.resolve("checkpoints").toString();
    }

    @Test
    void followsAConcurrentProducerAcrossStopsAndTheTargetEqualsTheSourcesCommittedRecords() throws Exception {
        SourceTopic source = KafkaCopyIT.source(SecondCluster.get(), "k2k-follow", 21, 300);
        KafkaCopyIT.target(SharedStack.get().kafka(), "k2k-follow-copy", PARTITIONS);
        int pinned = source.committedCount();
        String[] args = run(source, "k2k-follow-copy", "k2k-follow", "--follow");
        try (SourceProducer producer = SourceProducer.start(source)) {
            Processor first = Processor.start(dir, Map.of(), args);
            assertThat(first.awaitCondition(() -> copied("k2k-follow-copy") > pinned + 200, 90))
                    .as("copying on past the pinned end: %s", first.output()).isTrue();
            first.sigterm();
            Processor.Result stopped = first.await(60);

            assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(3);
            assertThat(stopped.events().count("stopped")).as("every partition copy stopped").isEqualTo(PARTITIONS);
            assertThat(stopped.events().has("completed")).as("a following job never completes").isFalse();
            assertThat(partitionsOf(stopped.events().named("source_lag"))).containsExactlyInAnyOrder(0, 1, 2);
            int afterFirst = source.committedCount();

            Processor second = Processor.start(dir, Map.of(), args);
            assertThat(second.awaitCondition(() -> copied("k2k-follow-copy") > afterFirst, 90))
                    .as(second.output()).isTrue();
            producer.close();
            assertThat(second.awaitCondition(() -> caughtUp(second.events().named("source_lag"), source), 60))
                    .as("every partition's lag reaches 0 once the producer stops: %s",
                            second.events().describe("source_lag")).isTrue();
            second.sigterm();
            Processor.Result again = second.await(60);

            assertThat(again.exitCode()).as(again.output()).isEqualTo(3);
            assertThat(again.events().named("resumed")).as("each copy resumed from the target's anchors")
                    .hasSize(PARTITIONS).allMatch(r -> r.path("from_kafka").asBoolean());
        }
        assertThat(source.abortedTransactions()).as("aborted transactions in the source").isGreaterThan(5);
        source.assertCopiedTo(SharedStack.bootstrap(), "k2k-follow-copy");
        for (int p = 0; p < PARTITIONS; p++) { // in order, none twice: the provenance offsets rise strictly
            long before = -1;
            for (SourceTopic.Rec r : SourceTopic.readCommitted(SharedStack.bootstrap(), "k2k-follow-copy", p)) {
                long offset = Long.parseLong(KafkaCopyIT.header(r, "src.offset"));
                assertThat(offset).as("partition %d: %s after source offset %d", p, r, before).isGreaterThan(before);
                before = offset;
            }
        }

        Processor.Result verified = Processor.run(dir, Map.of(), 120, "verify", "--source", source.uri(),
                "--bootstrap-servers", SharedStack.bootstrap(), "--topic", "k2k-follow-copy");
        assertThat(verified.exitCode()).as(verified.output()).isZero();

        Processor.Result status = Processor.run(dir, Map.of(), 60, "status", "--job-id", "k2k-follow",
                "--checkpoint-dir", checkpoints(), "--json");
        assertThat(status.exitCode()).as(status.output()).isZero();
        JsonNode view = new ObjectMapper().readTree(status.stdout());
        assertThat(view.path("status").asText()).isEqualTo("INTERRUPTED");
        assertThat(view.path("source_lag").asLong()).as(status.stdout()).isZero();
        assertThat(view.path("partitions")).hasSize(PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            JsonNode copy = view.path("partitions").get(p);
            assertThat(copy.path("job_id").asText()).isEqualTo("k2k-follow.p" + p);
            assertThat(copy.path("records").asLong()).as(status.stdout()).isEqualTo(source.committed(p).size());
            assertThat(copy.path("lag").asLong()).as(status.stdout()).isZero();
        }
    }

    @Test
    void aBoundedJobFollowedLaterGoesOnAndABoundedRunAfterThatCopiesNothingMore() throws Exception {
        SourceTopic source = KafkaCopyIT.source(SecondCluster.get(), "k2k-follow-later", 22, 200);
        KafkaCopyIT.target(SharedStack.get().kafka(), "k2k-follow-later-copy", PARTITIONS);
        Processor.Result bounded = Processor.run(dir, Map.of(), 120, run(source, "k2k-follow-later-copy",
                "k2k-follow-later"));
        assertThat(bounded.exitCode()).as(bounded.output()).isZero();
        source.append(150);
        int produced = source.committedCount();

        Processor following = Processor.start(dir, Map.of(), run(source, "k2k-follow-later-copy", "k2k-follow-later",
                "--follow"));
        assertThat(following.awaitCondition(() -> copied("k2k-follow-later-copy") == produced, 60))
                .as("the completed job goes on: %s", following.output()).isTrue();
        following.sigterm();
        Processor.Result stopped = following.await(60);
        assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(3);
        source.assertCopiedTo(SharedStack.bootstrap(), "k2k-follow-later-copy");
        List<List<SourceTopic.Rec>> followed = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            followed.add(source.committed(p));
        }
        source.append(100);

        Processor.Result boundedAgain = Processor.run(dir, Map.of(), 120, run(source, "k2k-follow-later-copy",
                "k2k-follow-later"));

        assertThat(boundedAgain.exitCode()).as(boundedAgain.output()).isZero();
        assertThat(boundedAgain.events().has("committed")).as("past its pinned end: nothing more to copy").isFalse();
        for (int p = 0; p < PARTITIONS; p++) {
            List<SourceTopic.Rec> copy = SourceTopic.readCommitted(SharedStack.bootstrap(), "k2k-follow-later-copy", p);
            assertThat(copy).as("partition %d holds what was followed, once", p).hasSameSizeAs(followed.get(p));
            for (int r = 0; r < copy.size(); r++) {
                assertThat(SourceTopic.withoutOwnHeaders(copy.get(r), followed.get(p).get(r).headers().size())
                        .sameContent(followed.get(p).get(r))).as("partition %d record %d", p, r).isTrue();
            }
        }
    }

    /** Records in the target, all partitions. */
    private static int copied(String target) {
        int n = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            n += SourceTopic.readCommitted(SharedStack.bootstrap(), target, p).size();
        }
        return n;
    }

    private static Set<Integer> partitionsOf(List<JsonNode> lags) {
        Set<Integer> partitions = new HashSet<>();
        lags.forEach(l -> partitions.add(l.path("partition").asInt()));
        return partitions;
    }

    /** The last source_lag of every partition says 0, past the last record the source has committed there. */
    private static boolean caughtUp(List<JsonNode> lags, SourceTopic source) {
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            Optional<JsonNode> last = lags.stream().filter(l -> l.path("partition").asInt() == partition)
                    .reduce((a, b) -> b);
            List<SourceTopic.Rec> committed = source.committed(p);
            long lastOffset = committed.isEmpty() ? -1 : committed.get(committed.size() - 1).offset();
            if (last.isEmpty() || last.get().path("lag").asLong() != 0
                    || last.get().path("next_offset").asLong() <= lastOffset) {
                return false;
            }
        }
        return true;
    }
}
