package com.csvtokafka.cli;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.position.Anchor;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.kafka.KafkaTail;
import com.csvtokafka.kafka.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.csvtokafka.shard.ShardPlan;
import com.csvtokafka.source.KafkaSourceUri;
import com.csvtokafka.source.PinnedTopic;
import com.csvtokafka.transfer.KafkaCopyJob;
import com.csvtokafka.transfer.JobSpec;
import com.csvtokafka.transfer.PartitionList;
import com.csvtokafka.position.Shard;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false, requiredOptionMarker = '*',
        description = {"Shows a job's progress: its checkpoint and, given Kafka, its last committed record there.",
                "A job run with --shard I/N: --job-id ID shows every shard (status, rows, position, rate) and the",
                "totals; --job-id ID.I shows shard I alone.",
                "A job copying a Kafka topic (--source kafka://HOST:PORT/TOPIC): --job-id ID shows the job and each",
                "source partition's copy (status, records, next offset to copy, lag behind the source's end offset;",
                "the source is read with the --source-kafka-* options, its URI taken from the job); --job-id ID.pN",
                "shows the copy of partition N alone.",
                "The checkpoint: status, rows, bytes, rate, ETA, lease. With --bootstrap-servers, also the job's last",
                "committed record in the partition (the truth a resume starts from; --topic and --partition default",
                "to the checkpoint's, so a job without a checkpoint needs --topic). Exit 0 when the job has a",
                "checkpoint, 1 when it has none.",
                "Options marked * are required, as a flag or through their environment variable.",
                "",
                "Example (a job run with the default checkpoint directory):",
                "  csv-to-kafka status --job-id rows-1",
                "Example (DynamoDB checkpoint and MSK with IAM, as JSON):",
                "  csv-to-kafka status --job-id big-1 --checkpoint-table csv-to-kafka-checkpoints \\",
                "    --bootstrap-servers b-1:9098 --kafka-auth iam --json", ""})
final class StatusCommand implements Callable<Integer> {
    /** How long reading a Kafka source's end offsets may take before its lag is shown as unknown. */
    private static final Duration SOURCE_TIMEOUT = Duration.ofSeconds(15);

    @Mixin CheckpointOptions checkpoint;

