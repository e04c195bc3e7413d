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
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
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
    void aJobOfOnePartitionIsShownAsTopicAndPartition() throws Exception {
        JobConfig single = JobConfig.builder().sourceUri("file:///orders.csv").topic("orders").jobId("orders-2")
                .partition(3).build();

        assertThat(topicLine(single)).isEqualTo("orders-3");
    }
}
