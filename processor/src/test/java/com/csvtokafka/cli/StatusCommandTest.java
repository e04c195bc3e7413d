package com.csvtokafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.checkpoint.Lease;
import com.csvtokafka.position.Position;
import com.csvtokafka.transfer.JobConfig;
import com.csvtokafka.transfer.PartitionList;
import com.csvtokafka.source.KafkaSourceUri;
import com.csvtokafka.source.PinnedTopic;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} reads what a job moves from the spec in its checkpoint. */
class StatusCommandTest {
    @TempDir
    Path dir;

    private String topicLine(JobConfig config) throws Exception {
        try (CheckpointStore store = new DirectoryCheckpointStore(dir)) {
            Lease lease = store.acquire(config.jobId(), Duration.ofSeconds(60));
            store.save(lease, new Checkpoint(config.jobId(), JobStatus.FAILED, Position.plain(0, 10, 2, 1, 0), 100,
                    config.sourceUri(), "v1", config.topic(), config.partition(), 5.0, 1000, 2000, null, -1,
                    config.spec(), 10), Duration.ofSeconds(60));
            store.release(lease);
        }
        Cli.Result r = Cli.run("status", "--job-id", config.jobId(), "--checkpoint-dir", dir.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out()).path("topic").asText();
    }

    @Test
    void aKeyedJobIsShownWithItsPartitionsKeyAndLanes() throws Exception {
        JobConfig keyed = JobConfig.builder().sourceUri("file:///orders.csv").topic("orders").jobId("orders-1")
                .key(JobConfig.KeyMode.parse("column:customer")).partitions(PartitionList.parse("0-3,8")).lanes(2)
                .build();

        assertThat(topicLine(keyed)).isEqualTo("orders partitions 0-3,8 (keyed by column:customer, 2 lanes)");
    }

    @Test
    void aKafkaSourceJobIsShownWithEachPartitionsCopy() throws Exception {
        PinnedTopic pinned = new PinnedTopic(KafkaSourceUri.parse("kafka://src:9092/orders"), "topic-id-1",
                List.of(0L, 7L), List.of(500L, 300L));
        try (CheckpointStore store = new DirectoryCheckpointStore(dir)) {
            Lease lease = store.acquire("copy", Duration.ofSeconds(60));
            store.saveInputs(lease, pinned.encode(), Duration.ofSeconds(60));
            store.release(lease);
            Lease p1 = store.acquire("copy.p1", Duration.ofSeconds(60));
            // written by a release that did not record the job's spec: the source's URI is not known
            store.save(p1, new Checkpoint("copy.p1", JobStatus.INTERRUPTED, Position.plain(1, 250, 251, 200, 0), 300,
                    "kafka://src:9092/orders#1", "topic-id-1", "orders-copy", 1, 5.0, 1000, 2000, null, -1, null, 250),
                    Duration.ofSeconds(60));
            store.release(p1);
        }

        Cli.Result r = Cli.run("status", "--job-id", "copy", "--checkpoint-dir", dir.toString(), "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("status").asText()).isEqualTo("INTERRUPTED");
        assertThat(json.path("source_topic_id").asText()).isEqualTo("topic-id-1");
        assertThat(json.path("source_lag").asText()).startsWith("unknown: ");
        JsonNode partitions = json.path("partitions");
        assertThat(partitions).hasSize(2);
        assertThat(partitions.get(0).path("status").asText()).isEqualTo("NOT_STARTED");
        assertThat(partitions.get(0).path("next_offset").asLong()).isZero();
        assertThat(partitions.get(1).path("job_id").asText()).isEqualTo("copy.p1");
        assertThat(partitions.get(1).path("status").asText()).isEqualTo("INTERRUPTED");
        assertThat(partitions.get(1).path("records").asLong()).isEqualTo(200);
        assertThat(partitions.get(1).path("next_offset").asLong()).isEqualTo(250);
        assertThat(partitions.get(1).path("pinned_end_offset").asLong()).isEqualTo(300);

        Cli.Result one = Cli.run("status", "--job-id", "copy.p1", "--checkpoint-dir", dir.toString(), "--json");
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(new ObjectMapper().readTree(one.out()).path("records_sent").asLong()).isEqualTo(200);
    }

    @Test
    void aJobOfOnePartitionIsShownAsTopicAndPartition() throws Exception {
        JobConfig single = JobConfig.builder().sourceUri("file:///orders.csv").topic("orders").jobId("orders-2")
                .partition(3).build();

        assertThat(topicLine(single)).isEqualTo("orders-3");
    }
}
