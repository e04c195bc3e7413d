package com.csvtokafka.transfer;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.RowTooLargeException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.Plural;
import com.csvtokafka.kafka.KafkaTail;
import com.csvtokafka.position.Anchor;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.ByteRange;
import com.csvtokafka.position.Position;
import com.csvtokafka.recovery.RecoveryException;
import com.csvtokafka.recovery.Generation;
import com.csvtokafka.recovery.RecoveryPlanner;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.NotCsvException;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.source.SourceUnusableException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One producer's life (docs/architecture.md, "Attempt"): fence, find the truth in Kafka, open the input there, and
 * stream its rows into transactions until the end, a stop, or an error. Any error ends the attempt; the
 * {@link AttemptLoop} decides what comes next.
 *
 * <p>The attempt tracks the rows it has handled as plain counters on the hot path (one row at a time, no allocation)
 * and speaks {@link Position} at every boundary: recovery, commits, checkpoints, events.
 */
final class Attempt implements JobAttempt {
    private static final Duration KAFKA_READ_TIMEOUT = Duration.ofSeconds(60);

    private final JobContext job;
    private final JobConfig config;
    private final InputSet inputs;
    private final CheckpointWriter checkpoints;
    private TransactionWriter writer;
    private boolean madeProgress;

    private Position resume;
    /** The input being read, its headers' codec, where it starts in the whole set; the first input's header. */
    private int input;
    private AnchorCodec codec;
    /** The job's generation this attempt continues (recovery/Generation). */
    private long generation;
    private long bytesBefore;
    private List<String> firstHeader;
    /** The open input's rows, while one is open. */
    private RowPipeline rows;
    private Position committed;
    private Progress progress;
    /** The last row handled (sent, or a bad row skipped or dead-lettered) and where the row after it starts. */
    private long handledRow;
    private long handledNext;
    private long sent;
    private long skipped;
    /** The transaction is full: commit it before the next good row (bad rows before it join it). */
    private boolean commitDue;
    private int clockCountdown;
    private long streamStarted;

    Attempt(JobContext job, CheckpointWriter checkpoints) {
        this.job = job;
        this.config = job.config();
        this.inputs = job.inputs();
        this.checkpoints = checkpoints;
    }

    /** True once this attempt committed a transaction. */
    @Override
    public boolean madeProgress() {
        return madeProgress;
    }

    /** Rows the broker refused as too large in this attempt. */
    @Override
    public Set<TooLargeRows.RowAt> refusedRows() {
        return writer == null ? Set.of() : writer.refusedRows();
    }

    /** The last row handled, for messages about a failure: {@code row N (next row at byte offset M)}. */
    @Override
    public String lastRowHandled() {
        return "row " + Math.max(0, handledRow) + " (next row at byte offset " + handledNext + ")";
    }

    /** The last position committed by this attempt, or where it started. */
    @Override
    public Position committed() {
        return committed;
    }

