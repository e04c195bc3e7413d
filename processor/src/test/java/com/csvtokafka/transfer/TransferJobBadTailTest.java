package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.checkpoint.Lease;
import com.csvtokafka.checkpoint.LeaseHeldException;
import com.csvtokafka.checkpoint.LeaseLostException;
import com.csvtokafka.source.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash between the final commit and the final checkpoint write, when the file ends in bad rows handled after
 * its last good row: the rerun must not skip or dead-letter them again. The bad rows' dead letters are committed
 * in the last good record's transaction, so that record's anchor must resume past them.
 */
class TransferJobBadTailTest {
    private static final String TOPIC = MockKafka.TOPIC;
    private static final String DLQ = MockKafka.DLQ;

    @TempDir
    Path dir;

    @Test
    void deadLettersAfterTheLastGoodRowInItsTransactionAreNotSentAgainAfterACrashBeforeTheFinalCheckpoint()
            throws Exception {
        // transactions of 2 rows: {1, 2} {3, bad 4, bad 5}
        assertRerunSendsNothing("id,name\n1,a\n2,b\n3,c\nbad-4\nbad-5\n", 3, 2);
    }

    @Test
    void deadLettersAloneAfterAFullTransactionAreNotSentAgainAfterACrashBeforeTheFinalCheckpoint() throws Exception {
        // transactions of 2 rows: {1, 2} full, then only bad rows 3 and 4 before the end of the file
        assertRerunSendsNothing("id,name\n1,a\n2,b\nbad-3\nbad-4\n", 2, 2);
    }

    @Test
    void badRowsBetweenTransactionsAreHandledOnceAndRowsNumberedRightAfterAResume() throws Exception {
        // a crash (final checkpoint lost) after {1, 2, bad 3} {4, bad 5}: every row once, numbers intact
        assertRerunSendsNothing("id,name\n1,a\n2,b\nbad-3\n4,d\nbad-5\n", 3, 2);
    }

    private void assertRerunSendsNothing(String csv, int good, int bad) throws Exception {
        Path file = Files.writeString(dir.resolve("data.csv"), csv, StandardCharsets.UTF_8);
        JobConfig config = TestJobs.job(file.toString(), "job-1").onBadRow(JobConfig.BadRowPolicy.parse("dlq:" + DLQ))
                .transactionMaxRows(2).build();
        CrashBeforeFinalCheckpoint store = new CrashBeforeFinalCheckpoint(new DirectoryCheckpointStore(dir.resolve("ck")));

        MockKafka first = new MockKafka();
        try (Source source = Source.of(file.toString(), null)) {
            assertThat(new TransferJob(config, source, store, first, new StopSignal()).run()).isEqualTo(Outcome.COMPLETED);
        }
        List<ProducerRecord<byte[], byte[]>> committed = first.committed;
        assertThat(committed.stream().filter(r -> r.topic().equals(TOPIC))).hasSize(good);
        assertThat(committed.stream().filter(r -> r.topic().equals(DLQ))).hasSize(bad);
        assertThat(store.load("job-1").map(Checkpoint::status)).as("the final checkpoint write was lost")
                .isNotEqualTo(Optional.of(JobStatus.COMPLETED));

        // the rerun reads Kafka's committed tail (the main topic) and must find nothing left to do
        List<ProducerRecord<byte[], byte[]>> mainTopic = committed.stream().filter(r -> r.topic().equals(TOPIC)).toList();
        MockKafka second = new MockKafka(mainTopic);
        store.crash = false;
        try (Source source = Source.of(file.toString(), null)) {
            assertThat(new TransferJob(config, source, store, second, new StopSignal()).run()).isEqualTo(Outcome.COMPLETED);
        }
        assertThat(second.committed(TOPIC).size() + second.committed(DLQ).size() - mainTopic.size()).as("the rerun sent nothing again, to the topic nor the dead-letter topic")
                .isZero();
        Checkpoint done = store.load("job-1").orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.totalSent()).isEqualTo(good);
        assertThat(done.skipped()).as("bad rows counted once").isEqualTo(bad);
        assertThat(done.lastLine()).isEqualTo(good + bad);
    }

    /** A checkpoint store that loses the COMPLETED write, as a kill -9 right after the final commit does. */
    private static final class CrashBeforeFinalCheckpoint implements CheckpointStore {
        private final CheckpointStore delegate;
        boolean crash = true;

        CrashBeforeFinalCheckpoint(CheckpointStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Lease acquire(String jobId, Duration ttl) throws LeaseHeldException, IOException {
            return delegate.acquire(jobId, ttl);
        }

        @Override
        public Optional<Checkpoint> load(String jobId) throws IOException {
            return delegate.load(jobId);
        }

        @Override
        public Optional<String> resetAt(String jobId) throws IOException {
            return delegate.resetAt(jobId);
        }

        @Override
        public void save(Lease lease, Checkpoint checkpoint, Duration ttl) throws LeaseLostException, IOException {
            if (crash && checkpoint.status() == JobStatus.COMPLETED) {
                return;
            }
            delegate.save(lease, checkpoint, ttl);
        }

        @Override
        public void saveInputs(Lease lease, String inputs, Duration ttl) throws LeaseLostException, IOException {
            delegate.saveInputs(lease, inputs, ttl);
        }

        @Override
        public Optional<String> loadInputs(String jobId) throws IOException {
            return delegate.loadInputs(jobId);
        }

        @Override
        public void renew(Lease lease, Duration ttl) throws LeaseLostException, IOException {
            delegate.renew(lease, ttl);
        }

        @Override
        public void release(Lease lease) throws IOException {
            delegate.release(lease);
        }

        @Override
        public long reset(String jobId) throws LeaseHeldException, IOException {
            return delegate.reset(jobId);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        @Override
        public Optional<LeaseInfo> leaseInfo(String jobId) throws IOException {
            return delegate.leaseInfo(jobId);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
