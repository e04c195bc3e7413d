package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --source kafka://…} of a compacted topic ({@code cleanup.policy=compact}) after the log cleaner ran:
 * older records of each key, records without a key and those of aborted transactions are gone from inside the log,
 * so offsets are missing between the records that remain. That is normal, not a gap: the copy completes with
 * exactly the records that remain, and {@code verify --source} agrees.
 */
class CompactedSourceIT {
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    @Test
    void aCompactedSourceIsCopiedAsItRemainsWithoutGaps() throws Exception {
        String name = "k2k-compacted";
        SourceTopic source = SourceTopic.create(SecondCluster.get(), name, PARTITIONS, 12).append(1_500);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", source.bootstrapServers()))) {
            // the records carry timestamps of two hours ago, so with segment.ms at 100 the next append rolls each
            // partition's segment: the records before it become cleanable (the cleaner leaves the active segment)
            alter(admin, new ConfigResource(ConfigResource.Type.TOPIC, name), Map.of("segment.ms", "100"));
            source.append(30);
            alter(admin, new ConfigResource(ConfigResource.Type.TOPIC, name), Map.of("cleanup.policy", "compact",
                    "min.cleanable.dirty.ratio", "0.01", "min.compaction.lag.ms", "0"));
            // the cleaner looks for work every 15 s by default; a change of its settings also restarts it at once
            alter(admin, new ConfigResource(ConfigResource.Type.BROKER, ""), Map.of("log.cleaner.backoff.ms", "200"));
        }
        List<List<SourceTopic.Rec>> remaining = awaitCompacted(source);
        SharedStack.get().kafka().createTopic(name + "-copy", PARTITIONS);

        Processor.Result run = Processor.run(dir, Map.of(), 120, "run", "--source", source.uri(), "--bootstrap-servers",
                SharedStack.bootstrap(), "--topic", name + "-copy", "--job-id", name, "--checkpoint-dir",
                dir.resolve("checkpoints").toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.events().has("source_gap")).isFalse();
        for (int p = 0; p < PARTITIONS; p++) {
            List<SourceTopic.Rec> want = remaining.get(p);
            List<SourceTopic.Rec> copied = SourceTopic.readCommitted(SharedStack.bootstrap(), name + "-copy", p);
            for (int i = 0; i < Math.min(want.size(), copied.size()); i++) {
                assertThat(SourceTopic.withoutOwnHeaders(copied.get(i), want.get(i).headers().size())
                        .sameContent(want.get(i))).as("target partition %d record %d is the source's offset %d:%n  "
                        + "source %s%n  target %s", p, i, want.get(i).offset(), want.get(i), copied.get(i)).isTrue();
            }
            assertThat(copied).as("records in target partition %d", p).hasSameSizeAs(want);
        }
        Processor.Result verify = Processor.run(dir, Map.of(), 120, "verify", "--source", source.uri(),
                "--bootstrap-servers", SharedStack.bootstrap(), "--topic", name + "-copy");
        assertThat(verify.exitCode()).as(verify.output()).isZero();
    }

    /**
     * Waits until the cleaner has compacted every partition (a read_committed reader sees fewer records than were
     * committed, with offsets missing between them); returns what remains of each.
     */
    private static List<List<SourceTopic.Rec>> awaitCompacted(SourceTopic source) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            List<List<SourceTopic.Rec>> now = new ArrayList<>();
            boolean compacted = true;
            for (int p = 0; p < source.partitions(); p++) {
                now.add(SourceTopic.readCommitted(source.bootstrapServers(), source.name(), p));
                compacted &= now.get(p).size() < source.committed(p).size() / 2;
            }
            if (compacted) {
                return now;
            }
            assertThat(System.nanoTime()).as("the cleaner compacted every partition within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void alter(Admin admin, ConfigResource resource, Map<String, String> settings) throws Exception {
        List<AlterConfigOp> ops = settings.entrySet().stream()
                .map(s -> new AlterConfigOp(new ConfigEntry(s.getKey(), s.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
    }
}
