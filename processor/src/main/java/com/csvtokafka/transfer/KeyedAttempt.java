package com.csvtokafka.transfer;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.compress.Compression;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.RowTooLargeException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.Plural;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.kafka.KafkaTail;
import com.csvtokafka.position.Anchor;
import com.csvtokafka.position.AnchorCodec;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * A keyed job's attempt (docs/architecture.md, "Keyed mode"): one reader, K {@link Lane}s. Each lane is a
 * transactional producer of its own that owns a fixed share of the partitions (the i-th listed partition belongs to
 * lane i mod K) and commits on its own. This thread reads the inputs in file order, hands every batch of rows to
 * every lane, and writes the checkpoint: its position is the <em>mark</em>, a place every lane had committed through.
 *
 * <p>Recovery: each lane resumes past its newest anchor (the newest of its partitions' tails) or past the mark,
 * whichever is further; the reader starts at the least advanced lane and every lane skips what it already holds.
 */
final class KeyedAttempt implements JobAttempt {
    private static final Duration KAFKA_READ_TIMEOUT = Duration.ofSeconds(60);
    /** The checkpoint is written at least this often (it also renews the lease), and when the mark moves. */
    private static final long SAVE_ANYWAY_NANOS = 10_000_000_000L;
    private static final long LANE_END_WAIT_MILLIS = 150_000;

    private final JobContext job;
    private final JobConfig config;
    private final InputSet inputs;
    private final CheckpointWriter checkpoints;
    /** Lanes report from their own threads: one event at a time. */
    private final JobListener events;
    private final List<TransactionWriter> writers = new ArrayList<>();
    private final List<Lane> lanes = new ArrayList<>();
    private Position committed;
    private Progress progress;
    private List<String> firstHeader;
    /** The last row read (by any lane's count) and where the row after it starts. */
    private int input;
    private long lastRow;
    private long lastNext;
    private long rowsRead;
    private long lastSaveNanos;
    private Position lastSaved;
    private long streamStarted;
    private long rowsAtStart;
    /** The job's generation this attempt continues (recovery/Generation). */
    private long generation;

    KeyedAttempt(JobContext job, CheckpointWriter checkpoints) {
        this.job = job;
        this.config = job.config();
        this.inputs = job.inputs();
        this.checkpoints = checkpoints;
        JobListener all = job.events();
        this.events = event -> {
            synchronized (all) {
                all.on(event);
            }
        };
    }

    @Override
    public boolean madeProgress() {
        return lanes.stream().anyMatch(Lane::madeProgress);
    }

    @Override
    public Set<TooLargeRows.RowAt> refusedRows() {
        Set<TooLargeRows.RowAt> all = new HashSet<>();
        lanes.forEach(l -> all.addAll(l.writer().refusedRows()));
        return all;
    }

    @Override
    public String lastRowHandled() {
        return "row " + Math.max(0, lastRow) + " of " + inputs.describe(input) + " (next row at byte offset "
                + lastNext + ")";
    }

    @Override
    public Position committed() {
        return committed;
    }

    @Override
    public Outcome run() throws IOException, RecoveryException, TransferFailedException, ConfigurationException {
        PartitionList partitions = config.partitions();
        int laneCount = config.lanes();
        int[] laneOf = new int[partitions.highest() + 1];
        int[] slotOf = new int[laneOf.length];
        Arrays.fill(laneOf, -1);
        int[] slots = new int[laneCount];
        for (int i = 0; i < partitions.size(); i++) {
            laneOf[partitions.get(i)] = i % laneCount;
            slotOf[partitions.get(i)] = slots[i % laneCount]++;
        }
        TopicLimits limits = job.limits();
        for (int k = 0; k < laneCount; k++) {
            writers.add(new TransactionWriter(job.kafka().producer(laneJobId(config.jobId(), k),
                    Math.min(limits.maxRecordBytes(), limits.deadLetterMaxBytes()), limits.requestLimit()),
                    limits, Math.max(1, slots[k])));
        }
        for (TransactionWriter w : writers) {
            w.fence(); // every lane's zombie is fenced before any tail is read
        }
        Optional<Checkpoint> saved = checkpoints.saved();
        List<Optional<Anchor>> anchors = newestAnchors(partitions, laneCount);
        List<Position> resumes = RecoveryPlanner.planLanes(config.jobId(), saved, anchors, inputs,
                config.dialect().header());
        for (int k = 0; k < laneCount; k++) {
            lanes.add(new Lane(k, config, writers.get(k), events, laneOf, slotOf, inputs.size(), resumes.get(k)));
        }
        Position start = resumes.get(0);
        for (Position p : resumes) {
            if (p.before(start)) {
                start = p;
            }
        }
        committed = mark();
        lastSaved = committed;
        Optional<Anchor> newest = anchors.stream().flatMap(Optional::stream)
                .reduce((a, b) -> a.next().before(b.next()) ? b : a);
        events.on(new JobEvent.Resumed(start.withCounts(committed.sent(), committed.skipped()), newest.isPresent(),
                newest.map(Anchor::row).orElse(-1L), newest.map(Anchor::kafkaOffset).orElse(-1L),
                saved.map(Checkpoint::position).orElse(null)));
        input = start.input();
        lastRow = start.row() - 1;
        lastNext = start.offset();
        rowsAtStart = committed.sent() + committed.skipped();
        rowsRead = rowsAtStart;
        progress = new Progress(events, inputs.totalBytes(), inputs.bytesBefore(input) + start.offset(), rowsRead);
        streamStarted = System.nanoTime();
        lastSaveNanos = streamStarted;
        lanes.forEach(Lane::start);
        try {
            Position from = start;
            while (true) {
                Outcome outcome = streamInput(from);
                if (outcome != null) {
                    return outcome;
                }
                if (from.input() + 1 >= inputs.size()) {
                    return finish();
                }
                from = Position.plain(from.input() + 1, 0, config.dialect().header() ? 0 : 1, 0, 0);
                input = from.input();
                lastRow = from.row() - 1;
                lastNext = 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while handing out rows", e);
        }
    }

    /** The transactional identity of lane {@code k}: the job's own id with the lane's number. */
    static String laneJobId(String jobId, int k) {
        return jobId + "/lane-" + k;
    }

    /**
     * Each lane's newest anchor of the job's current generation: of all its partitions' tails, the one that has come
     * furthest.
     */
    private List<Optional<Anchor>> newestAnchors(PartitionList partitions, int laneCount) throws RecoveryException {
        List<Optional<Anchor>> tails;
        try (Consumer<byte[], byte[]> consumer = job.kafka().consumer("csv-to-kafka-" + config.jobId() + "-recovery")) {
            tails = KafkaTail.lastAnchors(consumer, config.topic(), partitions.listed(), config.jobId(),
                    KAFKA_READ_TIMEOUT);
        }
        Generation current = Generation.choose(config.jobId(), job.generation(), tails);
        generation = current.value();
        return KafkaTail.newestOfLanes(current.anchors(), laneCount);
    }

    /** The rows of one input from {@code from}, to every lane: null at its end, or how the run ended. */
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
            events.on(new JobEvent.InputOpened(from.input(), inputs.size(), in.uri(), in.size(),
                    rows.compression().label(), from.offset(), from.seek().raw(), rows.skipped().bytes(),
                    rows.skipped().took().toMillis()));
            if (rows.emptyInput()) {
                emptyInput(in);
                return null;
            }
            requireSameHeader(rows.header(), from.input());
            AnchorCodec codec = job.codec(from.input(), generation);
            rows.start(job.limits(), codec);
            long bytesBefore = inputs.bytesBefore(from.input());
            Position badRowOwner = lanes.get(0).resume();
            while (true) {
                ReadAhead.Batch batch = rows.poll();
                requireLanesWorking();
                if (batch == null) {
                    if (job.stop().requested()) {
                        return stopped();
                    }
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
                boolean whole = limit == batch.size;
                if (limit > 0) {
                    lastRow = batch.number[limit - 1];
                    lastNext = batch.next[limit - 1];
                    rowsRead += limit;
                }
                long badNumber = whole ? 0 : batch.number[limit];
                long badOffset = whole ? 0 : batch.offset[limit];
                String badError = whole ? null : batch.error[limit];
                boolean end = whole && batch.end;
                Exception failure = whole ? batch.failure : null;
                // the seek point of the batch's first row serves a resume anywhere in it (the table it comes from
                // is asked in file order, here, not by the lanes)
                Position.Seek seek = rows.compression() == Compression.NONE || batch.size == 0 ? null
                        : rows.seekFor(batch.offset[0]);
                Lane.Part part = new Lane.Part(batch, limit, from.input(), in.uri(), codec, seek, rows, end,
                        lanes.size());
                for (Lane lane : lanes) {
                    lane.offer(part);
                }
                progress.tickMany(rowsRead, bytesBefore + rows.rawPosition(lastNext));
                throttle();
                if (!whole) {
                    badRowFails(in, badNumber, badOffset, badError); // always throws
                }
                if (failure != null) {
                    endLanes(Lane.End.COMMIT);
                    rethrow(failure);
                }
                if (end) {
                    return null;
                }
                if (job.stop().requested()) {
                    return stopped();
                }
                saveNowAndThen();
            }
        }
    }

    /** A lane that failed ends the attempt: the others stop without committing, and the failure is rethrown. */
    private void requireLanesWorking() throws InterruptedException {
        for (Lane lane : lanes) {
            Throwable failure = lane.failure();
            if (failure != null) {
                abortLanes();
                throw asUnchecked(failure);
            }
        }
    }

    /**
     * Ends every lane: {@code COMMIT} commits what each has (every row handed out so far), then the lanes stop.
     * A lane that fails meanwhile ends the attempt with its failure.
     */
    private void endLanes(Lane.End how) throws InterruptedException {
        for (Lane lane : lanes) {
            lane.offer(how);
        }
        long deadline = System.currentTimeMillis() + LANE_END_WAIT_MILLIS;
        for (Lane lane : lanes) {
            while (!lane.join(100)) {
                if (lane.failure() != null || System.currentTimeMillis() > deadline) {
                    break;
                }
            }
        }
        for (Lane lane : lanes) {
            if (lane.failure() != null) {
                abortLanes();
                throw asUnchecked(lane.failure());
            }
            if (lane.alive()) {
                abortLanes();
                throw new IllegalStateException("lane " + lane.index + " did not finish its commit within "
                        + LANE_END_WAIT_MILLIS / 1000 + " s");
            }
        }
        committed = mark();
    }

    /** Stops every lane without another commit; their open transactions are aborted when the attempt closes. */
    private void abortLanes() throws InterruptedException {
        for (Lane lane : lanes) {
            if (lane.alive()) {
                lane.offer(Lane.End.ABORT);
            }
        }
        for (Lane lane : lanes) {
            lane.join(5_000);
        }
    }

    private static RuntimeException asUnchecked(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            return r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(failure);
    }

    /** The job's checkpoint mark: the least advanced lane's committed position, with the job's total counts. */
    private Position mark() {
        Position least = null;
        long sent = 0;
        long skipped = 0;
        for (Lane lane : lanes) {
            Position p = lane.committedThrough();
            if (least == null || p.before(least)) {
                least = p;
            }
            sent += p.sent();
            skipped += p.skipped();
        }
        return least.withCounts(sent, skipped);
    }

    /** A RUNNING checkpoint when the mark moved (at most once per transaction time), and now and then anyway. */
    private void saveNowAndThen() throws TransferFailedException {
        long now = System.nanoTime();
        if (now - lastSaveNanos < config.transactionMaxTime().toNanos()) {
            return;
        }
        Position mark = mark();
        committed = mark;
        if ((mark.equals(lastSaved) && now - lastSaveNanos < SAVE_ANYWAY_NANOS) || mark.sent() + mark.skipped() == 0) {
            return;
        }
        lastSaveNanos = now;
        lastSaved = mark;
        checkpoints.save(JobStatus.RUNNING, mark, rate(now), -1, null);
    }

    private double rate(long now) {
        return progress.averageRowsPerSecond(rowsRead, now);
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

    /** As in single-partition mode: every file of a set has the first file's header, unless --header-mismatch allow. */
    private void requireSameHeader(List<String> header, int index) throws IOException, TransferFailedException,
            InterruptedException {
        if (header == null || !inputs.isSet() || config.allowHeaderMismatch()) {
            return;
        }
        if (firstHeader == null) {
            firstHeader = index == 0 ? header : RowPipeline.header(job.source(), inputs.get(0), config);
        }
        if (!header.equals(firstHeader)) {
            endLanes(Lane.End.COMMIT);
            fail(HeaderMismatch.message(config.jobId(), inputs, index, header, firstHeader, committed.sent()));
        }
    }

    /** A bad row under --on-bad-row fail: every lane commits the rows before it, then the job fails. */
    private void badRowFails(SourceInfo in, long number, long offset, String error) throws TransferFailedException,
            InterruptedException {
        endLanes(Lane.End.COMMIT);
        events.on(new JobEvent.BadRow(in.uri(), number, offset, error, "failed"));
        fail("bad row " + number + " at byte offset " + offset + " of " + in.uri() + ": " + error + ". Rows before "
                + "it are committed exactly once (" + Plural.of(committed.sent(), "record") + "); nothing after it was sent. Fix "
                + "the file (a new version needs a new --job-id), or rerun with --on-bad-row skip or dlq:TOPIC");
    }

    private void fail(String message) throws TransferFailedException {
        checkpoints.save(JobStatus.FAILED, committed, rate(System.nanoTime()), -1, message.replace('\n', ' '));
        throw new TransferFailedException(message);
    }

    private void rethrow(Exception failure) throws IOException, TransferFailedException, ConfigurationException {
        if (failure instanceof RowTooLargeException e) {
            checkpoints.save(JobStatus.FAILED, committed, rate(System.nanoTime()), -1, e.getMessage());
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

    /** The input cannot be read on: what the lanes committed stays, the checkpoint says FAILED. */
    private void sourceFailed(SourceUnusableException e) throws TransferFailedException, ConfigurationException {
        String message = e.getMessage() + "\n" + (committed.sent() + committed.skipped() == 0 ? "nothing was sent"
                : "every row before " + committed.describe() + " of " + inputs.describe(committed.input())
                + " is committed exactly once (" + Plural.of(committed.sent(), "record") + ")");
        checkpoints.save(JobStatus.FAILED, committed, rate(System.nanoTime()), -1, message.replace('\n', ' '));
        if (e instanceof NotCsvException) {
            throw new ConfigurationException(message);
        }
        throw new TransferFailedException(message, e);
    }

    private Outcome stopped() throws TransferFailedException, InterruptedException {
        endLanes(Lane.End.COMMIT);
        checkpoints.save(JobStatus.INTERRUPTED, committed, rate(System.nanoTime()), -1,
                "stopped by " + job.stop().reason());
        events.on(new JobEvent.Stopped(committed, job.stop().reason(), true, null));
        return Outcome.INTERRUPTED;
    }

    private Outcome finish() throws TransferFailedException, InterruptedException {
        endLanes(Lane.End.COMMIT);
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
        checkpoints.save(JobStatus.COMPLETED, end, rate(now), -1, null);
        events.on(new JobEvent.Completed(end, config.topic(), -1, summary.size(), false)); // -1: keyed
        return Outcome.COMPLETED;
    }

    @Override
    public void close() {
        try {
            abortLanes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writers.forEach(TransactionWriter::close);
    }
}
