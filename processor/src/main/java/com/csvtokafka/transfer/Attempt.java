package com.csvtokafka.transfer;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.kafka.KafkaTail;
import com.csvtokafka.position.Anchor;
import com.csvtokafka.position.Position;
import com.csvtokafka.recovery.Generation;
import com.csvtokafka.recovery.RecoveryException;
import com.csvtokafka.recovery.RecoveryPlanner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One try at the job from what Kafka has committed (docs/architecture.md, "Attempt"): a transactional producer per
 * lane, every lane's zombie fenced, Kafka's committed tail read and the resume planned, then the {@link InputReader}
 * hands the records to the {@link Lanes} until the end, a stop, or an error. Any error ends the attempt; the
 * {@link AttemptLoop} decides what comes next.
 *
 * <p>Recovery: a one-partition job resumes past its anchor (the checkpoint's Kafka offset a hint for the tail
 * read); each lane of a keyed job past its newest anchor (the newest of its partitions' tails) or past the mark,
 * whichever is further. The reader starts at the least advanced lane and every lane skips what it already holds.
 */
final class Attempt implements AutoCloseable {
    private static final Duration KAFKA_READ_TIMEOUT = Duration.ofSeconds(60);

    private final JobContext job;
    private final JobConfig config;
    private final LanePlan plan;
    private final CheckpointWriter checkpoints;
    /** Lanes report from their own threads: one event at a time. */
    private final JobListener events;
    private final List<TransactionWriter> writers = new ArrayList<>();
    private Lanes lanes;
    private InputReader reader;
    /** Each lane's newest anchor of the job's current generation, and that generation (recovery/Generation). */
    private List<Optional<Anchor>> anchors;
    private long generation;

    Attempt(JobContext job, CheckpointWriter checkpoints) {
        this.job = job;
        this.config = job.config();
        this.plan = job.lanes();
        this.checkpoints = checkpoints;
        this.events = JobListener.serialized(job.events());
    }

    /** True once this attempt committed a transaction. */
    boolean madeProgress() {
        return lanes != null && lanes.madeProgress();
    }

    /** Rows the broker refused as too large in this attempt. */
    Set<TooLargeRows.RowAt> refusedRows() {
        Set<TooLargeRows.RowAt> all = new HashSet<>();
        writers.forEach(w -> all.addAll(w.refusedRows()));
        return all;
    }

    /** The last row handed to the lanes, for messages about a failure. */
    String lastRowHandled() {
        return reader == null ? "the start" : reader.lastRowHandled();
    }

    /** Where every lane has committed through (the checkpoint mark), or null before recovery. */
    Position committed() {
        return lanes == null ? null : lanes.mark();
    }

    Outcome run() throws IOException, RecoveryException, TransferFailedException, ConfigurationException {
        int[] laneOf = new int[plan.partitions().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1];
        int[] slotOf = new int[laneOf.length];
        Arrays.fill(laneOf, -1);
        int[] slots = new int[plan.lanes()];
        for (int i = 0; i < plan.partitions().size(); i++) {
            int lane = plan.laneOf(i);
            laneOf[plan.partitions().get(i)] = lane;
            slotOf[plan.partitions().get(i)] = slots[lane]++;
        }
        TopicLimits limits = job.limits();
        for (int k = 0; k < plan.lanes(); k++) {
            writers.add(new TransactionWriter(job.kafka().producer(plan.transactionalId(config.jobId(), k),
                    Math.min(limits.maxRecordBytes(), limits.deadLetterMaxBytes()), limits.requestLimit()),
                    limits, Math.max(1, slots[k])));
        }
        for (TransactionWriter w : writers) {
            w.fence(); // every lane's zombie is fenced before any tail is read
        }
        Optional<Checkpoint> saved = checkpoints.saved();
        List<Position> resumes = recover(saved);
        List<LaneCore> cores = new ArrayList<>();
        for (int k = 0; k < plan.lanes(); k++) {
            cores.add(new LaneCore(k, plan.lanes() == 1, config, writers.get(k), events, laneOf, slotOf,
                    resumes.get(k)));
        }
        lanes = new Lanes(cores);
        Position start = resumes.get(0);
        for (Position p : resumes) {
            if (p.before(start)) {
                start = p;
            }
        }
        Optional<Anchor> newest = anchors.stream().flatMap(Optional::stream)
                .reduce((a, b) -> a.next().before(b.next()) ? b : a);
        reader = new InputReader(job, checkpoints, events, lanes, generation);
        return reader.run(start, newest, saved);
    }

    /** Where each lane resumes, from Kafka's committed tails and the checkpoint (docs/architecture.md, "Recovery rules"). */
    private List<Position> recover(Optional<Checkpoint> saved) throws RecoveryException {
        List<Optional<Anchor>> tails;
        try (Consumer<byte[], byte[]> consumer = job.kafka().consumer("csv-to-kafka-" + config.jobId() + "-recovery")) {
            tails = plan.keyed()
                    ? KafkaTail.lastAnchors(consumer, config.topic(), plan.partitions(), config.jobId(),
                    KAFKA_READ_TIMEOUT)
                    : List.of(KafkaTail.lastAnchor(consumer, new TopicPartition(config.topic(), plan.partitions().get(0)),
                    config.jobId(), saved.map(Checkpoint::kafkaOffset).orElse(-1L), KAFKA_READ_TIMEOUT));
        }
        Generation current = Generation.choose(config.jobId(), job.generation(), tails);
        generation = current.value();
        if (plan.keyed()) {
            anchors = KafkaTail.newestOfLanes(current.anchors(), plan.lanes());
            return RecoveryPlanner.planLanes(config.jobId(), saved, anchors, job.inputs(), job.records(), job.start());
        }
        anchors = List.of(current.anchor());
        return List.of(RecoveryPlanner.plan(config.jobId(), saved, current.anchor(), job.inputs(), job.records(),
                job.start(), job.range()));
    }

    @Override
    public void close() {
        if (lanes != null) {
            lanes.close();
        }
        writers.forEach(TransactionWriter::close);
    }
}
