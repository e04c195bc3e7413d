package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.localstack.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A source topic for Kafka → Kafka tests, filled the way real producers fill topics: a transactional producer
 * writes records to every partition in transactions of 1-20 records, and every fourth transaction is ABORTED (its
 * records and the control markers take offsets a read_committed reader skips). Records have keys (a fifth of them
 * null, the others from 50 keys so that keys repeat), binary values (a few null: tombstones), 0-4 headers (names
 * repeat within a record, some null values, and look-alikes of the copier's own headers — {@code csv.row},
 * {@code src.offset} — always followed by another header, never last) and explicit, non-monotonic timestamps
 * (from two hours before the topic was made).
 *
 * <p>{@link #committed(int)} is what a faithful copy of partition p holds, in order, with the offsets Kafka gave
 * each record; {@link #assertCopiedTo} compares a copy with it. Thread-safe: a test may {@link #append} from one
 * thread (a producer writing while a copy runs) and read from another.
 */
public final class SourceTopic {
    private static final List<String> HEADER_NAMES = List.of("trace", "type", "h", "trace");
    private static final List<String> LOOK_ALIKES = List.of("csv.row", "src.offset", "src.partition");

    /** One record as the source holds it: what a faithful copy keeps (key, value, headers in order, timestamp). */
    public record Rec(int partition, long offset, byte[] key, byte[] value, List<Header> headers, long timestamp) {
        public static Rec of(ConsumerRecord<byte[], byte[]> r) {
            return new Rec(r.partition(), r.offset(), r.key(), r.value(), List.of(r.headers().toArray()), r.timestamp());
        }

        /** Same key, value, headers (names, values, order) and timestamp; partition and offset aside. */
        public boolean sameContent(Rec other) {
            return Arrays.equals(key, other.key) && Arrays.equals(value, other.value) && timestamp == other.timestamp
                    && sameHeaders(headers, other.headers);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("partition " + partition + " offset " + offset + " key " + hex(key)
                    + " value " + hex(value) + " timestamp " + timestamp + " headers [");
            headers.forEach(h -> s.append(' ').append(h.key()).append('=').append(hex(h.value())));
            return s.append(" ]").toString();
        }
    }

    private final String bootstrapServers;
    private final String name;
    private final int partitions;
    private final Random random;
    /**
     * Two hours ago, in whole seconds: timestamps within the broker's retention (older ones are deleted by its
     * retention check within a minute) and not ahead of its clock by more than it accepts.
     */
    private final long baseTimestamp = (System.currentTimeMillis() / 1000 - 7200) * 1000;
    private final List<List<Rec>> committed = new ArrayList<>();
    private long written;
    private int transactions;
    private int aborted;

    private SourceTopic(String bootstrapServers, String name, int partitions, long seed) {
        this.bootstrapServers = bootstrapServers;
        this.name = name;
        this.partitions = partitions;
        this.random = new Random(seed);
        for (int p = 0; p < partitions; p++) {
            committed.add(new ArrayList<>());
        }
    }

    /** Creates topic {@code name} with {@code partitions} partitions on {@code cluster}, empty; fill it with {@link #append}. */
    public static SourceTopic create(LocalKafka cluster, String name, int partitions, long seed) {
        cluster.createTopic(name, partitions);
        return new SourceTopic(cluster.bootstrapServers(), name, partitions, seed);
    }

    public String name() {
        return name;
    }

    public int partitions() {
        return partitions;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The topic as a job's source: {@code kafka://HOST:PORT/TOPIC}. */
    public String uri() {
        return "kafka://" + bootstrapServers + "/" + name;
    }

    /**
     * Writes about {@code records} committed records (the last transaction is completed, so a few more) over all
     * partitions, plus the records of the aborted transactions among them; returns this.
     */
    public synchronized SourceTopic append(int records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            producer.initTransactions();
            int goal = committedCount() + records;
            while (committedCount() < goal) {
                boolean abort = ++transactions % 4 == 0;
                producer.beginTransaction();
                List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (int i = 1 + random.nextInt(20); i > 0; i--) {
                    ProducerRecord<byte[], byte[]> r = next();
                    sent.add(r);
                    acks.add(producer.send(r));
                }
                if (abort) {
                    producer.flush(); // the aborted records take offsets in the log, as a failed producer's do
                    producer.abortTransaction();
                    aborted++;
                    continue;
                }
                producer.commitTransaction();
                for (int i = 0; i < sent.size(); i++) {
                    ProducerRecord<byte[], byte[]> r = sent.get(i);
                    RecordMetadata at = acks.get(i).get();
                    committed.get(r.partition()).add(new Rec(r.partition(), at.offset(), r.key(), r.value(),
                            List.of(r.headers().toArray()), r.timestamp()));
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a committed send failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** The committed records of partition p, in offset order: what a faithful copy of it holds. */
    public synchronized List<Rec> committed(int partition) {
        return List.copyOf(committed.get(partition));
    }

    public synchronized int committedCount() {
        return committed.stream().mapToInt(List::size).sum();
    }

    /** How many transactions were aborted so far (their records are in the log, never committed). */
    public synchronized int abortedTransactions() {
        return aborted;
    }

    /** What a read_committed reader sees in {@code partition} of {@code topic} on {@code bootstrapServers}. */
    public static List<Rec> readCommitted(String bootstrapServers, String topic, int partition) {
        return Topic.raw(bootstrapServers, topic, partition).stream().map(Rec::of).toList();
    }

    /**
     * Asserts that each partition p of {@code topic} on {@code targetBootstrap} holds exactly this topic's
     * committed records of partition p, in order: same key, value, timestamp, and the source's headers in order
     * followed only by headers of the copier's own (named {@code csv.*} or {@code src.*}).
     */
    public void assertCopiedTo(String targetBootstrap, String topic) {
        for (int p = 0; p < partitions; p++) {
            List<Rec> expected = committed(p);
            List<Rec> found = readCommitted(targetBootstrap, topic, p);
            for (int i = 0; i < Math.min(expected.size(), found.size()); i++) {
                Rec want = expected.get(i);
                Rec got = found.get(i);
                assertThat(withoutOwnHeaders(got, want.headers().size()).sameContent(want))
                        .as("target partition %d record %d is the source's offset %d:%n  source %s%n  target %s",
                                p, i, want.offset(), want, got).isTrue();
            }
            assertThat(found).as("records in target partition %d", p).hasSameSizeAs(expected);
        }
    }

    /** {@code r} with its headers cut to the source's {@code count}, if all after them are the copier's own. */
    public static Rec withoutOwnHeaders(Rec r, int count) {
        List<Header> all = r.headers();
        boolean ownTail = count <= all.size()
                && all.subList(count, all.size()).stream().allMatch(h -> isOwn(h.key()));
        return ownTail ? new Rec(r.partition(), r.offset(), r.key(), r.value(), all.subList(0, count), r.timestamp()) : r;
    }

    private static boolean isOwn(String header) {
        return header.startsWith("csv.") || header.startsWith("src.");
    }

    private ProducerRecord<byte[], byte[]> next() {
        long n = written++;
        int partition = random.nextInt(partitions);
        byte[] key = random.nextInt(5) == 0 ? null : utf8("key-" + random.nextInt(50));
        byte[] value = random.nextInt(50) == 0 ? null : value(n);
        long timestamp = baseTimestamp + n + random.nextInt(1000);
        List<Header> headers = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            if (i > 1 && random.nextInt(4) == 0) {
                headers.add(new RecordHeader(LOOK_ALIKES.get(random.nextInt(LOOK_ALIKES.size())), utf8("x" + n)));
            } else {
                headers.add(new RecordHeader(HEADER_NAMES.get(random.nextInt(HEADER_NAMES.size())),
                        random.nextInt(6) == 0 ? null : utf8("v" + n + "-" + i)));
            }
        }
        return new ProducerRecord<>(name, partition, timestamp, key, value, headers);
    }

    /** Text then raw bytes (a NUL, bytes that are not UTF-8): a copy must keep them exactly. */
    private byte[] value(long n) {
        byte[] text = utf8("value-" + n + "-");
        byte[] raw = new byte[random.nextInt(40)];
        random.nextBytes(raw);
        byte[] all = Arrays.copyOf(text, text.length + raw.length);
        System.arraycopy(raw, 0, all, text.length, raw.length);
        return all;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("transactional.id", "source-topic-" + name);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        return p;
    }

    private static boolean sameHeaders(List<Header> a, List<Header> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).key().equals(b.get(i).key()) || !Arrays.equals(a.get(i).value(), b.get(i).value())) {
                return false;
            }
        }
        return true;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
    }
}
