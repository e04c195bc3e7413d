package com.csvtokafka.transfer;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.checkpoint.Lease;
import com.csvtokafka.checkpoint.LeaseHeldException;
import com.csvtokafka.checkpoint.LeaseLostException;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import com.csvtokafka.csv.RowTooLargeException;
import com.csvtokafka.kafka.Anchor;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.kafka.KafkaSettings;
import com.csvtokafka.kafka.KafkaSetupException;
import com.csvtokafka.kafka.KafkaTail;
import com.csvtokafka.kafka.Topics;
import com.csvtokafka.metrics.JobMetrics;
import com.csvtokafka.metrics.ProgressBar;
import com.csvtokafka.recovery.RecoveryException;
import com.csvtokafka.recovery.RecoveryPlanner;
import com.csvtokafka.recovery.ResumePoint;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceUnusableException;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.source.SourceNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One job, run to completion, to a clean stop, or to an error (DESIGN §4): lease, fence, find the truth in
 * Kafka, seek, stream in transactions, checkpoint after each commit. Any Kafka or source failure that is not
 * fatal is an unknown outcome: the producer is closed and the next attempt re-derives the position from Kafka.
 */
public final class TransferJob {
    private static final Logger LOG = LogManager.getLogger(TransferJob.class);
    private static final Duration KAFKA_READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_ATTEMPTS_WITHOUT_PROGRESS = 8;
    /**
     * After a failed checkpoint write, RUNNING checkpoints are not tried again for this long: a write to an
     * unreachable store takes seconds (the SDK's retries), and made after every commit it would hold the stream
     * up while Kafka, the source of truth, works. Final checkpoints (stopped, failed, completed) are always tried.
     * Never longer than a third of the lease: checkpoint writes are also what renews it.
     */
    static final Duration CHECKPOINT_RETRY_AFTER = Duration.ofSeconds(5);

    private final JobConfig config;
    private final Source source;
    private final CheckpointStore store;
    private final KafkaClients kafka;
    private final StopSignal stop;
    private final JobMetrics metrics;
    private final ProgressBar bar;

    public TransferJob(JobConfig config, Source source, CheckpointStore store, KafkaClients kafka, StopSignal stop) {
        this(config, source, store, kafka, stop, JobMetrics.none(), null);
    }

    /** @param bar a terminal progress bar, or null for periodic log lines */
    public TransferJob(JobConfig config, Source source, CheckpointStore store, KafkaClients kafka, StopSignal stop,
                       JobMetrics metrics, ProgressBar bar) {
        this.config = config;
        this.source = source;
        this.store = store;
        this.kafka = kafka;
        this.stop = stop;
        this.metrics = metrics;
        this.bar = bar;
    }

    public Outcome run() throws TransferFailedException, ConfigurationException, InterruptedException {
        SourceInfo info = describeSource();
        int maxRecordBytes = checkTopics();
        Lease lease = acquireLease();
        if (lease == null) {
            return Outcome.INTERRUPTED;
        }
        LOG.info("job {}: lease taken in the {} (epoch {}); source {} ({} bytes, {})", config.jobId(),
                store.describe(), lease.epoch(), info.uri(), info.size(), info.version());
        try {
            Outcome outcome = new Attempts(info, lease, maxRecordBytes).run();
            metrics.finished(outcome == Outcome.COMPLETED ? JobStatus.COMPLETED.name() : JobStatus.INTERRUPTED.name());
            return outcome;
        } catch (TransferFailedException | ConfigurationException | RuntimeException e) {
            metrics.finished(JobStatus.FAILED.name());
            throw e;
        } finally {
            try {
                store.release(lease);
            } catch (IOException e) {
                LOG.warn("could not release the lease of job {} ({}); it expires by itself", config.jobId(), e.getMessage());
            }
        }
    }