    @Override
    public Outcome run() throws IOException, RecoveryException, TransferFailedException, ConfigurationException {
        TopicLimits limits = job.limits();
        writer = new TransactionWriter(job.kafka().producer(config.jobId(),
                Math.min(limits.maxRecordBytes(), limits.deadLetterMaxBytes()), limits.requestLimit()), limits);
        writer.fence();
        Optional<Checkpoint> saved = checkpoints.saved();
        Optional<Anchor> newest;
        try (Consumer<byte[], byte[]> consumer = job.kafka().consumer("csv-to-kafka-" + config.jobId() + "-recovery")) {
            newest = KafkaTail.lastAnchor(consumer, new TopicPartition(config.topic(), config.partition()),
                    config.jobId(), saved.map(Checkpoint::kafkaOffset).orElse(-1L), KAFKA_READ_TIMEOUT);
        }
        Generation current = Generation.choose(config.jobId(), job.generation(), List.of(newest));
        generation = current.value();
        Optional<Anchor> anchor = current.anchor();
        resume = RecoveryPlanner.plan(config.jobId(), saved, anchor, inputs, job.start(), job.range());
        committed = resume;
        sent = resume.sent();
        skipped = resume.skipped();
        handledRow = resume.row() - 1;
        handledNext = resume.offset();
        if (inputs.size() == 0) { // a shard of a set with fewer files than shards: nothing to move
            progress = new Progress(job.events(), 0, 0, 0);
            return finish();
        }
        moveTo(resume);
        job.events().on(new JobEvent.Resumed(resume, anchor.isPresent(), anchor.map(Anchor::row).orElse(-1L),
                anchor.map(Anchor::kafkaOffset).orElse(-1L), saved.map(Checkpoint::position).orElse(null)));
        long total = job.range() == null || job.range().end() == ByteRange.TO_THE_END ? inputs.totalBytes()
                : job.range().end(); // a shard of one file: its range ends there
        progress = new Progress(job.events(), total, inputs.bytesBefore(input) + resume.offset(), sent + skipped);
        streamStarted = System.nanoTime();
        try {
            Position from = resume;
            while (true) {
                Outcome outcome = streamInput(from);
                if (outcome != null) {
                    return outcome;
                }
                if (from.input() + 1 >= inputs.size()) {
                    return finish();
                }
                from = Position.plain(from.input() + 1, 0, config.dialect().header() ? 0 : 1, sent, skipped);
                moveTo(from);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for rows", e);
        }
    }

    /** The rows of one input from {@code from}: null at its end, or how the run ended (stopped). */
    private Outcome streamInput(Position from) throws IOException, TransferFailedException, ConfigurationException,
            InterruptedException {
        SourceInfo in = inputs.get(from.input());
        RowPipeline opened;
        try {
            opened = RowPipeline.open(job.source(), in, from, job.end(from.input()), config, job.tooLarge());
        } catch (SourceUnusableException e) {
            sourceFailed(e); // always throws
            return null;
        }
        try (RowPipeline rows = opened) {
            this.rows = rows;
            job.events().on(new JobEvent.InputOpened(from.input(), inputs.size(), in.uri(), in.size(),
                    rows.compression().label(), from.offset(), from.seek().raw(), rows.skipped().bytes(),
                    rows.skipped().took().toMillis()));
            if (rows.emptyInput()) {
                emptyInput(in);
                return null;
            }
            requireSameHeader(rows.header(), from.input());
            rows.start(job.limits(), codec);
            if (!writer.inTransaction()) {
                writer.begin();
            }
            long before = handledRow;
            Outcome outcome = stream(rows);
            if (outcome == null && from.atInputStart() && handledRow == before) {
                emptyInput(in); // a header and nothing else
            }
            return outcome;
        } finally {
            this.rows = null;
        }
    }

    /** Starts handling rows of the input at {@code at} (a resume point, or an input's start). */
    private void moveTo(Position at) {
        input = at.input();
        codec = job.codec(input, generation);
        bytesBefore = inputs.bytesBefore(input);
        handledRow = at.row() - 1;
        handledNext = at.offset();
    }

    private void emptyInput(SourceInfo in) {
        if (inputs.isSet()) {
            job.events().on(new JobEvent.EmptyInput(in.uri()));
        }
    }

    /**
     * Every file of a set has the first file's header, unless --header-mismatch allow (then each file's rows are
     * read by its own header). A file that differs fails the job after committing the rows before it.
     */
    private void requireSameHeader(List<String> header, int index) throws IOException, TransferFailedException {
        if (header == null || !inputs.isSet() || config.allowHeaderMismatch()) {
            return;
        }
        if (firstHeader == null) {
            firstHeader = index == 0 ? header : RowPipeline.header(job.source(), inputs.get(0), config);
        }
        if (!header.equals(firstHeader)) {
            commit();
            String message = HeaderMismatch.message(config.jobId(), inputs, index, header, firstHeader, sent);
            save(JobStatus.FAILED, message.replace('\n', ' '));
            throw new TransferFailedException(message);
        }
    }

    /** The rows in order, into transactions: null at the input's end, or how the run ended. */
    private Outcome stream(RowPipeline rows) throws IOException, TransferFailedException, ConfigurationException,
            InterruptedException {
        while (true) {
            ReadAhead.Batch batch = rows.poll();
            if (batch == null) { // nothing read for a moment (a slow source)
                if (job.stop().requested()) {
                    return stopped();
                }
                if (commitDue) { // rather than keep a full transaction open while the source is slow
                    commitAndSave();
                }
                continue;
            }
            for (int i = 0; i < batch.size; i++) {
                long number = batch.number[i];
                if (batch.error[i] != null) {
                    badRow(number, batch.offset[i], batch.error[i], batch.deadLetter[i]);
                    handled(number, batch.next[i]);
                    continue;
                }
                if (commitDue) {
                    // committed only now, so that bad rows after the transaction's last good row are handled in its
                    // transaction and covered by its anchor (see TransactionWriter.commit)
                    commitAndSave();
                }
                writer.send(batch.record[i], number, batch.offset[i], codec, input);
                sent++;
                handled(number, batch.next[i]);
                progress.tick(sent + skipped, bytesBefore + rows.rawPosition(batch.next[i]));
                if (job.stop().requested()) {
                    return stopped();
                }
                if (writer.records() >= config.transactionMaxRows() || transactionTimeUp()) {
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
                return null;
            }
        }
    }

    private void handled(long number, long next) {
        handledRow = number;
        handledNext = next;
    }

    /** Where the next row starts and what was done before it: the anchor of a commit now. */
    private Position handled() {
        Position.Seek seek = rows != null && handledNext > 0 ? rows.seekFor(handledNext) : Position.Seek.plain(handledNext);
        return new Position(input, handledNext, handledRow + 1, sent, skipped, seek);
    }

    private void badRow(long number, long offset, String error, ProducerRecord<byte[], byte[]> deadLetter)
            throws TransferFailedException {
        switch (config.onBadRow().kind()) {
            case FAIL -> {
                commit();
                String message = "bad row " + number + " at byte offset " + offset + " of " + inputs.get(input).uri() + ": "
                        + error + ". Rows before it are committed exactly once (" + Plural.of(sent, "record") + "); nothing "
                        + "after it was sent. Fix the file (a new version needs a new --job-id), or rerun with "
                        + "--on-bad-row skip or dlq:TOPIC";
                job.events().on(new JobEvent.BadRow(inputs.get(input).uri(), number, offset, error, "failed"));
                save(JobStatus.FAILED, message);
                throw new TransferFailedException(message);
            }
            case SKIP -> {
                skipped++;
                job.events().on(new JobEvent.BadRow(inputs.get(input).uri(), number, offset, error, "skipped"));
            }
            case DLQ -> {
                skipped++;
                writer.sendDeadLetter(deadLetter);
                job.events().on(new JobEvent.BadRow(inputs.get(input).uri(), number, offset, error, "dead-lettered"));
            }
        }
    }

    private void commitAndSave() throws TransferFailedException {
        commit();
        save(JobStatus.RUNNING, null);
        writer.begin();
    }

    private void commit() {
        commitDue = false;
        Position at = handled();
        long latency = writer.commit(at);
        if (latency < 0) {
            return;
        }
        madeProgress = true;
        job.events().on(new JobEvent.Committed(at, at.sent() - committed.sent(),
                Math.max(0, at.offset() - committed.offset()), latency, writer.anchorKafkaOffset()));
        committed = at;
    }

    private boolean transactionTimeUp() {
        if (--clockCountdown > 0) {
            return false;
        }
        clockCountdown = 256;
        writer.throwIfFailed();
        long now = System.nanoTime();
        throttle(now);
        return writer.age(now) >= config.transactionMaxTime().toNanos();
    }

    /** Sleeps while this run is ahead of --max-rows-per-second. */
    private void throttle(long now) {
        if (config.maxRowsPerSecond() <= 0) {
            return;
        }
        long rows = sent + skipped - resume.sent() - resume.skipped();
        long due = streamStarted + rows * 1_000_000_000L / config.maxRowsPerSecond();
        if (due > now) {
            try {
                Thread.sleep((due - now) / 1_000_000L, (int) ((due - now) % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Outcome stopped() throws TransferFailedException {
        commit();
        save(JobStatus.INTERRUPTED, "stopped by " + job.stop().reason());
        job.events().on(new JobEvent.Stopped(committed, job.stop().reason(), true, null));
        return Outcome.INTERRUPTED;
    }

    /**
     * What failed on the reading thread, rethrown here. A row longer than --max-row-bytes ends the run under every
     * policy (the next row's start cannot be found without buffering it), after committing the rows before it.
     */
    private void rethrow(Exception failure) throws IOException, TransferFailedException, ConfigurationException {
        if (failure instanceof RowTooLargeException e) {
            commit();
            save(JobStatus.FAILED, e.getMessage());
            throw e;
        }
        if (failure instanceof SourceUnusableException e) {
            sourceFailed(e); // always throws
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw new IOException(failure);
    }

    /**
     * The input cannot be read on (corrupt or truncated compressed data, not CSV, changed or gone): the rows before
     * are committed exactly once, the checkpoint says FAILED, and the message names the input and the last good row.
     */
    private void sourceFailed(SourceUnusableException e) throws TransferFailedException, ConfigurationException {
        commit();
        String message = e.getMessage() + "\n" + (sent + skipped == 0 ? "nothing was sent"
                : "the last good row is row " + Math.max(0, handledRow) + " of " + inputs.describe(input) + " (next row "
                + "at byte offset " + handledNext + "); every row before it is committed exactly once ("
                + Plural.of(sent, "record") + ")");
        save(JobStatus.FAILED, message.replace('\n', ' '));
        if (e instanceof NotCsvException) {
            throw new ConfigurationException(message);
        }
        throw new TransferFailedException(message, e);
    }

    private Outcome finish() throws TransferFailedException {
        commit();
        long now = System.nanoTime();
        progress.report(now, sent + skipped, inputs.totalBytes());
        Position end = Position.plain(input, Math.max(handledNext, 0), handledRow + 1, sent, skipped);
        SourceInfo summary = inputs.summary();
        if (end.sent() == 0 && end.skipped() == 0) {
            job.events().on(new JobEvent.EmptyInput(summary.uri()));
            if (config.failOnEmpty()) {
                String message = "the source " + summary.uri() + " has no data rows (--fail-on-empty)";
                checkpoints.save(JobStatus.FAILED, end, 0, writer.anchorKafkaOffset(), message);
                throw new TransferFailedException(message);
            }
        }
        checkpoints.save(JobStatus.COMPLETED, end, progress.averageRowsPerSecond(sent + skipped, now),
                writer.anchorKafkaOffset(), null);
        job.events().on(new JobEvent.Completed(end, config.topic(), config.partition(), summary.size(), false));
        return Outcome.COMPLETED;
    }

    private void save(JobStatus status, String message) throws TransferFailedException {
        if (status == JobStatus.RUNNING && sent == 0) {
            return; // nothing committed yet: no position to record
        }
        checkpoints.save(status, handled(), progress.averageRowsPerSecond(sent + skipped, System.nanoTime()),
                writer.anchorKafkaOffset(), message);
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
