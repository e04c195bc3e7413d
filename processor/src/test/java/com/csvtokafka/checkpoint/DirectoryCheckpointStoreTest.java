package com.csvtokafka.checkpoint;

import com.csvtokafka.position.Position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryCheckpointStoreTest {
    private static final Duration TTL = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static Checkpoint checkpoint(JobStatus status, long line) {
        return new Checkpoint("job-1", status, Position.plain(0, line * 10, line + 1, line, 0), 1000, "file:///x.csv",
                "v1", "t", 0, 5.0, 1000, 2000_000, null, -1, null, line * 10);
    }

    @Test
    void savesAndLoadsWithSeedCompatibleAttributes() throws Exception {
        try (DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir)) {
            Lease lease = store.acquire("job-1", TTL);
            assertThat(store.load("job-1")).isEmpty();
            store.save(lease, checkpoint(JobStatus.RUNNING, 42), TTL);
            Checkpoint loaded = store.load("job-1").orElseThrow();
            assertThat(loaded.lastLine()).isEqualTo(42);
            assertThat(loaded.byteOffset()).isEqualTo(420);
            assertThat(loaded.status()).isEqualTo(JobStatus.RUNNING);
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = new ObjectMapper().readValue(dir.resolve("job-1.json").toFile(), Map.class);
            assertThat(raw).containsKeys("job_id", "last_line", "total_sent", "timestamp", "byte_offset", "owner",
                    "epoch", "lease_expires_at", "status", "source_version");
        }
    }

    @Test
    void secondRunnerIsRefusedWhileTheFirstHoldsTheLease() throws Exception {
        try (DirectoryCheckpointStore first = new DirectoryCheckpointStore(dir);
             DirectoryCheckpointStore second = new DirectoryCheckpointStore(dir)) {
            first.acquire("job-1", TTL);
            assertThatThrownBy(() -> second.acquire("job-1", TTL)).isInstanceOf(LeaseHeldException.class)
                    .hasMessageContaining("already running");
            assertThatThrownBy(() -> second.reset("job-1")).isInstanceOf(LeaseHeldException.class);
        }
    }

    @Test
    void epochGrowsAndAnOldHolderCannotWrite() throws Exception {
        Lease old;
        try (DirectoryCheckpointStore first = new DirectoryCheckpointStore(dir)) {
            old = first.acquire("job-1", TTL);
            first.release(old);
        }
        try (DirectoryCheckpointStore second = new DirectoryCheckpointStore(dir)) {
            Lease current = second.acquire("job-1", TTL);
            assertThat(current.epoch()).isEqualTo(old.epoch() + 1);
            assertThatThrownBy(() -> second.save(old, checkpoint(JobStatus.RUNNING, 1), TTL))
                    .isInstanceOf(LeaseLostException.class);
            second.save(current, checkpoint(JobStatus.COMPLETED, 9), TTL);
            assertThat(second.load("job-1").orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        }
    }

    @Test
    void resetDeletesTheCheckpointAndStartsANewGenerationThatLaterWritesKeep() throws Exception {
        try (DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir)) {
            Lease lease = store.acquire("job-1", TTL);
            assertThat(lease.generation()).as("never reset: the store has no generation").isEqualTo(-1);
            store.save(lease, checkpoint(JobStatus.RUNNING, 3), TTL);
            store.release(lease);

            long first = store.reset("job-1");
            assertThat(store.load("job-1")).isEmpty();
            assertThat(store.leaseInfo("job-1")).isEmpty();
            Lease next = store.acquire("job-1", TTL);
            assertThat(next.generation()).isEqualTo(first);
            store.save(next, checkpoint(JobStatus.COMPLETED, 9), TTL);
            store.release(next);
            assertThat(store.acquire("job-1", TTL).generation()).as("kept by saves").isEqualTo(first);
        }
        try (DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir)) {
            long first = store.acquire("job-1", TTL).generation();
            store.close();
            assertThat(store.reset("job-1")).as("generations only grow").isGreaterThan(first);
        }
    }
}
