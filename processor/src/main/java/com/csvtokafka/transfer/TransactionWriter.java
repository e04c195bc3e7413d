package com.csvtokafka.transfer;

import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.Position;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One transactional producer's writes (docs/architecture.md, "Transaction writer"): begin, send with the newest
 * record held back, commit with that record made the transaction's anchor. Each lane of a job has a writer of its
 * own.
 *
 * <p>The newest record is held back one step so that, when the transaction closes, its last record can still be
 * given the full position set: the anchor from which alone the next run knows where to resume.
 */
final class TransactionWriter implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(TransactionWriter.class);

    private final Producer<byte[], byte[]> producer;
    private final TopicLimits limits;
    private final SendErrors errors = new SendErrors();
    private final AnchorOffset anchorOffset = new AnchorOffset(errors);
    /** Rows the broker refused as too large in this writer's life. */
    private final Set<TooLargeRows.RowAt> refusedRows = ConcurrentHashMap.newKeySet();

    /** The newest record of each slot (a partition of the writer's), held back to become an anchor. */
    private final Held[] held;
    private boolean inTransaction;
    private int records;
    private int deadLetters;
    private long started;

    /**
     * @param slots the partitions this writer writes rows to: each transaction ends with an anchor in every one of
     *              them that got a row in it (a keyed lane's partitions, see docs/architecture.md "Keyed mode")
     */
    TransactionWriter(Producer<byte[], byte[]> producer, TopicLimits limits, int slots) {
        this.producer = producer;
        this.limits = limits;
        this.held = new Held[slots];
        for (int i = 0; i < slots; i++) {
            held[i] = new Held();
        }
    }

    /**
     * Fences any earlier producer of this job (a zombie) and aborts its open transaction, so the committed tail
     * read next cannot move any more.
     */
    void fence() {
        producer.initTransactions();
    }

    void begin() {
        producer.beginTransaction();
        inTransaction = true;
        records = 0;
        deadLetters = 0;
        started = System.nanoTime();
    }

    /** Records sent (or held) in the open transaction. */
    int records() {
        return records;
    }

    /** True when the open transaction holds nothing yet (no row record, no dead letter). */
    boolean empty() {
        return records == 0 && deadLetters == 0;
    }

    /** Nanos since the open transaction began. */
    long age(long now) {
        return now - started;
    }

    /**
     * Sends the record held back so far for the partition of slot {@code slot} and holds back this one, a row's
     * record of input {@code input}.
     */
    void send(ProducerRecord<byte[], byte[]> record, long row, long offset, AnchorCodec codec, int input, int slot) {
        Held h = held[slot];
        if (h.record != null) {
            producer.send(h.record, callback(h.record, h.input, h.offset, errors));
        }
        h.record = record;
        h.codec = codec;
        h.input = input;
        h.row = row;
        h.offset = offset;
        records++;
    }

    /** A bad row's dead letter, in the open transaction. */
    void sendDeadLetter(ProducerRecord<byte[], byte[]> record) {
        producer.send(record, errors);
        deadLetters++;
    }

    /** Fails fast when a send of this transaction failed: it cannot commit any more. */
    void throwIfFailed() {
        errors.throwIfFailed();
    }

    /**
     * Commits the open transaction. Its last row record (in each slot) becomes an anchor and the anchor's resume point is
     * {@code resume}: it covers every row handled so far, so rows after the anchor's own are bad rows handled in
     * this same transaction (a good one would be the anchor) and a run resuming from it does not handle them again.
     * A transaction without a row record (only bad rows since the last commit) has no anchor: a crash before the
     * next anchor makes the next run handle those rows again.
     *
     * @return the commit's latency in nanos, or -1 when no transaction was open
     */
    long commit(Position resume) {
        if (!inTransaction) {
            return -1;
        }
        for (Held h : held) {
            if (h.record != null) {
                h.codec.writeAnchor(h.record.headers(), h.row, h.offset, resume);
                producer.send(h.record, callback(h.record, h.input, h.offset, anchorOffset));
                h.record = null;
            }
        }
        long commitStarted = System.nanoTime();
        producer.commitTransaction();
        inTransaction = false;
        errors.throwIfFailed();
        return System.nanoTime() - commitStarted;
    }

    /** The Kafka offset of the last anchor sent, -1 when none yet: the checkpoint's recovery hint. */
    long anchorKafkaOffset() {
        return anchorOffset.offset;
    }

    /** Rows the broker refused as too large. */
    Set<TooLargeRows.RowAt> refusedRows() {
        return refusedRows;
    }

    /** Large records get a callback that remembers their row if the broker refuses them as too large. */
    private Callback callback(ProducerRecord<byte[], byte[]> record, int input, long rowOffset, Callback next) {
        if (record.value() == null || !limits.large(record.value().length)) { // a null value: a copied tombstone
            return next;
        }
        return (metadata, e) -> {
            if (e instanceof RecordTooLargeException) {
                refusedRows.add(new TooLargeRows.RowAt(input, rowOffset));
            }
            next.onCompletion(metadata, e);
        };
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("closing the producer: {}", e.toString());
        }
    }

    /** A record held back, with what its anchor needs. */
    private static final class Held {
        ProducerRecord<byte[], byte[]> record;
        AnchorCodec codec;
        int input;
        long row;
        long offset;
    }

    /** Notes the Kafka offset of each transaction's anchor record, for the checkpoint's recovery hint. */
    private static final class AnchorOffset implements Callback {
        private final SendErrors errors;
        private volatile long offset = -1;

        AnchorOffset(SendErrors errors) {
            this.errors = errors;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e == null) {
                offset = metadata.offset();
            }
            errors.onCompletion(metadata, e);
        }
    }

    /** Remembers the first failed send; the transaction cannot commit after it. */
    private static final class SendErrors implements Callback {
        private volatile Exception first;

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e != null && first == null) {
                first = e;
            }
        }

        void throwIfFailed() {
            Exception e = first;
            if (e instanceof KafkaException k) {
                throw k;
            }
            if (e != null) {
                throw new KafkaException(e);
            }
        }
    }
}