    @Option(names = "--region", paramLabel = "R", defaultValue = "${env:AWS_REGION}",
            description = "AWS region of the checkpoint table (env AWS_REGION); default: the SDK's chain")
    String region;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,..]", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "also read the job's last committed record from these Kafka brokers (env KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "${env:KAFKA_TOPIC}",
            description = "the job's topic (env KAFKA_TOPIC); default: the one in the job's checkpoint")
    String topic;

    @Option(names = "--partition", paramLabel = "N", defaultValue = "${env:KAFKA_PARTITION}",
            description = "the job's partition (env KAFKA_PARTITION); default: the one in the job's checkpoint, else 0")
    Integer partition;

    @Mixin KafkaOptions kafka;
    @Mixin SourceKafkaOptions sourceKafka;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Spec CommandSpec spec;

    /** A keyed job's partitions, lanes and key, from the job's description in its checkpoint; empty for other jobs. */
    private static Optional<JobSpec.Keyed> keyed(Checkpoint c) {
        return c.spec() == null ? Optional.empty() : JobSpec.read(c.spec()).keyed();
    }

    /**
     * A keyed job's truth in Kafka: every partition's last anchor of the job; each lane's newest tells its records,
     * and the job's are their sum. Returns the newest anchor of all.
     */
    private Optional<Anchor> keyedTail(String jobId, String jobTopic, JobSpec.Keyed keyed, Checkpoint c,
                                       Map<String, Object> view) throws Exception {
        PartitionList partitions = keyed.partitions();
        KafkaClients clients = KafkaClients.of(kafka.settings(bootstrap));
        try (Admin admin = clients.admin()) {
            new Topics(admin, clients.bootstrapServers()).check(jobTopic, partitions.highest());
        }
        List<Optional<Anchor>> newest;
        try (Consumer<byte[], byte[]> consumer = clients.consumer("csv-to-kafka-status")) {
            newest = KafkaTail.newestOfLanes(consumer, jobTopic, partitions.listed(), keyed.lanes(), jobId,
                    Duration.ofSeconds(30));
        }
        long records = newest.stream().flatMap(Optional::stream).mapToLong(a -> a.next().sent()).sum();
        view.put("kafka_partitions", jobTopic + " " + partitions);
        view.put("kafka_records_of_job", records);
        view.put("kafka_least_advanced_lane_byte", newest.stream().map(a -> a.map(x -> x.next().offset()).orElse(0L))
                .min(Long::compare).orElse(0L));
        view.put("checkpoint_behind_kafka_records", records - c.totalSent());
        return newest.stream().flatMap(Optional::stream).reduce((a, b) -> a.next().before(b.next()) ? b : a);
    }

    @Override
    public Integer call() throws Exception {
        String jobId = checkpoint.requireJobId();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", jobId);
        Optional<Checkpoint> saved;
        Optional<String> resetAt = Optional.empty();
        String store;
        try (CheckpointStore checkpoints = checkpoint.open(region)) {
            store = checkpoints.describe();
            view.put("store", store);
            Optional<String> plan = checkpoints.loadInputs(jobId);
            if (plan.isPresent() && ShardPlan.isPlan(plan.get())) {
                return sharded(ShardPlan.decode(plan.get()), checkpoints, view);
            }
            saved = checkpoints.load(jobId);
            if (plan.isPresent() && PinnedTopic.isPinnedTopic(plan.get()) && saved.isEmpty()) {
                // a copy per partition; a copy remapped by key is one keyed job, shown as one below
                return kafkaSource(plan.get(), checkpoints, view);
            }
            if (saved.isEmpty()) {
                resetAt = checkpoints.resetAt(jobId);
            }
            Optional<CheckpointStore.LeaseInfo> lease = checkpoints.leaseInfo(jobId);
            saved.ifPresent(c -> describe(c, lease, view));
            lease.ifPresent(l -> {
                view.put("lease_owner", l.owner());
                view.put("lease_epoch", l.epoch());
                view.put("lease", lease(l));
            });
        }
        Optional<Anchor> anchor = Optional.empty();
        String jobTopic = !Options.blank(topic) ? topic.trim() : saved.map(Checkpoint::topic).orElse(null);
        Optional<JobSpec.Keyed> keyed = saved.flatMap(StatusCommand::keyed);
        if (!Options.blank(bootstrap) && jobTopic != null && keyed.isPresent()) {
            anchor = keyedTail(jobId, jobTopic, keyed.get(), saved.get(), view);
        } else if (!Options.blank(bootstrap) && jobTopic != null) {
            TopicPartition tp = new TopicPartition(jobTopic,
                    partition != null ? partition : saved.map(Checkpoint::partition).orElse(0));
            KafkaClients clients = KafkaClients.of(kafka.settings(bootstrap));
            try (Admin admin = clients.admin()) {
                new Topics(admin, clients.bootstrapServers()).check(tp.topic(), tp.partition());
            }
            try (Consumer<byte[], byte[]> consumer = clients.consumer("csv-to-kafka-status")) {
                anchor = KafkaTail.lastAnchor(consumer, tp, jobId,
                        saved.map(Checkpoint::kafkaOffset).orElse(-1L), Duration.ofSeconds(30));
                view.put("kafka_partition", tp.toString());
                view.put("kafka_last_stable_offset", consumer.endOffsets(List.of(tp)).get(tp));
                view.put("kafka_last_row", anchor.map(Anchor::row).orElse(0L));
                view.put("kafka_records_of_job", anchor.map(a -> a.next().sent()).orElse(0L));
                view.put("kafka_resume_byte", anchor.map(a -> a.next().offset()).orElse(0L));
                Optional<Anchor> last = anchor;
                saved.ifPresent(c -> view.put("checkpoint_behind_kafka_records",
                        last.map(a -> a.next().sent()).orElse(0L) - c.totalSent()));
            }
        }
        if (saved.isEmpty() && resetAt.isPresent()) {
            view.put("status", "RESET");
            view.put("reset_at", resetAt.get());
            view.put("status_detail", "reset and not run since: its next run starts over from the first row (what "
                    + "earlier runs sent stays in the topic)");
        }
        if (saved.isPresent() || anchor.isPresent() || resetAt.isPresent()) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(view));
            } else {
                view.forEach((k, v) -> out.printf(Locale.ROOT, "%-32s %s%n", k, k.equals("progress") ? v + "%" : v));
            }
            out.flush();
        }
        if (saved.isEmpty() && resetAt.isEmpty()) {
            Errors.print(spec.commandLine().getErr(), "no job " + jobId + " in the " + store + where()
                    + (anchor.isPresent() ? "; Kafka has records of it, shown above" : ""),
                    "check --job-id, and pass the --checkpoint-dir or --checkpoint-table the job ran with");
            return Main.FAILED;
        }
        return Main.OK;
    }

    /**
     * A sharded job (run with --shard I/N): every shard's state, rows, position and rate, and the totals. The plan
     * recorded under the base job id says how many shards there are.
     */
    private int sharded(ShardPlan plan, CheckpointStore checkpoints, Map<String, Object> view) throws IOException {
        String jobId = view.get("job_id").toString();
        view.put("plan", plan.count() + " shards over " + (plan.byRanges() ? "byte ranges of " + plan.inputs().get(0).uri()
                : plan.inputs().size() + " files of " + plan.inputs().uri()));
        List<Map<String, Object>> shards = new ArrayList<>();
        long rows = 0;
        long records = 0;
        long badRows = 0;
        double rate = 0;
        int completed = 0;
        int failed = 0;
        int running = 0;
        for (int i = 0; i < plan.count(); i++) {
            String shardJob = new Shard(i, plan.count()).jobId(jobId);
            Optional<Checkpoint> c = checkpoints.load(shardJob);
            Optional<CheckpointStore.LeaseInfo> lease = checkpoints.leaseInfo(shardJob);
            boolean live = lease.isPresent() && lease.get().live(System.currentTimeMillis());
            Map<String, Object> shard = new LinkedHashMap<>();
            shard.put("shard", i + "/" + plan.count());
            shard.put("job_id", shardJob);
            String status = c.map(x -> status(x, lease)).orElse(live ? "STARTING" : "NOT_STARTED");
            shard.put("status", status);
            shard.put("rows_processed", c.map(x -> x.totalSent() + x.skipped()).orElse(0L));
            shard.put("records_sent", c.map(Checkpoint::totalSent).orElse(0L));
            shard.put("bad_rows", c.map(Checkpoint::skipped).orElse(0L));
            shard.put("position", c.map(x -> (x.inputCount() > 1 || x.sourceVersion().startsWith("set=")
                    ? "file " + (x.position().input() + 1) + " of " + x.inputCount() + ", " : "")
                    + x.position().describe()).orElse("-"));
            shard.put("rows_per_second", c.map(x -> Math.round(x.rowsPerSecond())).orElse(0L));
            c.map(Checkpoint::topic).ifPresent(t -> shard.put("topic", t + "-" + c.get().partition()));
            if (live) {
                shard.put("lease_owner", lease.get().owner());
            }
            c.map(Checkpoint::message).ifPresent(m -> shard.put("message", m));
            shards.add(shard);
            rows += (Long) shard.get("rows_processed");
            records += (Long) shard.get("records_sent");
            badRows += (Long) shard.get("bad_rows");
            if (status.equals("COMPLETED")) {
                completed++;
            } else if (status.equals("FAILED")) {
                failed++;
            } else if (status.equals("RUNNING") || status.equals("STARTING")) {
                running++;
                rate += ((Long) shard.get("rows_per_second"));
            }
        }
        view.put("status", completed == plan.count() ? "COMPLETED" : failed > 0 ? "FAILED"
                : running > 0 ? "RUNNING" : completed > 0 ? "INCOMPLETE" : "NOT_STARTED");
        view.put("shards_completed", completed + " of " + plan.count());
        view.put("rows_processed", rows);
        view.put("records_sent", records);
        view.put("bad_rows", badRows);
        view.put("rows_per_second", Math.round(rate));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            view.put("shards", shards);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(view));
        } else {
            view.forEach((k, v) -> out.printf(Locale.ROOT, "%-32s %s%n", k, v));
            out.printf(Locale.ROOT, "%n%-7s %-24s %-12s %14s %12s  %s%n", "shard", "job_id", "status", "rows",
                    "rows/s", "position");
            for (Map<String, Object> s : shards) {
                out.printf(Locale.ROOT, "%-7s %-24s %-12s %,14d %,12d  %s%s%n", s.get("shard"), s.get("job_id"),
                        s.get("status"), (Long) s.get("rows_processed"), (Long) s.get("rows_per_second"),
                        s.get("position"), s.containsKey("message") ? "  (" + s.get("message") + ")" : "");
            }
        }
        out.flush();
        return Main.OK;
    }

    /**
     * A job whose source is a Kafka topic: each source partition's copy (job {@code <job-id>.p<N>}) from its
     * checkpoint and lease, its lag from the source's end offsets now. The source's URI is in the copies' specs.
     */
    private int kafkaSource(String pinnedText, CheckpointStore checkpoints, Map<String, Object> view)
            throws IOException {
        String jobId = view.get("job_id").toString();
        PinnedTopic pinned = PinnedTopic.decode(null, pinnedText);
        List<Optional<Checkpoint>> saved = new ArrayList<>();
        List<Optional<CheckpointStore.LeaseInfo>> leases = new ArrayList<>();
        for (int p = 0; p < pinned.partitions(); p++) {
            saved.add(checkpoints.load(KafkaCopyJob.partitionJobId(jobId, p)));
            leases.add(checkpoints.leaseInfo(KafkaCopyJob.partitionJobId(jobId, p)));
        }
        Optional<KafkaSourceUri> uri = saved.stream().flatMap(Optional::stream).filter(c -> c.spec() != null)
                .map(c -> KafkaSourceUri.parse(JobSpec.read(c.spec()).source())).findFirst();
        view.put("source", uri.map(Object::toString).orElse("(no partition copy has started yet)"));
        view.put("source_topic_id", pinned.topicId());
        view.put("pinned", pinned.partitions() + " partitions; a run without --follow copies each up to its end "
                + "offset pinned when the job first started");
        List<Long> ends = null;
        String sourceProblem = null;
        if (uri.isEmpty()) {
            sourceProblem = "the source's URI is recorded by the partition copies, and none has started";
        } else {
            try {
                ends = sourceEnds(uri.get(), pinned.partitions());
            } catch (RuntimeException e) {
                sourceProblem = "cannot read " + uri.get() + ": " + e.getMessage();
            }
        }
        List<KafkaSourceStatus.PartitionCopy> copies = new ArrayList<>();
        for (int p = 0; p < pinned.partitions(); p++) {
            Optional<Checkpoint> c = saved.get(p);
            Optional<CheckpointStore.LeaseInfo> lease = leases.get(p);
            boolean live = lease.isPresent() && lease.get().live(System.currentTimeMillis());
            copies.add(new KafkaSourceStatus.PartitionCopy(p, KafkaCopyJob.partitionJobId(jobId, p),
                    c.map(x -> status(x, lease)).orElse(live ? "STARTING" : "NOT_STARTED"),
                    c.map(Checkpoint::totalSent).orElse(0L),
                    c.map(x -> x.position().offset()).orElse(pinned.begin().get(p)), pinned.end().get(p),
                    ends == null ? null : ends.get(p)));
        }
        KafkaSourceStatus.print(spec.commandLine().getOut(), view, copies, sourceProblem, json);
        spec.commandLine().getOut().flush();
        return Main.OK;
    }

    /** Each partition's end offset as a read_committed reader of the source sees it now (its last stable offset). */
    private List<Long> sourceEnds(KafkaSourceUri uri, int partitions) {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(uri.topic(), p));
        }
        try (Consumer<byte[], byte[]> consumer = KafkaClients.of(sourceKafka.settings(uri))
                .sourceConsumer("csv-to-kafka-status")) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, SOURCE_TIMEOUT);
            return all.stream().map(ends::get).toList();
        }
    }

    /** For a checkpoint directory that is not there at all. */
    private String where() {
        return Options.blank(checkpoint.table) && !Files.isDirectory(checkpoint.dir) ? " (no such directory)" : "";
    }

    /** The lease as people read it: held until when, free, or free because its holder on this host is gone. */
    static String lease(CheckpointStore.LeaseInfo l) {
        if (l.expiresAtMillis() <= System.currentTimeMillis()) {
            return "free"; // released (a run that ended) or expired: whether its process still exists says nothing
        }
        if (l.holderGone()) {
            return "free: its holder, process " + l.holderPid() + " on this host, is gone (killed or crashed); the "
                    + "next run takes the job over at once";
        }
        return "held until " + Instant.ofEpochMilli(l.expiresAtMillis());
    }

    /**
     * The job's status: the checkpoint's, except that a job whose checkpoint says RUNNING while no live runner holds
     * its lease (its process on this host is gone, or the lease expired) is STOPPED: it is not running.
     */
    static String status(Checkpoint c, Optional<CheckpointStore.LeaseInfo> lease) {
        if (c.status() == JobStatus.RUNNING && !lease.map(l -> l.live(System.currentTimeMillis())).orElse(false)) {
            return "STOPPED";
        }
        return c.status().name();
    }

    private static void describe(Checkpoint c, Optional<CheckpointStore.LeaseInfo> lease, Map<String, Object> view) {
        String status = status(c, lease);
        view.put("status", status);
        if (status.equals("STOPPED")) {
            view.put("status_detail", "its runner is gone without a clean stop ("
                    + (lease.isPresent() && lease.get().holderGone() ? "process " + lease.get().holderPid()
                    + " on this host no longer exists" : "its lease expired") + "); the checkpoint still says RUNNING. "
                    + "Run the job again: it resumes from Kafka's last committed record");
        }
        view.put("rows_processed", c.totalSent() + c.skipped());
        view.put("records_sent", c.totalSent());
        view.put("bad_rows", c.skipped());
        if (c.inputCount() > 1 || c.sourceVersion().startsWith("set=")) {
            view.put("input", "file " + Math.min(c.inputCount(), c.position().input() + 1) + " of " + c.inputCount());
            view.put("input_set", c.inputCount() + " files, pinned when the job started: files added to " + c.sourceUri()
                    + " later are not part of this job");
            view.put("row_in_file", c.lastLine());
            view.put("byte_offset_in_file", c.byteOffset());
        } else if (c.compressedPosition()) {
            // decoded bytes can pass the file's size: they are named for what they count, next to the raw bytes
            view.put("decoded_byte_offset", c.byteOffset());
            view.put("resume_raw_byte", c.position().seek().raw());
        } else {
            view.put("byte_offset", c.byteOffset());
        }
        view.put("source_size", c.sourceSize());
        view.put("bytes_done", c.bytesDone());
        view.put("progress", Math.round(1000 * c.fractionDone()) / 10.0);
        view.put("rows_per_second", Math.round(c.rowsPerSecond()));
        if (status.equals("RUNNING") && c.rowsPerSecond() > 0 && c.lastLine() > 0) {
            double bytesPerRow = (double) c.bytesDone() / Math.max(1, c.totalSent() + c.skipped());
            double remainingRows = (c.sourceSize() - c.bytesDone()) / Math.max(1, bytesPerRow);
            view.put("eta_seconds", Math.round(remainingRows / c.rowsPerSecond()));
        }
        view.put("source", c.sourceUri());
        view.put("source_version", c.sourceVersion());
        Optional<JobSpec.Keyed> keyed = keyed(c);
        if (keyed.isPresent()) {
            view.put("topic", c.topic() + " partitions " + keyed.get().partitions() + " (keyed by " + keyed.get().key()
                    + ", " + keyed.get().lanes() + " lanes)");
        } else {
            view.put("topic", c.topic() + "-" + c.partition());
        }
        view.put("started_at", Instant.ofEpochMilli(c.startedAt()).toString());
        view.put("updated_at", Instant.ofEpochMilli(c.updatedAt()).toString());
        if (c.message() != null) {
            view.put("message", c.message());
        }
    }
}
