package com.csvtokafka.shard;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.Lease;
import com.csvtokafka.checkpoint.LeaseHeldException;
import com.csvtokafka.checkpoint.LeaseLostException;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.kafka.KafkaSetupException;
import com.csvtokafka.kafka.Topics;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceNotFoundException;
import com.csvtokafka.source.SourceUnusableException;
import com.csvtokafka.transfer.JobConfig;
import com.csvtokafka.transfer.Outcome;
import com.csvtokafka.transfer.PartitionList;
import com.csvtokafka.position.Shard;
import com.csvtokafka.transfer.StopSignal;
import com.csvtokafka.transfer.TransferFailedException;
import com.csvtokafka.transfer.TransferJob;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One shard of a job run on many machines (docs/architecture.md, "Shards"): find the shard's partition, get the
 * job's {@link ShardPlan} (made by the first shard to start, under the base job's lease; the others wait for it),
 * then run the shard as a job of its own, {@code <job-id>.<I>}, over its share with the single-partition engine.
 */
public final class ShardedJob {
    private static final Logger LOG = LogManager.getLogger(ShardedJob.class);
    /** How long a shard waits at least for another shard's planning pass (one read of the whole file). */
    static final Duration PLAN_WAIT = Duration.ofMinutes(30);
    private static final Duration LEASE_RENEWAL = Duration.ofSeconds(5);

    private final JobConfig config;
    private final Shard shard;
    private final Source source;
    private final CheckpointStore store;
    private final KafkaClients kafka;
    private final StopSignal stop;
    private final JobListener events;
    private final Duration planWait;

    public ShardedJob(JobConfig config, Source source, CheckpointStore store, KafkaClients kafka, StopSignal stop,
                      JobListener events) {
        this(config, source, store, kafka, stop, events, PLAN_WAIT);
    }

    ShardedJob(JobConfig config, Source source, CheckpointStore store, KafkaClients kafka, StopSignal stop,
               JobListener events, Duration planWait) {
        if (config.shard() == null) {
            throw new IllegalArgumentException("not a sharded job");
        }
        this.config = config;
        this.shard = config.shard();
        this.source = source;
        this.store = store;
        this.kafka = kafka;
        this.stop = stop;
        this.events = events;
        this.planWait = planWait.compareTo(config.leaseWait()) > 0 ? planWait : config.leaseWait();
    }

    public Outcome run() throws TransferFailedException, ConfigurationException, InterruptedException {
        int partition = TransferJob.reportingFailure(events, this::partition);
        ShardPlan plan = TransferJob.reportingFailure(events, this::plan);
        if (plan == null) {
            events.on(new JobEvent.Stopped(null, stop.reason(), true, "while waiting for the shard plan"));
            return Outcome.INTERRUPTED;
        }
        ShardPlan.Share share = plan.share(shard.index(), config.dialect().header());
        JobConfig job = config.forShard(shard.jobId(config.jobId()), partition);
        LOG.info("shard {} of job {}: job {} moves {} into partition {}", shard, config.jobId(), job.jobId(),
                share.range() != null ? share.range().describe() + " of " + share.inputs().get(0).uri()
                        : share.inputs().size() + " of " + plan.inputs().size() + " files", partition);
        return new TransferJob(job, new ShareSource(source, share.inputs()), store, kafka, stop, events,
                share.range()).run();
    }

    /** The I-th of --partitions (all of the topic's when absent); fewer partitions than shards is a usage error. */
    private int partition() throws ConfigurationException, TransferFailedException {
        PartitionList listed = config.partitions() == null ? PartitionList.parse("all") : config.partitions();
        try (Admin admin = kafka.admin()) {
            int create = !config.createTopic() ? 0 : listed.all() ? shard.count() : listed.highest() + 1;
            int count = new Topics(admin, kafka.bootstrapServers()).partitions(config.topic(), create);
            PartitionList resolved = listed.resolve(count);
            if (resolved.size() < shard.count()) {
                throw new ConfigurationException("--shard " + shard + " needs " + shard.count() + " partitions, one "
                        + "per shard, but --partitions " + listed + " gives " + resolved.size() + " of topic "
                        + config.topic() + " (" + count + " partitions): add partitions to the topic, list more, or "
                        + "run fewer shards");
            }
            if (resolved.highest() >= count) {
                throw new ConfigurationException("--partitions " + listed + " names partition " + resolved.highest()
                        + ", but topic " + config.topic() + " has " + count + " partitions (0-" + (count - 1) + ")");
            }
            return resolved.get(shard.index());
        } catch (KafkaSetupException e) {
            if (e.configuration()) {
                throw new ConfigurationException(e.getMessage());
            }
            throw new TransferFailedException(e.getMessage());
        }
    }

