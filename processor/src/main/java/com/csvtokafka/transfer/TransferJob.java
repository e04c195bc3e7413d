package com.csvtokafka.transfer;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.Lease;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.kafka.KafkaSetupException;
import com.csvtokafka.kafka.Topics;
import com.csvtokafka.checkpoint.LeaseLostException;
import com.csvtokafka.position.ByteRange;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.source.SourceNotFoundException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One job, run to completion, to a clean stop, or to an error: the engine's entry point (docs/architecture.md
 * reads it top-down from here). Pin the source, check the topics, take the job's lease, run the
 * {@link AttemptLoop}, give the lease back. Everything a run does is told to its {@link JobListener}.
 */
public final class TransferJob {
    private static final Logger LOG = LogManager.getLogger(TransferJob.class);

    /** The job's settings; a keyed job's partitions and lane count are fixed once the topic is known. */
    private JobConfig config;
    /** What the job moved when it ran before (its checkpoint's settings), or null for a new job. */
    private String savedSpec;
    private final Source source;
    private final CheckpointStore store;
    private final KafkaClients kafka;
    private final StopSignal stop;
    private final JobListener events;
    private final ByteRange range;

    public TransferJob(JobConfig config, Source source, CheckpointStore store, KafkaClients kafka, StopSignal stop) {
        this(config, source, store, kafka, stop, JobListener.NONE);
    }

    public TransferJob(JobConfig config, Source source, CheckpointStore store, KafkaClients kafka, StopSignal stop,
                       JobListener events) {
        this(config, source, store, kafka, stop, events, null);
    }

    /**
     * A shard of one big file: the job moves the rows of its one input's {@code range} only (docs/architecture.md,
     * "Shards"); null for the whole input set.
     */
    public TransferJob(JobConfig config, Source source, CheckpointStore store, KafkaClients kafka, StopSignal stop,
                       JobListener events, ByteRange range) {
        this.range = range;
        this.config = config;
        this.source = source;
        this.store = store;
        this.kafka = kafka;
        this.stop = stop;
        this.events = events;
        source.onReopen((uri, offset, error, attempt, max) ->
                events.on(new JobEvent.SourceReopened(uri, offset, error, attempt, max)));
    }

    public Outcome run() throws TransferFailedException, ConfigurationException, InterruptedException {
        return reportingFailure(events, this::runJob);
    }

    /** A job's run, or a step of it, as {@link #reportingFailure} takes it. */
    public interface Step<T> {
        T run() throws TransferFailedException, ConfigurationException, InterruptedException;
    }

    /** Runs {@code step}; a failure is told to {@code events} (a {@code failed} event) before it is thrown. */
    public static <T> T reportingFailure(JobListener events, Step<T> step) throws TransferFailedException,
            ConfigurationException, InterruptedException {
        try {
            return step.run();
        } catch (TransferFailedException e) {
            events.on(new JobEvent.Failed(e.getMessage(), null, false));
            throw e;
        } catch (ConfigurationException e) {
            events.on(new JobEvent.Failed(e.getMessage(), null, true));
            throw e;
        } catch (RuntimeException e) {
            events.on(new JobEvent.Failed(e.toString(), null, false));
            throw e;
        }
    }

    private Outcome runJob() throws TransferFailedException, ConfigurationException, InterruptedException {
        InputSet listed = pinSource();
        try {
            Preflight.check(config, source, listed);
        } catch (IOException e) {
            LOG.debug("the early look at the first rows could not read them ({}); the run reads them itself", e.toString());
        }
        TopicLimits limits = checkTopics();
        Lease lease = JobLease.acquire(store, config, stop, events);
        if (lease == null) {
            events.on(new JobEvent.Stopped(null, stop.reason(), true, "while waiting for the job's lease"));
            return Outcome.INTERRUPTED;
        }
        try {
            InputSet inputs = pinned(listed, lease);
            SourceInfo summary = inputs.summary();
            events.on(new JobEvent.Started(summary.uri(), summary.size(), summary.version(),
                    store.describe(), lease.epoch(), config.topic(), config.partition()));
            TooLargeRows tooLarge = new TooLargeRows();
            JobContext job = new JobContext(config, LanePlan.of(config), inputs,
                    new FileRecords(source, inputs, range, config, limits, tooLarge), range, kafka, stop, events, limits,
                    tooLarge, lease.generation());
            return new AttemptLoop(job, store, lease).run();
        } finally {
            JobLease.release(store, lease);
        }
    }

    /**
     * The job's input set as pinned when it first started (recorded in the checkpoint store), or, for a new job,
     * as listed now, recorded before anything is sent. Files added to a prefix later are not part of the job.
     */
    private InputSet pinned(InputSet listed, Lease lease) throws TransferFailedException {
        if (!listed.isSet()) {
            return listed;
        }
        try {
            Optional<String> recorded = store.loadInputs(config.jobId());
            if (recorded.isPresent()) {
                InputSet pinned = InputSet.decode(listed.uri(), recorded.get());
                Set<String> inJob = new HashSet<>();
                pinned.inputs().forEach(i -> inJob.add(i.uri()));
                long notInJob = listed.inputs().stream().filter(i -> !inJob.contains(i.uri())).count();
                events.on(new JobEvent.InputsPinned(pinned.uri(), pinned.size(), pinned.totalBytes(), false, notInJob));
                return pinned;
            }
            store.saveInputs(lease, listed.encode(), config.leaseTtl());
            events.on(new JobEvent.InputsPinned(listed.uri(), listed.size(), listed.totalBytes(), true, 0));
            return listed;
        } catch (LeaseLostException e) {
            throw new TransferFailedException(e.getMessage());
        } catch (IOException e) {
            throw new TransferFailedException("cannot record or read the input set of job " + config.jobId() + " in the "
                    + store.describe() + ": " + e.getMessage(), e);
        }
    }

    private InputSet pinSource() throws ConfigurationException, TransferFailedException {
        try {
            // a job pinned by 0.1 keeps its file's version string while the file is unchanged; read without the lease,
            // for this only: the AttemptLoop reads the checkpoint again under the lease, where it counts
            Optional<Checkpoint> saved = store.load(config.jobId());
            savedSpec = saved.map(Checkpoint::spec).orElse(null);
            return source.pin(saved.map(Checkpoint::sourceVersion).orElse(null));
        } catch (SourceNotFoundException e) {
            throw new ConfigurationException(e.getMessage());
        } catch (IOException e) {
            throw new TransferFailedException(e.getMessage(), e);
        }
    }

    private TopicLimits checkTopics() throws ConfigurationException, TransferFailedException {
        try (Admin admin = kafka.admin()) {
            Topics topics = new Topics(admin, kafka.bootstrapServers());
            int max;
            if (config.keyed()) {
                KeyedPartitions keyed = KeyedPartitions.fix(config, topics, savedSpec, 0);
                config = keyed.config();
                max = keyed.maxMessageBytes();
            } else {
                max = topics.require(config.topic(), config.partition(), config.createTopic());
            }
            if (!config.keyed() && config.shard() == null && !config.partitionGiven()) {
                int count = topics.partitionCount(config.topic());
                if (count > 1) { // told once, before the run: a user of keys expects them spread, and they are not
                    events.on(new JobEvent.OnePartition(config.topic(), config.partition(), count, config.key().toString()));
                }
            }
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
