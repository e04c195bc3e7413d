package com.csvtokafka.it.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A {@code read_committed} consumer that follows the partition while a scenario runs and checks that what it
 * has seen is, at every moment, a prefix of the file: record i is data row i+1, byte for byte (or, for a copy of a
 * Kafka topic, the source partition's i-th committed record: an {@link Expectation} of the scenario's). An aborted
 * transaction becoming visible, a replayed row or a torn row shows up here the moment it happens, not only in
 * the final topic.
 *
 * <p>It also samples the checkpoint for C5 ({@link Checker} checks each sample against the final topic), and notes
 * when the committed prefix grows, to measure recovery after faults.
 */
public final class PrefixReader implements AutoCloseable {
    private static final long SAMPLE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** The checkpoint claimed {@code checkpoint}; afterwards the partition's last stable offset was {@code lso}. */
    public record Sample(CheckpointReader.State checkpoint, long lso) {
    }

    private record Growth(long nanos, long seen) {
    }

    /** What the record at each prefix index must be. */
    @FunctionalInterface
    public interface Expectation {
        /** Why {@code record}, the one at prefix index {@code index}, is not the one expected there; null when it is. */
        String mismatch(long index, ConsumerRecord<byte[], byte[]> record);
    }

    private final String bootstrap;
    private final String topic;
    private final int partition;
    private final Expectation expected;
    private final CheckpointReader checkpoint;
    private final Thread thread;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<Growth> growth = Collections.synchronizedList(new ArrayList<>());
    private volatile long seen;
    private volatile long violations;
    private volatile String firstViolation;
    private volatile Throwable failure;
    private volatile boolean running = true;

    private PrefixReader(String bootstrap, String topic, int partition, Expectation expected,
                         CheckpointReader checkpoint) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partition = partition;
        this.expected = expected;
        this.checkpoint = checkpoint;
        this.thread = new Thread(this::follow, "prefix-reader-" + topic + "-" + partition);
        this.thread.setDaemon(true);
    }

    /** Follows partition 0 of {@code topic}; {@code checkpoint} may be null when the scenario samples none. */
    public static PrefixReader start(String bootstrap, String topic, List<String> rows, CheckpointReader checkpoint) {
        return start(bootstrap, topic, rows, checkpoint, index -> index + 1);
    }

    /** As {@link #start(String, String, List, CheckpointReader)}, the row numbers given by {@code rowNumberOf}. */
    public static PrefixReader start(String bootstrap, String topic, List<String> rows, CheckpointReader checkpoint,
                                     java.util.function.LongUnaryOperator rowNumberOf) {
        return start(bootstrap, topic, 0, rows, checkpoint, rowNumberOf);
    }

    /**
     * Follows one partition of {@code topic}, which must hold exactly {@code rows} (a keyed job's share of the file
     * for that partition), the record at prefix index i carrying csv.row {@code rowNumberOf(i)}.
     */
    public static PrefixReader start(String bootstrap, String topic, int partition, List<String> rows,
                                     CheckpointReader checkpoint, java.util.function.LongUnaryOperator rowNumberOf) {
        return start(bootstrap, topic, partition, rows(rows, rowNumberOf), checkpoint);
    }

    /** Follows one partition of {@code topic}, whose record at prefix index i must be what {@code expected} says. */
    public static PrefixReader start(String bootstrap, String topic, int partition, Expectation expected,
                                     CheckpointReader checkpoint) {
        PrefixReader reader = new PrefixReader(bootstrap, topic, partition, expected, checkpoint);
        reader.thread.start();
        return reader;
    }

    /** Record i is {@code rows.get(i)}, byte for byte, and carries csv.row {@code rowNumberOf(i)}. */
    private static Expectation rows(List<String> rows, java.util.function.LongUnaryOperator rowNumberOf) {
        return (index, r) -> {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            Header row = r.headers().lastHeader("csv.row");
            String rowNumber = row == null ? null : new String(row.value(), StandardCharsets.UTF_8);
            boolean ok = index < rows.size() && rows.get((int) index).equals(value)
                    && Long.toString(rowNumberOf.applyAsLong(index)).equals(rowNumber);
            return ok ? null : "is row " + rowNumber + " '" + abbreviate(value) + "' but the prefix seen so far ("
                    + index + " rows) makes it row " + rowNumberOf.applyAsLong(index) + " '"
                    + (index < rows.size() ? abbreviate(rows.get((int) index)) : "(past the end of the file)") + "'";
        };
    }

    private void follow() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        TopicPartition tp = new TopicPartition(topic, partition);
        long lastSample = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            while (running) {
                if (checkpoint != null && System.nanoTime() - lastSample > SAMPLE_EVERY_NANOS) {
                    lastSample = System.nanoTime();
                    sample(consumer, tp);
                }
                long before = seen;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    check(r);
                }
                if (seen > before) {
                    growth.add(new Growth(System.nanoTime(), seen));
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void sample(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp) {
        Optional<CheckpointReader.State> state;
        try {
            state = checkpoint.read();
        } catch (RuntimeException e) {
            return; // DynamoDB Local or the file briefly unreadable: no sample, not a violation
        }
        if (state.isEmpty()) {
            return;
        }
        try {
            // read_committed: endOffsets is the last stable offset, below which every transaction is decided
            long lso = consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
            samples.add(new Sample(state.get(), lso));
        } catch (RuntimeException e) {
            // a broker down: the sample is only valid with a fresh LSO, so skip it
        }
    }

    private void check(ConsumerRecord<byte[], byte[]> r) {
        long index = seen;
        String wrong = expected.mismatch(index, r);
        if (wrong != null) {
            violations++;
            if (firstViolation == null) {
                firstViolation = "record at offset " + r.offset() + (partition == 0 ? "" : " of partition " + partition)
                        + " " + wrong;
            }
        }
        seen = index + 1;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    /** Records seen so far. */
    public long seen() {
        return seen;
    }

    /** Blocks until the reader has seen at least {@code count} records; false on timeout. */
    public boolean awaitSeen(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen < count) {
            if (failure != null) {
                throw new IllegalStateException("the prefix reader of " + topic + " failed: " + failure, failure);
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * Nanoseconds from {@code faultNanos} until the committed prefix grew past {@code seenAtFault}, or until
     * {@code doneNanos} when it never grew again (the fault hit after the last commit).
     */
    public long recoveryNanos(long faultNanos, long seenAtFault, long doneNanos) {
        for (Growth g : new ArrayList<>(growth)) {
            if (g.nanos() > faultNanos && g.seen() > seenAtFault) {
                return g.nanos() - faultNanos;
            }
        }
        return doneNanos - faultNanos;
    }

    /** Records that broke the prefix (0 when every record was the next row of the file). */
    public long violations() {
        return violations;
    }

    public String firstViolation() {
        return firstViolation;
    }

    public List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** Records the readers have seen together. */
    public static long total(List<PrefixReader> readers) {
        return readers.stream().mapToLong(PrefixReader::seen).sum();
    }

    /** Closes every reader (a second close is harmless); the first failure is thrown after all are closed. */
    public static void closeAll(List<PrefixReader> readers) throws InterruptedException {
        IllegalStateException failed = null;
        for (PrefixReader r : readers) {
            try {
                r.close();
            } catch (IllegalStateException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Stops following; callers that want the whole topic checked {@link #awaitSeen} first. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (failure != null) {
            throw new IllegalStateException("the prefix reader of " + topic + " failed: " + failure, failure);
        }
    }
}