    /**
     * The job's plan as recorded under the base job id; the first shard to start makes and records it while holding
     * the base job's lease, the others wait for it. Null when stopped while waiting.
     */
    private ShardPlan plan() throws ConfigurationException, TransferFailedException, InterruptedException {
        String base = config.jobId();
        long deadline = System.nanoTime() + planWait.toNanos();
        boolean told = false;
        while (true) {
            Optional<ShardPlan> recorded = recorded(base);
            if (recorded.isPresent()) {
                return checked(recorded.get());
            }
            Lease lease;
            try {
                lease = store.acquire(base, config.leaseTtl());
            } catch (LeaseHeldException e) {
                if (System.nanoTime() >= deadline) {
                    throw new TransferFailedException("shard " + shard + " waited " + planWait.toSeconds() + " s for "
                            + "the shard plan of job " + base + ", which another shard is still making ("
                            + e.getMessage() + "); nothing of this shard was sent: run it again");
                }
                if (!told) {
                    events.on(new JobEvent.LeaseWait("the shard plan of job " + base + " is being made by another "
                            + "shard: " + e.getMessage()));
                    told = true;
                }
                for (int i = 0; i < 5 && !stop.requested(); i++) {
                    Thread.sleep(100);
                }
                if (stop.requested()) {
                    return null;
                }
                continue;
            } catch (IOException e) {
                throw new TransferFailedException("cannot take the lease of job " + base + " to plan its shards in the "
                        + store.describe() + ": " + e.getMessage(), e);
            }
            try {
                recorded = recorded(base); // made meanwhile by the shard that held the lease before
                if (recorded.isPresent()) {
                    return checked(recorded.get());
                }
                ShardPlan made = make(lease);
                store.saveInputs(lease, made.encode(), config.leaseTtl());
                LOG.info("job {}: planned {} shards over {}", base, made.count(), made.byRanges()
                        ? "byte ranges of " + made.inputs().get(0).uri() + " starting at " + made.splits()
                        : made.inputs().size() + " files");
                return made;
            } catch (LeaseLostException e) {
                throw new TransferFailedException(e.getMessage());
            } catch (IOException e) {
                throw new TransferFailedException("cannot record the shard plan of job " + base + " in the "
                        + store.describe() + ": " + e.getMessage(), e);
            } finally {
                release(lease);
            }
        }
    }

    private ShardPlan make(Lease lease) throws ConfigurationException, TransferFailedException {
        InputSet inputs;
        try {
            inputs = source.pin();
        } catch (SourceNotFoundException e) {
            throw new ConfigurationException(e.getMessage());
        } catch (IOException e) {
            throw new TransferFailedException(e.getMessage(), e);
        }
        long[] renewed = {System.nanoTime()};
        Runnable heartbeat = () -> {
            if (System.nanoTime() - renewed[0] > LEASE_RENEWAL.toNanos()) {
                renewed[0] = System.nanoTime();
                try {
                    store.renew(lease, config.leaseTtl());
                } catch (LeaseLostException | IOException e) {
                    // recording the plan checks the lease again and fails then
                }
            }
        };
        try {
            return ShardPlanner.plan(inputs, shard.count(), source, config.compression(), config.dialect(),
                    config.maxRowBytes(), heartbeat);
        } catch (SourceUnusableException e) {
            throw new ConfigurationException("cannot plan the shards of " + inputs.get(0).uri() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new TransferFailedException("cannot plan the shards of " + inputs.get(0).uri() + " (one pass over "
                    + "the file to find row boundaries): " + e.getMessage(), e);
        }
    }

    private Optional<ShardPlan> recorded(String base) throws ConfigurationException, TransferFailedException {
        Optional<String> text;
        try {
            text = store.loadInputs(base);
        } catch (IOException e) {
            throw new TransferFailedException("cannot read the shard plan of job " + base + " from the "
                    + store.describe() + ": " + e.getMessage(), e);
        }
        if (text.isPresent() && !ShardPlan.isPlan(text.get())) {
            throw new ConfigurationException("job " + base + " ran before without --shard: use a new --job-id for "
                    + "a sharded run (its shards are jobs " + base + ".0, " + base + ".1, ...)");
        }
        return text.map(ShardPlan::decode);
    }

    private ShardPlan checked(ShardPlan plan) throws ConfigurationException {
        if (plan.count() != shard.count()) {
            throw new ConfigurationException("job " + config.jobId() + " was planned for " + plan.count() + " shards, "
                    + "but this run is --shard " + shard + ": run every shard with the same count, or `reset --job-id "
                    + config.jobId() + "` (its plan and every shard) to plan again");
        }
        return plan;
    }

    private void release(Lease lease) {
        try {
            store.release(lease);
        } catch (IOException e) {
            LOG.warn("could not release the planning lease of job {} ({}); it expires by itself", lease.jobId(),
                    e.getMessage());
        }
    }
}
