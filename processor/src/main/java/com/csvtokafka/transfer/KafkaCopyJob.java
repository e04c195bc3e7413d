package com.csvtokafka.transfer;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.Lease;
import com.csvtokafka.checkpoint.LeaseLostException;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.kafka.KafkaSetupException;
import com.csvtokafka.kafka.Topics;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.KafkaRecords;
import com.csvtokafka.source.KafkaSourceUri;
import com.csvtokafka.source.PinnedTopic;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.source.SourceNotFoundException;
import com.csvtokafka.source.SourceUnusableException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A job whose source is a Kafka topic (docs/architecture.md, "Kafka source"): pin the source (each partition's
 * first and end offsets, under the job's lease, once), then copy it in one of two ways.
 *
 * <p>By default every source partition p goes into target partition p (the target must have as many partitions),
 * all at once. Each partition copy is a job of its own, {@code <job-id>.p<N>}, run by the one engine over its one
 * input: its own lease, transactional producer, recovery from its target partition's committed tail, checkpoint.
 * The copies share the stop signal and the listeners (one event at a time); one that fails stops the others (each
 * commits what it has) and fails the job.
 *
 * <p>Remapped by key ({@code --partitions}), the copy is one keyed job of the engine, {@code <job-id>}: the source
 * partitions are its inputs, read one after the other, each to its pinned end; each record goes to the partition
 * Kafka's default partitioner gives its key ({@link PartitionList#forRecord}), through the keyed lanes and their
 * per-partition anchors, so recovery and exactly once are those of a keyed file job.
 *
 * <p>Following (--follow, copies per partition only), the copies go on past the pinned end offsets until stopped,
 * and never complete. Each copy's lag behind its source partition is a {@code source_lag} event every
 * --progress-seconds and when it stops ({@link SourceLags}). A partition added to the source topic meanwhile is not
 * copied: it is logged.
 *
 * <p>With {@code --source-format json|csv} each value is read as a row and shaped ({@link ValueShaper}); remapped,
 * the shaped record goes to the partition its final key gives.
 */
public final class KafkaCopyJob {
    private static final Logger LOG = LogManager.getLogger(KafkaCopyJob.class);
    /** How often a following job looks for partitions added to the source topic. */
    private static final Duration NEW_PARTITIONS_CHECK = Duration.ofSeconds(60);

    private final JobConfig config;
    private final KafkaSourceUri uri;
    private final KafkaClients source;
    private final CheckpointStore store;
    private final KafkaClients kafka;
    private final StopSignal stop;
    private final JobListener events;
    private final Reading reading;

    /**
     * How the source is read.
     *
     * @param follow    copy on past the pinned end offsets until stopped, instead of completing there
     * @param allowGaps records gone from the source before they were copied are an event each, not a failure
     */
    public record Reading(boolean follow, boolean allowGaps) {
    }

    /** @param source the source cluster's clients */
    public KafkaCopyJob(JobConfig config, KafkaSourceUri uri, KafkaClients source, CheckpointStore store,
                        KafkaClients kafka, StopSignal stop, JobListener events, Reading reading) {
        this.config = config;
        this.uri = uri;
        this.source = source;
        this.store = store;
        this.kafka = kafka;
        this.stop = StopSignal.within(stop);
        this.events = JobListener.serialized(events);
        this.reading = reading;
    }

    /** The job id of the copy of source partition {@code partition}. */
    public static String partitionJobId(String jobId, int partition) {
        return jobId + ".p" + partition;
    }

    public Outcome run() throws TransferFailedException, ConfigurationException, InterruptedException {
        return TransferJob.reportingFailure(events, this::runJob);
    }

    private Outcome runJob() throws TransferFailedException, ConfigurationException, InterruptedException {
        boolean remapped = config.partitions() != null;
        Optional<Checkpoint> remappedBefore = requireSameMapping(remapped);
        PinnedTopic now = readSource();
        PinnedTopic topic = pin(now);
        if (topic == null) {
            events.on(new JobEvent.Stopped(null, stop.reason(), true, "while waiting for the job's lease"));
            return Outcome.INTERRUPTED;
        }
        if (remapped) {
            KeyedPartitions keyed = onTarget(topics -> KeyedPartitions.fix(config, topics,
                    remappedBefore.map(Checkpoint::spec).orElse(null), topic.partitions()));
            JobConfig job = keyed.config();
            TopicLimits limits = onTarget(topics -> limits(topics, keyed.maxMessageBytes()));
            SourceLags lags = new SourceLags(uri, events);
            return underLease(job, topic.inputs(), records(topic, now, job.partitions()::forRecord,
                    job.sourceValues().shaped() ? ValueShaper.of(job, limits) : null, lags), limits, events);
        }
        TopicLimits limits = onTarget(topics -> checkTarget(topics, topic.partitions()));
        SourceLags lags = new SourceLags(uri, events);
        KafkaRecords records = records(topic, now, KafkaRecords.Partitioner.SAME,
                config.sourceValues().shaped() ? ValueShaper.of(config, limits) : null, lags);
        ExecutorService copies = Executors.newFixedThreadPool(topic.partitions(), r -> {
            Thread t = new Thread(r, "copy-" + config.jobId());
            t.setDaemon(true);
            return t;
        });
        AtomicReference<Exception> first = new AtomicReference<>();
        List<Future<Outcome>> outcomes = new ArrayList<>();
        try {
            for (int p = 0; p < topic.partitions(); p++) {
                int partition = p;
                outcomes.add(copies.submit(() -> {
                    try {
                        return copy(partition, topic.inputs().only(partition), records, limits, lags.of(partition));
                    } catch (Exception e) {
                        if (first.compareAndSet(null, e)) {
                            stop.request("the copy of partition " + partition + " failed");
                        }
                        throw e;
                    }
                }));
            }
            if (reading.follow()) {
                watchForNewPartitions(outcomes, topic.partitions());
            }
            boolean completed = true;
            for (Future<Outcome> outcome : outcomes) {
                try {
                    completed &= outcome.get() == Outcome.COMPLETED;
                } catch (ExecutionException e) {
                    completed = false; // the first failure is thrown below
                }
            }
            rethrow(first.get());
            return completed ? Outcome.COMPLETED : Outcome.INTERRUPTED;
        } finally {
            copies.shutdownNow();
        }
    }

    /**
     * While the copies follow the source: every minute, whether the source topic has more partitions than the job
     * pinned. Those are not copied (the target's partitions match the pinned count); said once, as a warning.
     */
    private void watchForNewPartitions(List<Future<Outcome>> outcomes, int pinned) throws InterruptedException {
        boolean told = false;
        for (Future<Outcome> outcome : outcomes) {
            while (!outcome.isDone()) {
                try {
                    outcome.get(NEW_PARTITIONS_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    told = told || tellNewPartitions(pinned);
                } catch (ExecutionException e) {
                    // done: the first failure is thrown by the caller, once the other copies have stopped
                }
            }
        }
    }

    /** True when the source topic now has more partitions than {@code pinned}: logged as a warning. */
    private boolean tellNewPartitions(int pinned) {
        int now;
        try (Admin admin = source.admin()) {
            now = admin.describeTopics(List.of(uri.topic())).allTopicNames().get(NEW_PARTITIONS_CHECK.toMillis(),
                    TimeUnit.MILLISECONDS).get(uri.topic()).partitions().size();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false; // unreachable for now: the copies say so if it lasts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (now <= pinned) {
            return false;
        }
        LOG.warn("job {}: source topic {} now has {} partitions; the job copies the {} it pinned when it first "
                + "started, so partitions {}-{} are NOT copied. A new job copies the whole topic into a target topic "
                + "of {} partitions", config.jobId(), uri, now, pinned, pinned, now - 1, now);
        return true;
    }

    /** One source partition's copy, as a job of its own under its own lease, reporting to {@code copyEvents}. */
    private Outcome copy(int partition, InputSet inputs, KafkaRecords records, TopicLimits limits,
                         JobListener copyEvents)
            throws TransferFailedException, ConfigurationException, InterruptedException {
        JobConfig part = config.toBuilder().jobId(partitionJobId(config.jobId(), partition)).partition(partition)
                .partitionGiven(true).createTopic(false).build();
        return underLease(part, inputs, records, limits, copyEvents);
    }

    /** The engine over {@code inputs} as job {@code job}, under that job's lease, reporting to {@code events}. */
    private Outcome underLease(JobConfig job, InputSet inputs, KafkaRecords records, TopicLimits limits,
                               JobListener events)
            throws TransferFailedException, ConfigurationException, InterruptedException {
        Lease lease = JobLease.acquire(store, job, stop, events);
        if (lease == null) {
            events.on(new JobEvent.Stopped(null, stop.reason(), true, "while waiting for the job's lease"));
            return Outcome.INTERRUPTED;
        }
        try {
            SourceInfo info = inputs.summary();
            events.on(new JobEvent.Started(info.uri(), info.size(), info.version(), store.describe(), lease.epoch(),
                    job.topic(), job.partition()));
            JobContext context = new JobContext(job, LanePlan.of(job), inputs, records, null, kafka, stop, events,
                    limits, new TooLargeRows(), lease.generation());
            return new AttemptLoop(context, store, lease).run();
        } finally {
            JobLease.release(store, lease);
        }
    }

    /**
     * The source's records, each going to the target partition {@code partitioner} names; {@code now} the source as
     * it stands (no copy can have come past its end offsets).
     */
    private KafkaRecords records(PinnedTopic topic, PinnedTopic now, KafkaRecords.Partitioner partitioner,
                                 KafkaRecords.Shaping shaping, SourceLags lags) {
        return new KafkaRecords(topic, now.end(), reading.follow(),
                () -> source.sourceConsumer("csv-to-kafka-" + config.jobId() + "-source"), config.topic(), partitioner,
                headers(), shaping, new KafkaRecords.Watch(reading.allowGaps() ? this::gap : null, lags,
                config.progressInterval()));
    }

    /**
     * A job id is bound to what it moves: a job that copied partition p into partition p (its copies' checkpoints,
     * {@code <job-id>.p<N>}) cannot go on remapped by key, nor a remapped job (its checkpoint, {@code <job-id>})
     * partition by partition — either would copy every record again. Returns the remapped job's checkpoint, if any.
     */
    private Optional<Checkpoint> requireSameMapping(boolean remapped) throws ConfigurationException,
            TransferFailedException {
        try {
            Optional<Checkpoint> asRemapped = store.load(config.jobId());
            if (remapped && store.load(partitionJobId(config.jobId(), 0)).isPresent()) {
                throw new ConfigurationException("job " + config.jobId() + " was started to copy each source "
                        + "partition p into target partition p (without --partitions): it cannot go on remapped by "
                        + "key. Run it without --partitions, or use a new --job-id for a remapped copy");
            }
            if (!remapped && asRemapped.isPresent()) {
                throw new ConfigurationException("job " + config.jobId() + " was started to remap its source by key "
                        + "(with --partitions): it cannot go on copying each partition p into partition p. Run it with "
                        + "the same --partitions, or use a new --job-id");
            }
            return asRemapped;
        } catch (IOException e) {
            throw new TransferFailedException("cannot read the checkpoint of job " + config.jobId() + " in the "
                    + store.describe() + ": " + e.getMessage(), e);
        }
    }

    private static void rethrow(Exception e) throws TransferFailedException, ConfigurationException,
            InterruptedException {
        if (e == null) {
            return;
        }
        if (e instanceof TransferFailedException t) {
            throw t;
        }
        if (e instanceof ConfigurationException c) {
            throw c;
        }
        if (e instanceof InterruptedException i) {
            throw i;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        throw new IllegalStateException(e);
    }

    private KafkaRecords.Headers headers() {
        return switch (config.headers()) {
            case MIN -> KafkaRecords.Headers.NONE;
            case ROW -> KafkaRecords.Headers.PROVENANCE;
            case ALL -> KafkaRecords.Headers.ALL;
        };
    }

    private void gap(String partitionUri, long from, long to) {
        events.on(new JobEvent.SourceGap(partitionUri, from, to));
    }

    /**
     * The source as the job pinned it when it first started (recorded under the job's id in the checkpoint store),
     * or, for a new job, as it stands now, recorded before anything is copied. Null when stopped waiting for the lease.
     */
    private PinnedTopic pin(PinnedTopic now) throws TransferFailedException, ConfigurationException,
            InterruptedException {
        Lease lease = JobLease.acquire(store, config, stop, events);
        if (lease == null) {
            return null;
        }
        try {
            Optional<String> recorded = store.loadInputs(config.jobId());
            if (recorded.isEmpty()) {
                store.saveInputs(lease, now.encode(), config.leaseTtl());
                events.on(new JobEvent.InputsPinned(uri.toString(), now.partitions(), now.inputs().totalBytes(), true, 0));
                return now;
            }
            PinnedTopic pinned = PinnedTopic.decode(uri, recorded.get());
            if (!pinned.topicId().equals(now.topicId())) {
                throw new TransferFailedException("source topic " + uri + " was deleted and created again since job "
                        + config.jobId() + " started (topic id " + pinned.topicId() + ", now " + now.topicId()
                        + "): the records it had that were not copied yet are gone. `reset` the job to copy the new "
                        + "topic from its start, or use a new --job-id");
            }
            events.on(new JobEvent.InputsPinned(uri.toString(), pinned.partitions(), pinned.inputs().totalBytes(),
                    false, 0));
            return pinned;
        } catch (LeaseLostException e) {
            throw new TransferFailedException(e.getMessage());
        } catch (IOException e) {
            throw new TransferFailedException("cannot record or read the pinned source of job " + config.jobId()
                    + " in the " + store.describe() + ": " + e.getMessage(), e);
        } finally {
            JobLease.release(store, lease);
        }
    }

    private PinnedTopic readSource() throws TransferFailedException, ConfigurationException {
        try (Admin admin = source.admin();
             Consumer<byte[], byte[]> consumer = source.sourceConsumer("csv-to-kafka-" + config.jobId() + "-pin")) {
            return PinnedTopic.read(uri, admin, consumer);
        } catch (SourceNotFoundException e) {
            throw new ConfigurationException(e.getMessage());
        } catch (SourceUnusableException e) {
            throw new TransferFailedException(e.getMessage(), e);
        }
    }

    /**
     * The target topic has the source's partition count (created with it under --create-topic when missing): source
     * partition p goes to target partition p; the dead-letter topic, when bad rows go there, exists (created under
     * --create-topic). Returns their size limits.
     */
    private TopicLimits checkTarget(Topics topics, int partitions) throws KafkaSetupException {
        int count = topics.partitions(config.topic(), config.createTopic() ? partitions : 0);
        if (count != partitions) {
            throw new KafkaSetupException("source topic " + uri + " has " + partitions + " partitions but "
                    + "target topic " + config.topic() + " has " + count + ": each source partition p is copied "
                    + "into target partition p, so the counts must match. Copy into a topic of " + partitions
                    + " partitions (--create-topic creates a missing one with the source's count), or remap the "
                    + "records by key with --partitions all", true);
        }
        return limits(topics, topics.require(config.topic(), 0, false));
    }

    /**
     * The size limits of the target, whose max.message.bytes is {@code maxMessageBytes}, and of the dead-letter
     * topic, when bad rows go there: it must exist (created under --create-topic).
     */
    private TopicLimits limits(Topics topics, int maxMessageBytes) throws KafkaSetupException {
        int deadLetterMax = config.onBadRow().dlqTopic() == null ? maxMessageBytes
                : topics.require(config.onBadRow().dlqTopic(), 0, config.createTopic());
        return new TopicLimits(maxMessageBytes, deadLetterMax, TopicLimits.requestLimit(config.maxRowBytes()));
    }

    /** A check of the target topic; what it finds wrong is the user's (exit 2) or the cluster's. */
    private interface TargetCheck<T> {
        T on(Topics topics) throws KafkaSetupException;
    }

    private <T> T onTarget(TargetCheck<T> check) throws ConfigurationException, TransferFailedException {
        try (Admin admin = kafka.admin()) {
            return check.on(new Topics(admin, kafka.bootstrapServers()));
        } catch (KafkaSetupException e) {
            if (e.configuration()) {
                throw new ConfigurationException(e.getMessage());
            }
            throw new TransferFailedException(e.getMessage());
        }
    }
}
