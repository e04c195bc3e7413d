package com.csvtokafka.transfer;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.RowTooLargeException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.events.Plural;
import com.csvtokafka.position.Anchor;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.KafkaSourceUri;
import com.csvtokafka.source.NotCsvException;
import com.csvtokafka.source.RecordBatch;
import com.csvtokafka.source.RecordSourceException;
import com.csvtokafka.source.RecordStream;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.source.SourceUnusableException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reading side of an attempt (docs/architecture.md, "Attempt"): opens the job's inputs in order from where the
 * attempt resumes and hands their records to the {@link Lanes}, a batch at a time. It owns the checks on what it
 * reads and their messages (an empty input, a header that differs, a bad row under --on-bad-row fail, an input
 * that cannot be read on), progress, --max-rows-per-second, the stop signal, and the checkpoint: written at the
 * lanes' mark, a place every lane had committed through.
 */
final class InputReader {
    /** The checkpoint is written at least this often (it also renews the lease), and when the mark moves. */
    private static final long SAVE_ANYWAY_NANOS = 10_000_000_000L;
    /** Under --max-rows-per-second the records are handed out this many at a time, the pace kept between. */
    private static final int PACED_SLICE = 256;

    private final JobContext job;
    private final JobConfig config;
    private final InputSet inputs;
    private final CheckpointWriter checkpoints;
    private final JobListener events;
    private final Lanes lanes;
    /** The job's generation this attempt continues (recovery/Generation). */
    private final long generation;
    private Position committed;
    private Progress progress;
    private List<String> firstHeader;
    /** The last row handed out and where the row after it starts. */
    private int input;
    private long lastRow;
    private long lastNext;
    private long rowsRead;
    private long rowsAtStart;
    private long streamStarted;
    private long lastSaveNanos;
    private Position lastSaved;
    private boolean lanesEnded;

    InputReader(JobContext job, CheckpointWriter checkpoints, JobListener events, Lanes lanes, long generation) {
        this.job = job;
        this.config = job.config();
        this.inputs = job.inputs();
        this.checkpoints = checkpoints;
        this.events = events;
        this.lanes = lanes;
        this.generation = generation;
    }

    /** The last row handed out, for messages about a failure: {@code row N of <input> (next row at byte offset M)}. */
    String lastRowHandled() {
        return "row " + Math.max(0, lastRow) + " of " + inputs.describe(input) + " (next row at byte offset "
                + lastNext + ")";
    }

