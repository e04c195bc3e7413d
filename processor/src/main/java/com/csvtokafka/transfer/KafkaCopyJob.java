package com.csvtokafka.transfer;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * A job whose source is a Kafka topic (docs/architecture.md, "Kafka source"): pin the source (each partition's
 * first and end offsets, under the job's lease, once), check that the target topic has as many partitions, then copy
 * every source partition p into target partition p, all at once. Each partition copy is a job of its own,
 * {@code <job-id>.p<N>}, run by the one engine over its one input: its own lease, transactional producer,
 * recovery from its target partition's committed tail, checkpoint. The copies share the stop signal and the
 * listeners (one event at a time); one that fails stops the others (each commits what it has) and fails the job.
 * With {@code --source-format json|csv} each value is read as a row and shaped ({@link ValueShaper}).
 */
public final class KafkaCopyJob {
    private final JobConfig config;
    private final KafkaSourceUri uri;
    private final KafkaClients source;
    private final CheckpointStore store;
    private final KafkaClients kafka;
    private final StopSignal stop;
    private final JobListener events;
    private final boolean allowGaps;

    /**
     * @param source    the source cluster's clients
     * @param allowGaps records gone from the source before they were copied are an event each, not a failure
     */
    public KafkaCopyJob(JobConfig config, KafkaSourceUri uri, KafkaClients source, CheckpointStore store,
                        KafkaClients kafka, StopSignal stop, JobListener events, boolean allowGaps) {
        this.config = config;
        this.uri = uri;
        this.source = source;
        this.store = store;
        this.kafka = kafka;
        this.stop = StopSignal.within(stop);
        this.events = JobListener.serialized(events);
        this.allowGaps = allowGaps;
    }

    /** The job id of the copy of source partition {@code partition}. */
    public static String partitionJobId(String jobId, int partition) {
        return jobId + ".p" + partition;
    }

    public Outcome run() throws TransferFailedException, ConfigurationException, InterruptedException {
        return TransferJob.reportingFailure(events, this::runJob);
    }

    private Outcome runJob() throws TransferFailedException, ConfigurationException, InterruptedException {
        PinnedTopic topic = pin();
        if (topic == null) {
            events.on(new JobEvent.Stopped(null, stop.reason(), true, "while waiting for the job's lease"));
            return Outcome.INTERRUPTED;
        }
        TopicLimits limits = checkTarget(topic.partitions());
        KafkaRecords records = new KafkaRecords(topic, () -> source.sourceConsumer("csv-to-kafka-" + config.jobId()
                + "-source"), config.topic(), headers(), allowGaps ? this::gap : null,
                config.sourceValues().shaped() ? ValueShaper.of(config, limits) : null);
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
                        return copy(partition, topic.inputs().only(partition), records, limits);
                    } catch (Exception e) {
                        if (first.compareAndSet(null, e)) {
                            stop.request("the copy of partition " + partition + " failed");
                        }
                        throw e;
                    }
                }));
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

    /** One source partition's copy, as a job of its own under its own lease. */
    private Outcome copy(int partition, InputSet inputs, KafkaRecords records, TopicLimits limits)
            throws TransferFailedException, ConfigurationException, InterruptedException {
        JobConfig part = config.toBuilder().jobId(partitionJobId(config.jobId(), partition)).partition(partition)
                .partitionGiven(true).createTopic(false).build();
        Lease lease = JobLease.acquire(store, part, stop, events);
        if (lease == null) {
            events.on(new JobEvent.Stopped(null, stop.reason(), true, "while waiting for the job's lease"));
            return Outcome.INTERRUPTED;
        }
        try {
            SourceInfo info = inputs.summary();
            events.on(new JobEvent.Started(info.uri(), info.size(), info.version(), store.describe(), lease.epoch(),
                    part.topic(), partition));
            JobContext job = new JobContext(part, LanePlan.of(part), inputs, records, null, kafka, stop, events, limits,
                    new TooLargeRows(), lease.generation());
            return new AttemptLoop(job, store, lease).run();
        } finally {
            JobLease.release(store, lease);
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
    private PinnedTopic pin() throws TransferFailedException, ConfigurationException, InterruptedException {
        PinnedTopic now = readSource();
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
    private TopicLimits checkTarget(int partitions) throws ConfigurationException, TransferFailedException {
        try (Admin admin = kafka.admin()) {
            Topics topics = new Topics(admin, kafka.bootstrapServers());
            int count = topics.partitions(config.topic(), config.createTopic() ? partitions : 0);
            if (count != partitions) {
                throw new ConfigurationException("source topic " + uri + " has " + partitions + " partitions but "
                        + "target topic " + config.topic() + " has " + count + ": each source partition p is copied "
                        + "into target partition p, so the counts must match. Copy into a topic of " + partitions
                        + " partitions (--create-topic creates a missing one with the source's count)");
            }
            int max = topics.require(config.topic(), 0, false);
            int deadLetterMax = config.onBadRow().dlqTopic() == null ? max
                    : topics.require(config.onBadRow().dlqTopic(), 0, config.createTopic());
            return new TopicLimits(max, deadLetterMax, TopicLimits.requestLimit(config.maxRowBytes()));
        } catch (KafkaSetupException e) {
            if (e.configuration()) {
                throw new ConfigurationException(e.getMessage());
            }
            throw new TransferFailedException(e.getMessage());
        }
    }
}
