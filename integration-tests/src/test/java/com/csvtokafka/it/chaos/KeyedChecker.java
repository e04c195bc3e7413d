package com.csvtokafka.it.chaos;

import com.csvtokafka.it.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@link Checker}'s counts for a keyed job, from every partition read with {@code read_committed} and the rows of
 * the {@link KeyedFile} (never from the code under test):
 * <ul>
 * <li>C1 lost: data rows no record carries;</li>
 * <li>C2 duplicated: records beyond the first for a row;</li>
 * <li>C3 reordered: within a partition, first occurrences whose row number is lower than the one before;</li>
 * <li>C4 corrupted: records whose bytes are not the row their {@code csv.row} names, that name no row, or that
 *     sit in another partition than Kafka's partitioner chooses for their key;</li>
 * <li>C5 checkpoint ahead: the checkpoint holds the job's mark (a position every lane had committed through, with
 *     the total of the lanes' counts). Sampled during the run together with every partition's last stable offset,
 *     it must not claim more than Kafka held at that moment: its {@code total_sent} at most the committed records
 *     of all partitions below their LSOs, and for each partition, the rows of that partition before the mark's
 *     byte offset at most its committed records below its LSO (the mark is never past the least advanced lane).
 *     The final checkpoint must be COMPLETED and claim no more records than the topic holds;</li>
 * <li>C6 liveness: the job finished.</li>
 * </ul>
 * As in {@link Checker}, a sample whose claim the partitions' LSOs catch up with by the next sample (~200 ms later)
 * is counted as "momentarily ahead of the LSO" (commit markers still being written), not as a failure; a claim on a
 * transaction that was aborted is never caught up with by its own records, and its rows would then be missing (C1).
 *
 * <p>Commit markers can take longer than one sample: {@code commitTransaction()} returns once the coordinator has
 * recorded the decision, and the coordinator writes the markers afterwards, retrying a partition whose leader was
 * just killed, or, when it was killed itself, only after its successor has loaded the transaction log (seconds).
 * So a claim is also "momentarily ahead" when the records already written when it was read (below each partition's
 * high watermark, sampled just before the checkpoint) are, in the end, committed and cover it: the claim's records
 * were in the log then and were committed, not aborted and sent again later. (Records of transactions still open
 * then that were committed later count too, so under broker faults this rule cannot tell a claim on one lane's
 * aborted transaction from the pending markers of another's; the rows of an aborted claim would still have to be
 * sent again, which C1-C3 check.)
 */
final class KeyedChecker {
    private KeyedChecker() {
    }

    /**
     * The checkpoint as sampled, each partition's last stable offset read right after it, and each partition's high
     * watermark (its read_uncommitted end offset) read right before it.
     */
    record Sample(CheckpointReader.State checkpoint, long[] lso, long[] written) {
        /** A sample that allows nothing written but not yet committed. */
        Sample(CheckpointReader.State checkpoint, long[] lso) {
            this(checkpoint, lso, lso);
        }
    }

    static Checker.Verdict check(String bootstrap, String topic, KeyedFile file, List<Sample> samples,
                                 Optional<CheckpointReader.State> finalCheckpoint, boolean finished,
                                 List<PrefixReader> readers) {
        List<List<Topic.Rec>> partitions = new ArrayList<>();
        for (int p = 0; p < file.partitions; p++) {
            partitions.add(Topic.readCommitted(bootstrap, topic, p));
        }
        return check(partitions, file, samples, finalCheckpoint, finished, readers);
    }