    /**
     * Reads from {@code start} (the least advanced lane's resume point) to the end of the last input.
     *
     * @param newest the furthest anchor recovery found, for the {@code resumed} event
     */
    Outcome run(Position start, Optional<Anchor> newest, Optional<Checkpoint> saved) throws IOException,
            TransferFailedException, ConfigurationException {
        committed = lanes.mark();
        lastSaved = committed;
        input = start.input();
        lastRow = start.row() - 1;
        lastNext = start.offset();
        rowsAtStart = committed.sent() + committed.skipped();
        rowsRead = rowsAtStart;
        lanes.afterInlineCommits(this::saveCommitted);
        try {
            lanes.start();
            if (inputs.first() >= inputs.end()) { // a shard of a set with fewer files than shards: nothing to move
                progress = new Progress(events, 0, 0, 0);
                return finish();
            }
            events.on(new JobEvent.Resumed(start.withCounts(committed.sent(), committed.skipped()),
                    newest.isPresent(), newest.map(Anchor::row).orElse(-1L),
                    newest.map(Anchor::kafkaOffset).orElse(-1L), saved.map(Checkpoint::position).orElse(null)));
            progress = new Progress(events, job.totalBytes(), inputs.bytesBefore(input) + start.offset(), rowsRead);
            streamStarted = System.nanoTime();
            lastSaveNanos = streamStarted;
            Position from = start;
            while (true) {
                Outcome outcome = streamInput(from);
                if (outcome != null) {
                    return outcome;
                }
                if (from.input() + 1 >= inputs.end()) {
                    return finish();
                }
                from = job.records().start(from.input() + 1);
                input = from.input();
                lastRow = from.row() - 1;
                lastNext = 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while handing out rows", e);
        } catch (RecordSourceException e) {
            if (e.configuration()) {
                throw new ConfigurationException(e.getMessage());
            }
            throw new TransferFailedException(e.getMessage());
        }
    }

    /** The records of one input from {@code from}, to every lane: null at its end, or how the run ended. */
    private Outcome streamInput(Position from) throws IOException, TransferFailedException, ConfigurationException,
            InterruptedException, RecordSourceException {
        SourceInfo in = inputs.get(from.input());
        RecordStream opened;
        try {
            opened = job.records().open(from);
        } catch (SourceUnusableException e) {
            sourceFailed(e); // always throws
            return null;
        }
        try (RecordStream rows = opened) {
            events.on(new JobEvent.InputOpened(from.input(), inputs.size(), in.uri(), in.size(), rows.encoding(),
                    from.offset(), from.seek().raw(), rows.skippedBytes(), rows.skippedMillis()));
            if (rows.empty()) {
                emptyInput(in);
                return null;
            }
            requireSameHeader(rows.header(), from.input());
            AnchorCodec codec = job.codec(from.input(), generation);
            rows.start(codec);
            long bytesBefore = inputs.bytesBefore(from.input());
            long readBefore = rowsRead;
            Position badRowOwner = lanes.first().resume();
            while (true) {
                RecordBatch batch = rows.poll();
                lanes.requireWorking();
                if (batch == null) { // nothing read for a moment (a slow source)
                    if (job.stop().requested()) {
                        return stopped();
                    }
                    lanes.idle();
                    saveNowAndThen();
                    continue;
                }
                int limit = batch.size;
                if (config.onBadRow().kind() == JobConfig.BadRowPolicy.Kind.FAIL) {
                    for (int i = 0; i < batch.size && limit == batch.size; i++) {
                        if (batch.error[i] != null && !badRowOwner.after(from.input(), batch.offset[i])) {
                            limit = i;
                        }
                    }
                }
                // read before the lanes may give the batch back
                boolean whole = limit == batch.size;
                long badNumber = whole ? 0 : batch.number[limit];
                long badOffset = whole ? 0 : batch.offset[limit];
                String badError = whole ? null : batch.error[limit];
                boolean end = whole && batch.end;
                Exception failure = whole ? batch.failure : null;
                // the seek point of the batch's first row serves a resume anywhere in it (the table it comes from
                // is asked in file order, here, not by the lanes)
                Position.Seek seek = batch.size == 0 ? null : rows.seekFor(batch.offset[0]);
                boolean all = handOut(batch, limit, from.input(), in.uri(), codec, seek, end, rows);
                progress.tick(rowsRead, bytesBefore + rows.storedPosition(lastNext));
                if (!all) {
                    return stopped();
                }
                if (!whole) {
                    badRowFails(in, badNumber, badOffset, badError); // always throws
                }
                if (failure != null) {
                    commitAll();
                    rethrow(failure);
                }
                if (end) {
                    if (from.atInputStart() && rowsRead == readBefore) {
                        emptyInput(in); // a header and nothing else
                    }
                    return null;
                }
                if (job.stop().requested()) {
                    return stopped();
                }
                saveNowAndThen();
            }
        }
    }

    /**
     * Hands the first {@code limit} records of {@code batch} to every lane: at once, or under --max-rows-per-second
     * in slices with the pace kept between them. False when a stop came between slices.
     */
    private boolean handOut(RecordBatch batch, int limit, int in, String uri, AnchorCodec codec, Position.Seek seek,
                            boolean endOfInput, RecordStream rows) throws InterruptedException, TransferFailedException {
        int step = config.maxRowsPerSecond() > 0 ? PACED_SLICE : Math.max(1, limit);
        int slices = Math.max(1, (limit + step - 1) / step);
        AtomicInteger hands = new AtomicInteger(slices * lanes.size());
        for (int k = 0; k < slices; k++) {
            int from = k * step;
            int to = Math.min(limit, from + step);
            if (to > from) {
                lastRow = batch.number[to - 1];
                lastNext = batch.next[to - 1];
                rowsRead += to - from;
            }
            lanes.offer(new LaneCore.Part(batch, from, to, in, uri, codec, seek,
                    endOfInput && k == slices - 1 && in + 1 < inputs.end() ? job.records().start(in + 1) : null, rows,
                    hands));
            throttle();
            if (k < slices - 1 && job.stop().requested()) {
                return false;
            }
        }
        return true;
    }

    /** Commits every lane and stops them (once); the mark is then where they committed through. */
    private void commitAll() throws InterruptedException {
        if (!lanesEnded) {
            lanesEnded = true;
            lanes.commitAndEnd();
        }
        committed = lanes.mark();
    }

    /** After a commit of the one lane: a RUNNING checkpoint where it committed. */
    private void saveCommitted() throws TransferFailedException {
        lastSaveNanos = System.nanoTime();
        lastSaved = lanes.mark();
        committed = lastSaved;
        if (lastSaved.sent() + lastSaved.skipped() > 0) {
            save(JobStatus.RUNNING, lastSaved, null);
        }
    }

    /**
     * A RUNNING checkpoint when the mark moved (several lanes move it one after the other: at most once per
     * transaction time), and now and then anyway (it renews the lease).
     */
    private void saveNowAndThen() throws TransferFailedException {
        long now = System.nanoTime();
        if (now - lastSaveNanos < config.transactionMaxTime().toNanos()) {
            return;
        }
        Position mark = lanes.mark();
        committed = mark;
        // a job that has sent nothing yet saves now and then too: that renews its lease (a followed partition may
        // stay empty for long)
        if (mark.equals(lastSaved) && now - lastSaveNanos < SAVE_ANYWAY_NANOS) {
            return;
        }
        lastSaveNanos = now;
        lastSaved = mark;
        save(JobStatus.RUNNING, mark, null);
    }

    /** Sleeps while this run is ahead of --max-rows-per-second. */
    private void throttle() {
        if (config.maxRowsPerSecond() <= 0) {
            return;
        }
        long now = System.nanoTime();
        long due = streamStarted + (rowsRead - rowsAtStart) * 1_000_000_000L / config.maxRowsPerSecond();
        if (due > now) {
            try {
                Thread.sleep((due - now) / 1_000_000L, (int) ((due - now) % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void emptyInput(SourceInfo in) {
        if (inputs.isSet()) {
            events.on(new JobEvent.EmptyInput(in.uri()));
        }
    }

    /**
     * Every file of a set has the first file's header, unless --header-mismatch allow (then each file's rows are
     * read by its own header). A file that differs fails the job after committing the rows before it.
     */
    private void requireSameHeader(List<String> header, int index) throws IOException, TransferFailedException,
            InterruptedException, RecordSourceException {
        if (header == null || !inputs.isSet() || config.allowHeaderMismatch()) {
            return;
        }
        if (firstHeader == null) {
            firstHeader = index == 0 ? header : job.records().header(0);
        }
        if (!header.equals(firstHeader)) {
            commitAll();
            fail(HeaderMismatch.message(config.jobId(), inputs, index, header, firstHeader, committed.sent()));
        }
    }

    /** A bad row under --on-bad-row fail: every lane commits the rows before it, then the job fails. */
    private void badRowFails(SourceInfo in, long number, long offset, String error) throws TransferFailedException,
            InterruptedException {
        commitAll();
        events.on(new JobEvent.BadRow(in.uri(), number, offset, error, "failed"));
        boolean topic = KafkaSourceUri.isKafka(in.uri()); // a Kafka source's offset counts records, not bytes
        fail((topic ? "the value at offset " + offset + " of source partition " + in.uri() + " is a bad row: "
                : "bad row " + number + " at byte offset " + offset + " of " + in.uri() + ": ") + error + ". Rows "
                + "before it are committed exactly once (" + Plural.of(committed.sent(), "record") + "); nothing after "
                + "it was sent. " + (topic ? "Rerun" : "Fix the file (a new version needs a new --job-id), or rerun")
                + " with --on-bad-row skip or dlq:TOPIC");
    }

    private void fail(String message) throws TransferFailedException {
        save(JobStatus.FAILED, committed, message.replace('\n', ' '));
        throw new TransferFailedException(message);
    }

    /**
     * What failed on the reading thread, rethrown here. A row longer than --max-row-bytes ends the run under every
     * policy (the next row's start cannot be found without buffering it), after committing the rows before it.
     */
    private void rethrow(Exception failure) throws IOException, TransferFailedException, ConfigurationException {
        if (failure instanceof RowTooLargeException e) {
            save(JobStatus.FAILED, committed, e.getMessage());
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
        try {
            commitAll();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        String message = e.getMessage() + "\n" + (committed.sent() + committed.skipped() == 0 ? "nothing was sent"
                : "the last good row is row " + committed.lastRow() + " of " + inputs.describe(committed.input())
                + " (next row at byte offset " + committed.offset() + "); every row before it is committed exactly "
                + "once (" + Plural.of(committed.sent(), "record") + ")");
        save(JobStatus.FAILED, committed, message.replace('\n', ' '));
        if (e instanceof NotCsvException) {
            throw new ConfigurationException(message);
        }
        throw new TransferFailedException(message, e);
    }

    private Outcome stopped() throws TransferFailedException, InterruptedException {
        commitAll();
        save(JobStatus.INTERRUPTED, committed, "stopped by " + job.stop().reason());
        events.on(new JobEvent.Stopped(committed, job.stop().reason(), true, null));
        return Outcome.INTERRUPTED;
    }

    private Outcome finish() throws TransferFailedException, InterruptedException {
        commitAll();
        long now = System.nanoTime();
        progress.report(now, rowsRead, inputs.totalBytes());
        Position end = Position.plain(input, Math.max(lastNext, 0), lastRow + 1, committed.sent(), committed.skipped());
        SourceInfo summary = inputs.summary();
        if (end.sent() == 0 && end.skipped() == 0) {
            events.on(new JobEvent.EmptyInput(summary.uri()));
            if (config.failOnEmpty()) {
                fail("the source " + summary.uri() + " has no data rows (--fail-on-empty)");
            }
        }
        save(JobStatus.COMPLETED, end, null);
        events.on(new JobEvent.Completed(end, config.topic(), job.lanes().reportedPartition(), summary.size(), false));
        return Outcome.COMPLETED;
    }

    /** A checkpoint at {@code at}; a one-partition job's carries its last anchor's Kafka offset, a recovery hint. */
    private void save(JobStatus status, Position at, String message) throws TransferFailedException {
        long kafkaOffset = job.lanes().keyed() ? -1 : lanes.first().writer().anchorKafkaOffset();
        checkpoints.save(status, at, progress.averageRowsPerSecond(rowsRead, System.nanoTime()), kafkaOffset, message);
    }
}