    /** The job's lease, waiting for it up to --lease-wait-seconds; null when stopped while waiting. */
    private Lease acquireLease() throws TransferFailedException, InterruptedException {
        long deadline = System.nanoTime() + config.leaseWait().toNanos();
        while (true) {
            try {
                return store.acquire(config.jobId(), config.leaseTtl());
            } catch (LeaseHeldException e) {
                if (System.nanoTime() >= deadline) {
                    throw new TransferFailedException(e.getMessage());
                }
                LOG.info("{}; waiting (up to --lease-wait-seconds)", e.getMessage());
                for (int i = 0; i < 50 && !stop.requested(); i++) {
                    Thread.sleep(100);
                }
                if (stop.requested()) {
                    return null;
                }
            } catch (IOException e) {
                throw new TransferFailedException("cannot take the job's lease in the " + store.describe() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private SourceInfo describeSource() throws ConfigurationException, TransferFailedException {
        try {
            return source.describe();
        } catch (SourceNotFoundException e) {
            throw new ConfigurationException(e.getMessage());
        } catch (IOException e) {
            throw new TransferFailedException(e.getMessage(), e);
        }
    }

    private int checkTopics() throws ConfigurationException, TransferFailedException {
        try (Admin admin = kafka.admin()) {
            Topics topics = new Topics(admin, kafka.bootstrapServers());
            int max = topics.require(config.topic(), config.partition(), config.createTopic());
            deadLetterMaxBytes = config.onBadRow().dlqTopic() == null ? max
                    : topics.require(config.onBadRow().dlqTopic(), 0, config.createTopic());
            return max;
        } catch (KafkaSetupException e) {
            if (e.configuration()) {
                throw new ConfigurationException(e.getMessage());
            }
            throw new TransferFailedException(e.getMessage());
        }
    }

    /** The dead-letter topic's max.message.bytes (the topic's own when there is none). */
    private int deadLetterMaxBytes;

    /** System.nanoTime() before which RUNNING checkpoints are skipped after a failed write; 0 when writes work. */
    private long checkpointRetryAt;

    /** Byte offsets of rows the broker refused as too large, across attempts: bad rows from then on. */
    private final Set<Long> tooLargeRows = new HashSet<>();

    /**
     * The producer's max.request.size: the longest row we accept plus room for headers, so that the broker (which
     * checks the compressed batch against the topic's max.message.bytes) decides what is too large.
     */
    private int requestLimit() {
        return (int) Math.min(Integer.MAX_VALUE - 1024, (long) config.maxRowBytes() * 2 + (1 << 20));
    }

    /** The retry loop around single attempts; each attempt starts from what Kafka has committed. */
    private final class Attempts {
        private final SourceInfo info;
        private final Lease lease;
        private final int maxRecordBytes;
        private Optional<Checkpoint> saved;

        Attempts(SourceInfo info, Lease lease, int maxRecordBytes) throws TransferFailedException {
            this.info = info;
            this.lease = lease;
            this.maxRecordBytes = maxRecordBytes;
            try {
                this.saved = store.load(config.jobId());
            } catch (IOException e) {
                throw new TransferFailedException("cannot read the checkpoint of job " + config.jobId() + ": " + e.getMessage(), e);
            }
        }

        Outcome run() throws TransferFailedException, ConfigurationException, InterruptedException {
            if (saved.isPresent() && saved.get().status() == JobStatus.COMPLETED) {
                try {
                    RecoveryPlanner.requireSameSource(config.jobId(), saved, info);
                } catch (RecoveryException e) {
                    throw new TransferFailedException(e.getMessage());
                }
                LOG.info("job {} is already COMPLETED ({} records sent); nothing to do", config.jobId(), saved.get().totalSent());
                return Outcome.COMPLETED;
            }
            int failures = 0;
            while (true) {
                Attempt attempt = new Attempt(info, lease, maxRecordBytes, saved);
                try (attempt) {
                    return attempt.run();
                } catch (RecoveryException | SourceUnusableException | RowTooLargeException e) {
                    throw new TransferFailedException(e.getMessage());
                } catch (ProducerFencedException | InvalidProducerEpochException e) {
                    throw new TransferFailedException("job " + config.jobId() + " was taken over by another runner "
                            + "(this producer was fenced); this runner stops without writing");
                } catch (AuthorizationException | AuthenticationException e) {
                    throw new ConfigurationException("Kafka refused access: " + e.getMessage() + " (needs write "
                            + "access to the topic and the transactional id " + KafkaSettings.transactionalId(config.jobId()) + ", and read access to the topic)");
                } catch (UnsupportedVersionException e) {
                    throw new TransferFailedException("the brokers do not support transactions: " + e.getMessage());
                } catch (KafkaException | IOException e) {
                    if (causedBy(e, RecordTooLargeException.class)) {
                        if (attempt.refusedRows.isEmpty() || tooLargeRows.containsAll(attempt.refusedRows)) {
                            throw new TransferFailedException("the broker rejected a record as too large near row "
                                    + attempt.lastRow + " (byte offset " + attempt.lastOffset + "): raise the topic's "
                                    + "max.message.bytes / the broker's message.max.bytes", e);
                        }
                        // The transaction is lost with it: resume from Kafka and treat those rows as bad rows,
                        // so that --on-bad-row decides and everything before them is committed.
                        tooLargeRows.addAll(attempt.refusedRows);
                        saved = attempt.saved;
                        LOG.warn("job {}: the broker refused the row(s) at byte offset(s) {} as too large; resuming "
                                + "from Kafka's committed tail and handling them per --on-bad-row", config.jobId(),
                                attempt.refusedRows);
                        continue;
                    }
                    saved = attempt.saved;
                    metrics.retry();
                    failures = attempt.madeProgress ? 1 : failures + 1;
                    if (stop.requested()) {
                        LOG.warn("job {}: stopped by {} before the open transaction could be committed ({}); its "
                                + "outcome is unknown and the checkpoint stays at the last commit it recorded; run again "
                                + "to resume from Kafka's committed tail", config.jobId(), stop.reason(), e.toString());
                        return Outcome.INTERRUPTED;
                    }
                    if (failures > MAX_ATTEMPTS_WITHOUT_PROGRESS) {
                        throw new TransferFailedException("giving up after " + failures + " attempts without progress; "
                                + "last error: " + e, e);
                    }
                    long backoff = Math.min(30_000, 500L << Math.min(6, failures));
                    LOG.warn("job {}: {} — outcome of the open transaction unknown; closing the producer and resuming "
                            + "from Kafka's committed tail in {} ms (attempt {} of {})", config.jobId(), e.toString(),
                            backoff, failures + 1, MAX_ATTEMPTS_WITHOUT_PROGRESS + 1);
                    if (sleepUnlessStopped(backoff)) {
                        return Outcome.INTERRUPTED;
                    }
                }
            }
        }

        private boolean sleepUnlessStopped(long millis) throws InterruptedException {
            long until = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < until) {
                if (stop.requested()) {
                    return true;
                }
                Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
                try {
                    store.renew(lease, config.leaseTtl());
                } catch (LeaseLostException e) {
                    return false; // the next attempt is fenced by the new holder's producer and stops
                } catch (IOException e) {
                    LOG.debug("lease renewal failed: {}", e.getMessage());
                }
            }
            return false;
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** One producer's life: fence, recover, stream until the end, a stop, or an error. */
    private final class Attempt implements AutoCloseable {
        private final SourceInfo info;
        private final Lease lease;
        private final int maxRecordBytes;
        private final SendErrors errors = new SendErrors();
        private final AnchorOffset anchorOffset = new AnchorOffset(errors);
        private Optional<Checkpoint> saved;
        private Producer<byte[], byte[]> producer;
        private boolean madeProgress;
        private long lastRow;
        private long lastOffset;
        /** Byte offsets of rows the broker refused as too large in this attempt. */
        private final Set<Long> refusedRows = ConcurrentHashMap.newKeySet();

        Attempt(SourceInfo info, Lease lease, int maxRecordBytes, Optional<Checkpoint> saved) {
            this.info = info;
            this.lease = lease;
            this.maxRecordBytes = maxRecordBytes;
            this.saved = saved;
        }

        Outcome run() throws IOException, RecoveryException, TransferFailedException, ConfigurationException {
            producer = kafka.producer(config.jobId(), Math.min(maxRecordBytes, deadLetterMaxBytes), requestLimit());
            // Fences any earlier producer of this job (a zombie) and aborts its open transaction, so the
            // committed tail read next cannot move any more.
            producer.initTransactions();
            Optional<Anchor> anchor;
            try (Consumer<byte[], byte[]> consumer = kafka.consumer("csv-to-kafka-" + config.jobId() + "-recovery")) {
                anchor = KafkaTail.lastAnchor(consumer, new TopicPartition(config.topic(), config.partition()),
                        config.jobId(), saved.map(Checkpoint::kafkaOffset).orElse(-1L), KAFKA_READ_TIMEOUT);
            }
            ResumePoint resume = RecoveryPlanner.plan(config.jobId(), saved, anchor, info, config.dialect().header());
            if (anchor.isPresent()) {
                metrics.resume();
                metrics.checkpointLag(anchor.get().sent() - saved.map(Checkpoint::totalSent).orElse(0L));
                LOG.info("job {}: Kafka's last committed record of this job is row {} (record {} at offset {}); "
                        + "resuming at byte {} of {} ({})", config.jobId(), anchor.get().row(), anchor.get().sent(),
                        anchor.get().kafkaOffset(), resume.byteOffset(), info.size(),
                        saved.map(c -> "checkpoint had row " + c.lastLine()).orElse("no checkpoint"));
            } else {
                LOG.info("job {}: nothing of this job in {}-{} yet; starting at the beginning", config.jobId(),
                        config.topic(), config.partition());
            }
            return new Stream(resume).run();
        }

        /** The rows from the resume point, in transactions. */
        private final class Stream {
            private final ResumePoint resume;
            private final RowFramer framer;
            private RecordFactory records;
            private List<String> header;
            private ProducerRecord<byte[], byte[]> pending;
            private long pendingRow;
            private long pendingOffset;
            private long pendingSent;
            /** The last row handled (sent, or a bad row skipped or dead-lettered) and where the row after it starts. */
            private long handledRow;
            private long handledNext;
            /** The transaction is full: commit it before the next good row (bad rows before it join it). */
            private boolean commitDue;
            private long sent;
            private long skipped;
            private long processedRow;
            private int txnRecords;
            private boolean producerInTransaction;
            private long txnStarted;
            private int clockCountdown;
            private final Progress progress;
            private final long startedAt;
            private final long streamStarted = System.nanoTime();
            private long committedSent;
            private long committedOffset;

            Stream(ResumePoint resume) throws IOException {
                this.resume = resume;
                this.sent = resume.sent();
                this.skipped = resume.skipped();
                this.processedRow = resume.nextRow() - 1;
                InputStream in = source.open(info, resume.byteOffset());
                this.framer = new RowFramer(in, resume.byteOffset(), resume.nextRow(), config.dialect(), config.maxRowBytes());
                this.progress = new Progress(config.progressInterval().toMillis(), info.size(), resume.byteOffset(),
                        processedRow, line -> LOG.info("job {} {}", config.jobId(), line), metrics, bar);
                this.committedSent = resume.sent();
                this.committedOffset = resume.byteOffset();
                this.startedAt = saved.map(Checkpoint::startedAt).filter(t -> t > 0).orElse(System.currentTimeMillis());
            }

            Outcome run() throws IOException, TransferFailedException, ConfigurationException {
                try (framer) {
                    if (config.dialect().header()) {
                        header = resume.fresh() ? readHeader(framer, new Row()) : readHeaderFromStart();
                        if (header == null) {
                            return finish(); // an empty file: nothing to send
                        }
                    }
                    records = new RecordFactory(config, info, header, maxRecordBytes, deadLetterMaxBytes, requestLimit());
                    begin();
                    try (ReadAhead rows = new ReadAhead(framer, this::convert, "csv-to-kafka-reader").start()) {
                        return stream(rows);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for rows", e);
                }
            }

            /** On the reading thread: a framed row becomes its record, or the reason it is bad. */
            private void convert(Row row, ReadAhead.Batch into) {
                String error = validate(row);
                // isEmpty first: contains() would box the offset for every row, and the set is almost always empty
                if (error == null && !tooLargeRows.isEmpty() && tooLargeRows.contains(row.offset())) {
                    error = records.rejectedByBroker(row);
                }
                ProducerRecord<byte[], byte[]> record = error == null ? records.build(row) : null;
                if (error == null && record == null) {
                    error = records.tooLarge(row);
                }
                ProducerRecord<byte[], byte[]> deadLetter = error != null
                        && config.onBadRow().kind() == JobConfig.BadRowPolicy.Kind.DLQ ? records.deadLetter(row, error) : null;
                into.add(row, record, error, deadLetter);
            }

            /** On this thread: the rows in order, into transactions. */
            private Outcome stream(ReadAhead rows) throws IOException, TransferFailedException, InterruptedException {
                while (true) {
                    ReadAhead.Batch batch = rows.poll();
                    if (batch == null) { // nothing read for a moment (a slow source)
                        if (stop.requested()) {
                            return stopped();
                        }
                        if (commitDue) { // rather than keep a full transaction open while the source is slow
                            commitAndSave();
                        }
                        continue;
                    }
                    for (int i = 0; i < batch.size; i++) {
                        long number = batch.number[i];
                        processedRow = number;
                        lastRow = number;
                        lastOffset = batch.offset[i];
                        if (batch.error[i] != null) {
                            badRow(number, batch.offset[i], batch.error[i], batch.deadLetter[i]);
                            handled(number, batch.next[i]);
                            continue;
                        }
                        if (commitDue) {
                            // committed only now, so that bad rows after the transaction's last good row are
                            // handled in its transaction and covered by its anchor (see commit())
                            commitAndSave();
                        }
                        hold(batch.record[i], number, batch.offset[i], batch.next[i]);
                        progress.tick(number, batch.next[i]);
                        if (stop.requested()) {
                            return stopped();
                        }
                        if (++txnRecords >= config.transactionMaxRows() || transactionTimeUp()) {
                            commitDue = true;
                        }
                    }
                    boolean end = batch.end;
                    Exception failure = batch.failure;
                    rows.recycle(batch);
                    if (failure != null) {
                        rethrow(failure);
                    }
                    if (end) {
                        return finish();
                    }
                }
            }

            private Outcome stopped() throws TransferFailedException {
                commit();
                LOG.info("job {}: stopped by {} after row {} (byte {}); committed and checkpointed; "
                        + "run again to resume", config.jobId(), stop.reason(), pendingRowOrLast(),
                        Math.max(handledNext, resume.byteOffset()));
                save(JobStatus.INTERRUPTED, "stopped by " + stop.reason());
                return Outcome.INTERRUPTED;
            }

            /**
             * What failed on the reading thread, rethrown here. A row longer than --max-row-bytes ends the run under
             * every policy (the next row's start cannot be found without buffering it), after committing the rows
             * before it, as {@code fail}.
             */
            private void rethrow(Exception failure) throws IOException, TransferFailedException {
                if (failure instanceof RowTooLargeException e) {
                    commit();
                    save(JobStatus.FAILED, e.getMessage());
                    throw e;
                }
                if (failure instanceof IOException e) {
                    throw e;
                }
                if (failure instanceof RuntimeException e) {
                    throw e;
                }
                throw new IOException(failure);
            }

            private Outcome finish() throws TransferFailedException, IOException {
                if (producerInTransaction) {
                    commit();
                }
                progress.report(System.nanoTime(), processedRow, info.size());
                progress.finish();
                saveFinal(JobStatus.COMPLETED, null);
                LOG.info("job {}: COMPLETED — {} records in {}-{}, {} bad rows skipped, {} bytes read", config.jobId(),
                        sent, config.topic(), config.partition(), skipped, info.size());
                return Outcome.COMPLETED;
            }

            private String validate(Row row) {
                if (row.error() != null) {
                    return row.error();
                }
                if (header != null && row.fieldCount() != header.size()) {
                    return "expected " + header.size() + " fields (as in the header), found " + row.fieldCount();
                }
                return null;
            }

            private void badRow(long number, long offset, String error, ProducerRecord<byte[], byte[]> deadLetter)
                    throws TransferFailedException {
                String where = "row " + number + " at byte offset " + offset;
                switch (config.onBadRow().kind()) {
                    case FAIL -> {
                        commit();
                        String message = "bad " + where + " of " + info.uri() + ": " + error + ". Rows before it "
                                + "are committed exactly once (" + sent + " records); nothing after it was sent. "
                                + "Fix the file (a new version needs a new --job-id), or rerun with "
                                + "--on-bad-row skip or dlq:TOPIC";
                        save(JobStatus.FAILED, message);
                        throw new TransferFailedException(message);
                    }
                    case SKIP -> {
                        skipped++;
                        metrics.badRow();
                        LOG.warn("job {}: skipping bad {}: {}", config.jobId(), where, error);
                    }
                    case DLQ -> {
                        skipped++;
                        metrics.badRow();
                        producer.send(deadLetter, errors);
                        LOG.warn("job {}: bad {} sent to dead-letter topic {}: {}", config.jobId(), where,
                                config.onBadRow().dlqTopic(), error);
                    }
                }
            }

            /**
             * Holds back the newest record so that, when the transaction is committed, its last record can still
             * be given the full position set (the anchor the next run resumes from).
             */
            private void hold(ProducerRecord<byte[], byte[]> record, long number, long offset, long next) {
                if (pending != null) {
                    producer.send(pending, callback(pending, pendingOffset, errors));
                }
                sent++;
                pending = record;
                pendingRow = number;
                pendingOffset = offset;
                pendingSent = sent;
                handled(number, next);
            }

            private void handled(long number, long next) {
                handledRow = number;
                handledNext = next;
            }

            private void commitAndSave() throws TransferFailedException {
                commit();
                save(JobStatus.RUNNING, null);
                begin();
            }

            private void begin() {
                producer.beginTransaction();
                producerInTransaction = true;
                txnRecords = 0;
                txnStarted = System.nanoTime();
                clockCountdown = 256;
            }

            private boolean transactionTimeUp() {
                if (--clockCountdown > 0) {
                    return false;
                }
                clockCountdown = 256;
                errors.throwIfFailed();
                long now = System.nanoTime();
                throttle(now);
                return now - txnStarted >= config.transactionMaxTime().toNanos();
            }

            /** Sleeps while this run is ahead of --max-rows-per-second. */
            private void throttle(long now) {
                if (config.maxRowsPerSecond() <= 0) {
                    return;
                }
                long rows = processedRow - (resume.nextRow() - 1);
                long due = streamStarted + rows * 1_000_000_000L / config.maxRowsPerSecond();
                if (due > now) {
                    try {
                        Thread.sleep((due - now) / 1_000_000L, (int) ((due - now) % 1_000_000L));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            /** Large records get a callback that remembers their row if the broker refuses them as too large. */
            private Callback callback(ProducerRecord<byte[], byte[]> record, long rowOffset, Callback next) {
                if (!records.large(record)) {
                    return next;
                }
                return (metadata, e) -> {
                    if (e instanceof RecordTooLargeException) {
                        refusedRows.add(rowOffset);
                    }
                    next.onCompletion(metadata, e);
                };
            }

            /**
             * Commits the open transaction. Its last good record becomes the anchor, and the anchor's resume point
             * covers every row handled so far: rows after the anchor's own are bad rows handled in this same
             * transaction (a good one would be the anchor), so a run resuming from it does not skip or dead-letter
             * them again. A transaction without a good row (only bad rows since the resume point, e.g. a file of bad
             * rows) has no anchor: a crash before the next anchor makes the next run handle those rows again.
             */
            private void commit() {
                commitDue = false;
                if (!producerInTransaction) {
                    return;
                }
                if (pending != null) {
                    records.addAnchor(pending.headers(), pendingRow, pendingOffset, handledNext, handledRow + 1,
                            pendingSent, skipped);
                    producer.send(pending, callback(pending, pendingOffset, anchorOffset));
                    pending = null;
                }
                long commitStarted = System.nanoTime();
                producer.commitTransaction();
                producerInTransaction = false;
                errors.throwIfFailed();
                madeProgress = true;
                long sentNow = pendingSent > 0 ? pendingSent : committedSent;
                metrics.commit(System.nanoTime() - commitStarted, sentNow - committedSent);
                long handledTo = Math.max(handledNext, committedOffset);
                metrics.rows(sentNow - committedSent, Math.max(0, handledTo - committedOffset));
                committedSent = sentNow;
                committedOffset = handledTo;
            }

            private long pendingRowOrLast() {
                return pendingRow > 0 ? pendingRow : processedRow;
            }

            private void save(JobStatus status, String message) throws TransferFailedException {
                if (pendingSent == 0 && resume.sent() == 0 && status == JobStatus.RUNNING) {
                    return; // nothing committed yet: no position to record
                }
                // what the last commit covers (save follows commit): rows handled, records sent, bad rows
                long next = handledNext > 0 ? handledNext : resume.byteOffset();
                long row = handledRow > 0 ? handledRow : resume.nextRow() - 1;
                write(status, row, pendingSent > 0 ? pendingSent : resume.sent(), skipped, next, message);
            }

            private void saveFinal(JobStatus status, String message) throws TransferFailedException {
                write(status, processedRow, sent, skipped, info.size(), message);
            }

            private void write(JobStatus status, long row, long sentTotal, long skippedTotal, long next, String message)
                    throws TransferFailedException {
                if (status == JobStatus.RUNNING && checkpointRetryAt != 0 && System.nanoTime() - checkpointRetryAt < 0) {
                    metrics.checkpointLag(sentTotal - saved.map(Checkpoint::totalSent).orElse(0L));
                    return; // the store failed a moment ago: stream on, try again after CHECKPOINT_RETRY_AFTER
                }
                Checkpoint checkpoint = new Checkpoint(config.jobId(), status, Math.max(0, row), sentTotal, skippedTotal,
                        next, info.size(), info.uri(), info.version(), config.topic(), config.partition(),
                        progress.averageRowsPerSecond(processedRow), startedAt,
                        System.currentTimeMillis(), message, anchorOffset.offset);
                try {
                    store.save(lease, checkpoint, config.leaseTtl());
                    saved = Optional.of(checkpoint);
                    metrics.checkpointLag(0);
                    checkpointRetryAt = 0;
                } catch (LeaseLostException e) {
                    throw new TransferFailedException(e.getMessage());
                } catch (IOException e) {
                    // Kafka holds the truth; the next successful write (or the next run) catches up.
                    long retryAfter = Math.min(CHECKPOINT_RETRY_AFTER.toMillis(), config.leaseTtl().toMillis() / 3);
                    checkpointRetryAt = System.nanoTime() + retryAfter * 1_000_000;
                    LOG.warn("job {}: checkpoint write failed ({}); continuing, Kafka stays the source of truth; "
                            + "next checkpoint write in {} ms", config.jobId(), e.getMessage(), retryAfter);
                    metrics.checkpointLag(sentTotal - saved.map(Checkpoint::totalSent).orElse(0L));
                }
            }

            private List<String> readHeader(RowFramer from, Row row) throws IOException, TransferFailedException {
                if (!from.next(row)) {
                    return null;
                }
                if (row.error() != null) {
                    throw new TransferFailedException("the header row of " + info.uri() + " is malformed: " + row.error());
                }
                return new Fields(config.dialect()).split(row).values(config.dialect().charset());
            }

            private List<String> readHeaderFromStart() throws IOException, TransferFailedException {
                try (RowFramer first = new RowFramer(source.open(info, 0), 0, 0, config.dialect(), config.maxRowBytes())) {
                    List<String> names = readHeader(first, new Row());
                    if (names == null) {
                        throw new TransferFailedException("the source " + info.uri() + " has no header row any more");
                    }
                    return names;
                }
            }
        }

        @Override
        public void close() {
            if (producer == null) {
                return;
            }
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the producer: {}", e.toString());
            }
        }
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

    /** Remembers the first failed send; the transaction cannot commit after it, so the attempt ends early. */
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