    static Checker.Verdict check(List<List<Topic.Rec>> partitions, KeyedFile file, List<Sample> samples,
                                 Optional<CheckpointReader.State> finalCheckpoint, boolean finished,
                                 List<PrefixReader> readers) {
        List<String> problems = new ArrayList<>();
        int[] occurrences = new int[file.rows() + 1];
        long duplicated = 0;
        long reordered = 0;
        long corrupted = 0;
        int records = 0;
        for (int p = 0; p < partitions.size(); p++) {
            long previousFirst = 0;
            for (Topic.Rec r : partitions.get(p)) {
                records++;
                long row = rowNumber(r);
                if (row < 1 || row > file.rows()) {
                    corrupted++;
                    note(problems, "partition " + p + " offset " + r.offset() + " names no row of the file (csv.row "
                            + r.headers().get("csv.row") + ")");
                    continue;
                }
                if (!file.data.rows.get((int) row - 1).equals(r.value())) {
                    corrupted++;
                    note(problems, "partition " + p + " offset " + r.offset() + " (row " + row
                            + ") has other bytes than the file's row");
                }
                if (file.partitionOfRow(row) != p) {
                    corrupted++;
                    note(problems, "partition " + p + " offset " + r.offset() + " holds row " + row + ", whose key "
                            + "Kafka's partitioner puts in partition " + file.partitionOfRow(row));
                }
                if (occurrences[(int) row]++ > 0) {
                    duplicated++;
                    note(problems, "partition " + p + " offset " + r.offset() + " repeats row " + row);
                    continue;
                }
                if (row < previousFirst) {
                    reordered++;
                    note(problems, "partition " + p + " offset " + r.offset() + " is row " + row + " after row "
                            + previousFirst);
                }
                previousFirst = row;
            }
        }
        long lost = 0;
        for (int row = 1; row <= file.rows(); row++) {
            if (occurrences[row] == 0 && lost++ == 0) {
                note(problems, "row " + row + " (partition " + file.partitionOfRow(row) + ") is missing (the first lost one)");
            }
        }
        long ahead = 0;
        long lagging = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            String wrong = ahead(s.checkpoint(), s.lso(), partitions, file);
            if (wrong == null) {
                continue;
            }
            boolean nextCaughtUp = i + 1 < samples.size()
                    && ahead(s.checkpoint(), samples.get(i + 1).lso(), partitions, file) == null;
            if (nextCaughtUp || ahead(s.checkpoint(), s.written(), partitions, file) == null) {
                lagging++;
            } else {
                ahead++;
                note(problems, wrong);
            }
        }
        boolean completed = finished;
        if (finalCheckpoint.isPresent()) {
            CheckpointReader.State c = finalCheckpoint.get();
            if (c.totalSent() > records) {
                ahead++;
                note(problems, "the final checkpoint claims " + c.totalSent() + " records, the topic holds " + records);
            }
            if (!"COMPLETED".equals(c.status())) {
                completed = false;
                note(problems, "final checkpoint status is " + c.status());
            }
        } else {
            completed = false;
            note(problems, "no final checkpoint");
        }
        long prefix = 0;
        for (PrefixReader reader : readers) {
            if (reader.violations() > 0) {
                prefix += reader.violations();
                note(problems, "live reader: " + reader.firstViolation());
            }
        }
        return new Checker.Verdict(file.rows(), records, lost, duplicated, reordered, corrupted, ahead, samples.size(),
                lagging, completed, prefix, problems);
    }

    /**
     * Why the checkpoint claims more than the partitions' committed records below {@code lso} (in the end), or null
     * when it does not.
     */
    private static String ahead(CheckpointReader.State c, long[] lso, List<List<Topic.Rec>> partitions, KeyedFile file) {
        long committed = 0;
        StringBuilder behind = new StringBuilder();
        for (int p = 0; p < partitions.size(); p++) {
            long below = countBelow(partitions.get(p), lso[p]);
            committed += below;
            int due = file.rowsBefore(p, c.byteOffset());
            if (due > below && behind.isEmpty()) {
                behind.append("partition ").append(p).append(" held ").append(below).append(" committed records, but ")
                        .append(due).append(" of its rows start before the mark");
            }
        }
        if (c.totalSent() > committed) {
            return "a " + c.status() + " checkpoint claims " + c.totalSent() + " records (mark at byte "
                    + c.byteOffset() + "), the partitions held " + committed + " committed records";
        }
        if (!behind.isEmpty()) {
            return "a " + c.status() + " checkpoint's mark at byte " + c.byteOffset() + " is past a lane: " + behind;
        }
        return null;
    }

    private static long countBelow(List<Topic.Rec> records, long offset) {
        int lo = 0;
        int hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).offset() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long rowNumber(Topic.Rec r) {
        String row = r.headers().get("csv.row");
        try {
            return row == null ? -1 : Long.parseLong(row);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < 5) {
            problems.add(problem);
        }
    }

    /**
     * Samples the checkpoint every 200 ms, each time followed by every partition's last stable offset (the
     * {@code read_committed} end offset, below which every transaction is decided).
     */
    static final class Sampler implements AutoCloseable {
        private final Thread thread;
        private final List<Sample> samples = new CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private volatile Throwable failure;

        Sampler(String bootstrap, String topic, int partitions, CheckpointReader checkpoint) {
            thread = new Thread(() -> follow(bootstrap, topic, partitions, checkpoint), "keyed-sampler-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        private void follow(String bootstrap, String topic, int partitions, CheckpointReader checkpoint) {
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("isolation.level", "read_committed");
            props.put("enable.auto.commit", "false");
            props.put("key.deserializer", ByteArrayDeserializer.class.getName());
            props.put("value.deserializer", ByteArrayDeserializer.class.getName());
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            Properties uncommitted = new Properties();
            uncommitted.putAll(props);
            uncommitted.put("isolation.level", "read_uncommitted");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
                 KafkaConsumer<byte[], byte[]> writtenReader = new KafkaConsumer<>(uncommitted)) {
                consumer.assign(tps); // end offsets of assigned partitions (else the client warns at every call)
                writtenReader.assign(tps);
                while (running) {
                    Thread.sleep(200);
                    Map<TopicPartition, Long> written;
                    try {
                        written = writtenReader.endOffsets(tps, Duration.ofSeconds(10));
                    } catch (RuntimeException e) {
                        continue; // a broker down: a sample needs fresh offsets
                    }
                    Optional<CheckpointReader.State> state;
                    try {
                        state = checkpoint.read();
                    } catch (RuntimeException e) {
                        continue; // the store or the file briefly unreadable: no sample, not a violation
                    }
                    if (state.isEmpty()) {
                        continue;
                    }
                    Map<TopicPartition, Long> ends;
                    try {
                        ends = consumer.endOffsets(tps, Duration.ofSeconds(10));
                    } catch (RuntimeException e) {
                        continue; // a broker down: a sample needs fresh LSOs
                    }
                    long[] lso = new long[partitions];
                    long[] below = new long[partitions];
                    for (int p = 0; p < partitions; p++) {
                        lso[p] = ends.get(tps.get(p));
                        below[p] = written.get(tps.get(p));
                    }
                    samples.add(new Sample(state.get(), lso, below));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure = t;
            }
        }

        List<Sample> samples() {
            return new ArrayList<>(samples);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(30));
            if (failure != null) {
                throw new IllegalStateException("the checkpoint sampler failed: " + failure, failure);
            }
        }
    }
}
