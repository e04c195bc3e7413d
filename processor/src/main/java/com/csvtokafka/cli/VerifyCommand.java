package com.csvtokafka.cli;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.compress.DecodedInput;
import com.csvtokafka.compress.Seek;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.Row;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.kafka.KafkaTail;
import com.csvtokafka.kafka.Topics;
import com.csvtokafka.position.Anchor;
import com.csvtokafka.position.Position;
import com.csvtokafka.position.Shard;
import com.csvtokafka.shard.ShardPlan;
import com.csvtokafka.shard.ShardPlanner;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.KafkaSourceUri;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.transfer.Encoders;
import com.csvtokafka.transfer.HeaderColumn;
import com.csvtokafka.transfer.JobConfig;
import com.csvtokafka.transfer.PartitionList;
import com.csvtokafka.transfer.RecordShape;
import com.csvtokafka.transfer.SourceValues;
import com.csvtokafka.verify.KafkaCopyReport;
import com.csvtokafka.verify.KafkaCopyVerifier;
import com.csvtokafka.verify.TopicVerifier;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false, requiredOptionMarker = '*',
        description = {"Checks that a partition holds exactly the file's rows, once each, in order, byte for byte.",
                "Reads the source and the partition (read_committed) side by side and reports rows, records, the first",
                "mismatches (row, byte offset, expected vs found), duplicates, gaps, reordering and a SHA-256 digest of",
                "each side. Exit 0 only when they match exactly. Give the --format, --header and dialect the job ran with,",
                "and its --schema, --columns, --rename, --null-value and --timestamp-format: typed records (--schema)",
                "are compared by value (Avro decoded by Avro's own reader, JSON as Jackson trees), rows whose values do",
                "not convert are counted as bad rows.",
                "A job run with --shard I/N: --shard-count N checks each shard's partition against its share.",
                "A copy of a Kafka topic (--source kafka://HOST:PORT/TOPIC): per partition, the records on each side",
                "and an ordered SHA-256 digest over key, value, the source's headers and timestamp; on a mismatch, the",
                "first diverging source offset and what differs there. A copy remapped by key is matched by its",
                "src.partition/src.offset headers.",
                "Options marked * are required, as a flag or through their environment variable.",
                "",
                "Example (the topic of a job run with --format csv):",
                "  csv-to-kafka verify --source data.csv --bootstrap-servers localhost:9092 --topic rows --format csv",
                "Example (S3 and MSK with IAM, a report for machines):",
                "  csv-to-kafka verify --source s3://bucket/big.csv --bootstrap-servers b-1:9098 --kafka-auth iam \\",
                "    --topic rows --json",
                "Example (a job of 4 shards, its plan read from the default checkpoint directory):",
                "  csv-to-kafka verify --source big.csv --bootstrap-servers localhost:9092 --topic rows --format csv \\",
                "    --shard-count 4 --job-id big-1 --checkpoint-dir ./.csv-to-kafka",
                "Example (a typed Avro job registered in a schema registry):",
                "  csv-to-kafka verify --source orders.csv --bootstrap-servers localhost:9092 --topic orders \\",
                "    --format avro --schema orders.avsc --schema-registry http://localhost:8081",
                "Example (a copy of topic orders from another cluster into topic orders-copy):",
                "  csv-to-kafka verify --source kafka://remote:9092/orders --bootstrap-servers localhost:9092 \\",
                "    --topic orders-copy", ""})
final class VerifyCommand implements Callable<Integer> {
    @Mixin SourceOptions source;
    @Mixin SourceKafkaOptions sourceKafka;

    @Option(names = "--source-format", paramLabel = "bytes", defaultValue = "${env:SOURCE_FORMAT:-bytes}",
            description = "with a kafka:// source: how the copy read its values. Only bytes (copied as they are) can "
                    + "be verified: a copy run with --source-format json|csv holds reshaped values, which no digest of "
                    + "the source matches, and is refused (exit 2) (env SOURCE_FORMAT; default ${DEFAULT-VALUE})")
    String sourceFormat;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,..]", required = true,
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}", description = "Kafka brokers (env KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "NAME", required = true, defaultValue = "${env:KAFKA_TOPIC}",
            description = "the topic to check (env KAFKA_TOPIC)")
    String topic;

    @Option(names = "--partition", paramLabel = "N", defaultValue = "${env:KAFKA_PARTITION:-0}",
            description = "the partition to check (env KAFKA_PARTITION; default ${DEFAULT-VALUE})")
    int partition;

    @Option(names = "--partitions", paramLabel = "all|LIST", defaultValue = "${env:PARTITIONS}",
            description = "a keyed job: check that each of these partitions holds exactly the rows whose --key "
                    + "chooses it (as the run did), in file order — which proves every key's order; with "
                    + "--shard-count: the partitions the run had, shard I's being the I-th (default all) (env PARTITIONS)")
    String partitions;

    @Option(names = "--key", paramLabel = "column:NAME[,NAME..]", defaultValue = "${env:KEY_MODE}",
            description = "with --partitions: the key column(s) the job ran with (env KEY_MODE)")
    String key;

    @Mixin KafkaOptions kafka;
    @Mixin CsvOptions csv;
    @Mixin TypedOptions typed;

    @Option(names = "--job-id", paramLabel = "ID", defaultValue = "${env:JOB_ID}",
            description = "compare only this job's records when the partition is shared; records that do not name "
                    + "their job (--headers row or min name it on each transaction's last record only) are taken as "
                    + "the job's, so a partition shared with another job is refused unless every record names its "
                    + "job (--headers all); with a kafka:// source: the copy's job, whose newest run after a reset is "
                    + "compared (env JOB_ID)")
    String jobId;

    @Option(names = "--shard-count", paramLabel = "N", defaultValue = "${env:SHARD_COUNT}",
            description = "the topic was written by a job run with --shard I/N: check that each shard's partition "
                    + "(the I-th of --partitions) holds exactly that shard's rows, in file order, with the job's "
                    + "shard plan — read from the checkpoint store when --checkpoint-dir or --checkpoint-table is "
                    + "given (with --job-id), else made again from a fresh listing (and, for one file, a fresh "
                    + "planning pass, which finds the same split points) (env SHARD_COUNT)")
    Integer shardCount;


    @Option(names = "--checkpoint-dir", paramLabel = "DIR", defaultValue = "${env:CHECKPOINT_DIR}",
            description = "with --shard-count and --job-id: read the job's shard plan from this checkpoint directory; "
                    + "with a kafka:// source and --job-id: a checkpoint saying RUNNING makes a matching prefix "
                    + "INCOMPLETE (env CHECKPOINT_DIR)")
    Path checkpointDir;

    @Option(names = "--checkpoint-table", paramLabel = "NAME", defaultValue = "${env:CHECKPOINT_TABLE}",
            description = "with --shard-count and --job-id: read the job's shard plan from this DynamoDB table; "
                    + "with a kafka:// source, as --checkpoint-dir (env CHECKPOINT_TABLE)")
    String checkpointTable;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL", defaultValue = "${env:DYNAMODB_ENDPOINT}",
            description = "DynamoDB-compatible endpoint, e.g. DynamoDB Local (env DYNAMODB_ENDPOINT)")
    String dynamoEndpoint;

    @Option(names = "--header-column", paramLabel = "NAME[:HEADER]", split = ",", defaultValue = "${env:HEADER_COLUMNS}",
            description = "the --header-column the job ran with: each record's header must hold its row's value "
                    + "(without it, such headers are not checked) (env HEADER_COLUMNS)")
    List<String> headerColumns;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Spec CommandSpec spec;

    /** One partition for every row; or, for a keyed job, the partition each row's key chooses. */
    private TopicVerifier.Routing routing(PartitionList keyed, Encoders encoders) {
        if (keyed == null) {
            return (header, encoder) -> row -> partition;
        }
        PartitionList resolved = keyed;
        return (header, encoder) -> {
            try {
                Function<Row, byte[]> key = encoders.columnKey(header, encoder);
                return row -> resolved.forKey(key.apply(row));
            } catch (ConfigurationException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        };
    }

    /** The key columns a keyed job (--partitions) ran with; none for a job of one partition. */
    private List<String> keyColumns(PartitionList keyed) {
        if (keyed == null) {
            return List.of();
        }
        if (Options.blank(key)) {
            throw new IllegalArgumentException("--partitions needs the --key column:NAME[,NAME..] the job ran with");
        }
        JobConfig.KeyMode mode = JobConfig.KeyMode.parse(key);
        if (mode.kind() != JobConfig.KeyMode.Kind.COLUMN) {
            throw new IllegalArgumentException("--partitions needs a column key (--key column:NAME[,NAME..])");
        }
        return mode.columns();
    }

    /** The encoders the job wrote its records with, to read them back the same way. */
    private Encoders encoders(List<String> keyColumns) throws IOException {
        RecordShape shape = typed.shape(csv.format(), source.s3(), null, keyColumns)
                .withHeaderColumns(HeaderColumn.parseAll(headerColumns));
        if (csv.format() == JobConfig.Format.AVRO && !shape.typed()) {
            throw new IllegalArgumentException("--format avro needs the --schema the job ran with");
        }
        if (!keyColumns.isEmpty() && shape.registry() != null) {
            // a typed key's bytes, which choose its partition, begin with the id the registry gave the key schema
            throw new IllegalArgumentException("verify cannot recompute the partitions of a keyed job whose typed key "
                    + "is in the schema registry's wire format (--schema-registry with --partitions and --key): "
                    + "check each partition's records with a consumer that reads the registry's format instead");
        }
        return new Encoders(csv.format(), shape, csv.dialect(), keyColumns, typed.client());
    }

    @Override
    public Integer call() throws Exception {
        if (SourceValues.parse(sourceFormat) != SourceValues.Format.BYTES) {
            throw new IllegalArgumentException("verify compares a copy with its source byte for byte; a copy run with "
                    + "--source-format " + sourceFormat.trim() + " holds values reshaped from the source's, which no "
                    + "digest of the source matches. Check its job instead: `status --job-id ID.p<N>` shows each "
                    + "partition copy's records sent and bad rows, and the copy's own records can be read back with "
                    + "their src.partition/src.offset headers (--headers row)");
        }
        if (KafkaSourceUri.isKafka(source.source)) {
            return verifyCopy(KafkaSourceUri.parse(source.source));
        }
        if (sourceKafka.given()) {
            throw new IllegalArgumentException("--source-kafka-auth, --source-kafka-property and --source-kafka-config "
                    + "are for a --source kafka://HOST:PORT/TOPIC");
        }
        if (shardCount != null) {
            return verifyShards();
        }
        String name = Options.require(topic, "--topic", "KAFKA_TOPIC");
        KafkaClients clients = KafkaClients.of(kafka.settings(bootstrapServers));
        PartitionList keyed = Options.blank(partitions) ? null : PartitionList.parse(partitions);
        List<Integer> checked;
        List<Integer> writing;
        try (Admin admin = clients.admin()) {
            Topics topics = new Topics(admin, clients.bootstrapServers());
            if (keyed == null) {
                topics.check(name, partition);
                checked = List.of(partition);
            } else {
                keyed = keyed.resolve(topics.partitionCount(name));
                topics.check(name, keyed.highest());
                checked = keyed.listed();
            }
            writing = openTransactions(topics, name, checked);
        }
        String where = keyed == null ? name + "-" + partition : name + " partitions " + keyed;
        PrintWriter out = spec.commandLine().getOut();
        String running = writing.isEmpty() ? null : "RUNNING: a transaction is open on " + name + " partition(s) "
                + writing + " — a job is writing there now, so this checks what is committed so far (a prefix of "
                + "the file: rows not sent yet count as missing); verify again once the job has completed";
        note(out, running);
        Map<Integer, Long> starts = new LinkedHashMap<>();
        String earlier = newestGenerations(clients, name, checked, starts);
        note(out, earlier);
        TopicVerifier.Report report;
        List<Consumer<byte[], byte[]>> consumers = new ArrayList<>();
        try (Source src = source.open()) {
            csv.check(src); // resolves --delimiter auto: the encoders read with the delimiter found
            Encoders encoders = encoders(keyColumns(keyed));
            TopicVerifier.Routing routing = routing(keyed, encoders);
            List<TopicVerifier.Input> inputs = new ArrayList<>();
            for (SourceInfo input : src.pin().inputs()) {
                inputs.add(() -> DecodedInput.open(offset -> src.open(input, offset), csv.compression(), Seek.START, 0, true));
            }
            report = new TopicVerifier(encoders, Options.blank(jobId) ? null : jobId)
                    .startingAt(starts)
                    .verify(inputs, tp -> {
                        Consumer<byte[], byte[]> c = clients.consumer("csv-to-kafka-verify");
                        consumers.add(c);
                        return c;
                    }, name, checked, routing);
        } finally {
            consumers.forEach(Consumer::close);
        }
        String verdict = verdict(report, running != null);
        if (json) {
            printJson(out, view(report, where, verdict), running, earlier, starts);
        } else {
            print(out, report, where);
            out.println(switch (verdict) {
                case "OK" -> keyed == null ? "VERDICT: OK — every row exactly once, in order, byte for byte"
                        : "VERDICT: OK — every row exactly once, in its key's partition, in file order, byte for byte";
                case "INCOMPLETE" -> "VERDICT: INCOMPLETE — the " + report.recordsInTopic() + " records committed so "
                        + "far are the file's first rows, once each, in order; the job is still running";
                default -> "VERDICT: MISMATCH";
            });
        }
        out.flush();
        return report.ok() ? Main.OK : Main.FAILED;
    }

    /**
     * A copy of a Kafka topic (run --source kafka://…): the target topic against its source, per partition
     * (docs/architecture.md, "Verifying a Kafka copy"). Exit 0 only when every partition's copy is exact.
     */
    private int verifyCopy(KafkaSourceUri uri) throws Exception {
        String name = Options.require(topic, "--topic", "KAFKA_TOPIC");
        KafkaClients sourceClients = KafkaClients.of(sourceKafka.settings(uri));
        KafkaClients clients = KafkaClients.of(kafka.settings(bootstrapServers));
        int sourcePartitions;
        try (Admin admin = sourceClients.admin()) {
            sourcePartitions = new Topics(admin, uri.bootstrapServers()).partitionCount(uri.topic());
        }
        int targetPartitions;
        List<Integer> writing;
        try (Admin admin = clients.admin()) {
            Topics topics = new Topics(admin, clients.bootstrapServers());
            targetPartitions = topics.partitionCount(name);
            writing = openTransactions(topics, name, IntStream.range(0, targetPartitions).boxed().toList());
        }
        PrintWriter out = spec.commandLine().getOut();
        String running = !writing.isEmpty() ? "RUNNING: a transaction is open on " + name + " partition(s) " + writing
                + " — a copy is writing there now" : checkpointSaysRunning() ? "RUNNING: the checkpoint of job "
                + jobId.trim() + " says it is running" : null;
        if (running != null) {
            running += ", so this checks what is committed so far (a prefix of the source: records not copied yet "
                    + "count as missing); verify again once the job has completed";
        }
        note(out, running);
        Map<Integer, Long> starts = new LinkedHashMap<>();
        String earlier = newestGenerations(clients, name, IntStream.range(0, targetPartitions).boxed().toList(), starts);
        note(out, earlier);
        KafkaCopyReport report;
        try (Consumer<byte[], byte[]> from = sourceClients.consumer("csv-to-kafka-verify");
             Consumer<byte[], byte[]> to = clients.consumer("csv-to-kafka-verify")) {
            report = new KafkaCopyVerifier(from, to).verify(new KafkaCopyVerifier.Side(uri.topic(), sourcePartitions,
                    Map.of()), new KafkaCopyVerifier.Side(name, targetPartitions, starts));
        }
        String checked = name + " on " + clients.bootstrapServers() + " against " + uri;
        String verdict = report.verdict(running != null);
        if (json) {
            printJson(out, report.view(checked, verdict), running, earlier, starts);
        } else {
            report.print(out, checked);
            out.println(switch (verdict) {
                case "OK" -> "VERDICT: OK — every committed source record exactly once, in order"
                        + (report.mapping().equals("key") ? " of its key" : "") + ": key, value, headers, timestamp";
                case "INCOMPLETE" -> "VERDICT: INCOMPLETE — what is committed so far is each source partition's first "
                        + "records, once each, in order; the job is still running";
                default -> "VERDICT: MISMATCH";
            });
        }
        out.flush();
        return report.ok() ? Main.OK : Main.FAILED;
    }

    /** True when --job-id and a checkpoint option are given and the job's checkpoint says RUNNING. */
    private boolean checkpointSaysRunning() throws IOException {
        if (Options.blank(jobId) || (Options.blank(checkpointTable) && checkpointDir == null)) {
            return false;
        }
        try (CheckpointStore store = CheckpointOptions.open(checkpointTable, checkpointDir, dynamoEndpoint,
                source.region, false)) {
            return store.load(jobId.trim()).map(c -> c.status() == JobStatus.RUNNING).orElse(false);
        }
    }

    /** Says {@code note} before the human report, which is read in its light; nothing when null or --json. */
    private void note(PrintWriter out, String note) {
        if (note != null && !json) {
            out.println(note);
            out.flush();
        }
    }

    /** The JSON report with the notes that apply to it. */
    private static void printJson(PrintWriter out, Map<String, Object> view, String running, String earlier,
                                  Map<Integer, Long> starts) throws IOException {
        if (running != null) {
            view.put("running", running);
        }
        if (earlier != null) {
            view.put("earlier_generations", earlier);
            view.put("compared_from_offsets", starts);
        }
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(view));
    }

    /**
     * After a {@code reset}, a partition holds the job's earlier generations and then its newest one (docs/
     * architecture.md, "Generations"): only the newest is compared with the file. Fills {@code starts} with where
     * it begins in each partition that holds an earlier one, and says so; null when none does.
     */
    private String newestGenerations(KafkaClients clients, String topicName, List<Integer> checked,
                                     Map<Integer, Long> starts) {
        List<String> skipped = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = clients.consumer("csv-to-kafka-verify")) {
            for (int p : checked) {
                TopicPartition tp = new TopicPartition(topicName, p);
                Optional<Anchor> newest = KafkaTail.lastAnchorNearEnd(consumer, tp,
                        Options.blank(jobId) ? null : jobId.trim(), Duration.ofSeconds(30));
                if (newest.isEmpty() || newest.get().generation() == 0) {
                    continue;
                }
                long start = KafkaTail.generationStart(consumer, tp, newest.get(), Duration.ofSeconds(30));
                long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
                if (start > begin) {
                    starts.put(p, start);
                    skipped.add("partition " + p + " from offset " + start + " (offsets " + begin + "-" + (start - 1)
                            + " before it)");
                }
            }
        }
        return skipped.isEmpty() ? null : "RESET: job " + (Options.blank(jobId) ? "" : jobId.trim() + " ")
                + "was reset and ran again; the records of its earlier runs stay in the topic and are not compared: "
                + "checking its newest run only, " + String.join(", ", skipped);
    }

    /**
     * A sharded job's topic: for each shard, its partition against its share (docs/architecture.md, "Shards"),
     * from the same plan the run used. Exit 0 only when every shard matches.
     */
    private int verifyShards() throws Exception {
        if (shardCount < 1) {
            throw new IllegalArgumentException("--shard-count must be at least 1");
        }
        String topicName = Options.require(topic, "--topic", "KAFKA_TOPIC");
        KafkaClients clients = KafkaClients.of(kafka.settings(bootstrapServers));
        PartitionList listed = PartitionList.parse(Options.blank(partitions) ? "all" : partitions);
        PartitionList resolved;
        try (Admin admin = clients.admin()) {
            int count = new Topics(admin, clients.bootstrapServers()).partitions(topicName, 0);
            resolved = listed.resolve(count);
            if (resolved.size() < shardCount || resolved.highest() >= count) {
                throw new IllegalArgumentException("--shard-count " + shardCount + " needs " + shardCount
                        + " partitions of topic " + topicName + " (" + count + " partitions) in --partitions "
                        + listed + ", which gives " + resolved);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> shards = new ArrayList<>();
        boolean ok = true;
        try (Source src = source.open()) {
            csv.check(src); // resolves --delimiter auto: the encoders read with the delimiter found
            Encoders encoders = encoders(List.of());
            ShardPlan plan = plan(src, out);
            for (int i = 0; i < shardCount; i++) {
                ShardPlan.Share share = plan.share(i, csv.dialect().header());
                TopicPartition tp = new TopicPartition(topicName, resolved.get(i));
                List<TopicVerifier.Input> inputs = new ArrayList<>();
                for (SourceInfo input : share.inputs().inputs()) {
                    TopicVerifier.Input whole = () -> DecodedInput.open(offset -> src.open(input, offset),
                            csv.compression(), Seek.START, 0, true);
                    if (share.range() == null) {
                        inputs.add(whole);
                    } else {
                        Position start = share.range().start();
                        inputs.add(TopicVerifier.Input.ranged(whole, start.offset(), start.row(), share.range().end(),
                                () -> DecodedInput.open(offset -> src.open(input, offset), csv.compression(),
                                        Seek.of(start.seek()), start.offset(), true)));
                    }
                }
                String shardJob = Options.blank(jobId) ? null : new Shard(i, shardCount).jobId(jobId.trim());
                TopicVerifier.Report report;
                try (Consumer<byte[], byte[]> consumer = clients.consumer("csv-to-kafka-verify")) {
                    report = new TopicVerifier(encoders, shardJob).verify(inputs, consumer, tp);
                }
                ok &= report.ok();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("shard", i + "/" + shardCount);
                entry.put("partition", tp.partition());
                entry.put("share", share.range() != null ? share.range().describe()
                        : share.inputs().size() + " file(s)");
                entry.put("ok", report.ok());
                entry.put("report", view(report, tp, verdict(report, false)));
                shards.add(entry);
                if (!json) {
                    out.printf(Locale.ROOT, "shard %d/%d: partition %s, %s%n", i, shardCount, tp, entry.get("share"));
                    print(out, report, tp);
                    out.println(report.ok() ? "shard OK" : "shard MISMATCH");
                    out.println();
                }
            }
        }
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("verdict", ok ? "OK" : "MISMATCH");
            all.put("ok", ok);
            all.put("shards", shards);
            printJson(out, all, null, null, Map.of());
        } else {
            out.println(ok ? "VERDICT: OK — every shard's partition holds exactly its rows, once each, in file order, "
                    + "byte for byte" : "VERDICT: MISMATCH");
        }
        out.flush();
        return ok ? Main.OK : Main.FAILED;
    }

    /** The job's plan from the checkpoint store, or made again the way the first shard made it. */
    private ShardPlan plan(Source src, PrintWriter out) throws Exception {
        if (!Options.blank(checkpointTable) || checkpointDir != null) {
            String base = Options.require(jobId, "--job-id", "JOB_ID");
            try (CheckpointStore store = CheckpointOptions.open(checkpointTable, checkpointDir, dynamoEndpoint,
                    source.region, false)) {
                String text = store.loadInputs(base).orElseThrow(() -> new IllegalArgumentException("no shard plan of "
                        + "job " + base + " in the " + store.describe() + ": check --job-id and the checkpoint options"));
                if (!ShardPlan.isPlan(text)) {
                    throw new IllegalArgumentException("job " + base + " in the " + store.describe() + " is not sharded");
                }
                ShardPlan plan = ShardPlan.decode(text);
                if (plan.count() != shardCount) {
                    throw new IllegalArgumentException("job " + base + " was planned for " + plan.count()
                            + " shards, not --shard-count " + shardCount);
                }
                return plan;
            }
        }
        InputSet inputs = src.pin();
        if (!json) {
            out.println("planning " + shardCount + " shards of " + inputs.uri() + " afresh (no checkpoint options given)");
        }
        return ShardPlanner.plan(inputs, shardCount, src, csv.compression(), csv.dialect(), Integer.MAX_VALUE - 16,
                () -> { });
    }

    /** The partitions a transaction is open on; none when the offsets cannot be read (the note is not worth failing for). */
    private static List<Integer> openTransactions(Topics topics, String topic, List<Integer> partitions) {
        try {
            return topics.openTransactions(topic, partitions);
        } catch (com.csvtokafka.kafka.KafkaSetupException e) {
            return List.of();
        }
    }

    /**
     * OK; INCOMPLETE while a job is writing and what is committed so far is a matching prefix (every record matched,
     * only rows not sent yet missing); else MISMATCH.
     */
    static String verdict(TopicVerifier.Report report, boolean running) {
        if (report.ok()) {
            return "OK";
        }
        boolean prefix = report.matched() == report.recordsInTopic() && report.mismatched() == 0
                && report.duplicates() == 0 && report.outOfOrder() == 0 && report.extra() == 0;
        return running && prefix ? "INCOMPLETE" : "MISMATCH";
    }

    /** The report for machines, its names in snake_case as in status --json and the --events stream. */
    static Map<String, Object> view(TopicVerifier.Report report, Object where, String verdict) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("verdict", verdict);
        v.put("ok", report.ok());
        v.put("checked", where.toString());
        v.put("rows_in_file", report.rowsInFile());
        v.put("bad_rows_in_file", report.badRowsInFile());
        v.put("records_in_topic", report.recordsInTopic());
        v.put("matched", report.matched());
        v.put("mismatched", report.mismatched());
        v.put("missing", report.missing());
        v.put("duplicates", report.duplicates());
        v.put("out_of_order", report.outOfOrder());
        v.put("extra", report.extra());
        v.put("file_sha256", report.fileDigest());
        v.put("topic_sha256", report.topicDigest());
        if (report.hint() != null) {
            v.put("hint", report.hint());
        }
        v.put("problems", report.problems());
        return v;
    }

    private static void print(PrintWriter out, TopicVerifier.Report report, Object where) {
        out.printf(Locale.ROOT, "rows in file        %,d (%,d malformed, not expected in the topic)%n",
                report.rowsInFile(), report.badRowsInFile());
        out.printf(Locale.ROOT, "records in topic    %,d (%s)%n", report.recordsInTopic(), where);
        out.printf(Locale.ROOT, "matched             %,d%n", report.matched());
        out.printf(Locale.ROOT, "mismatched          %,d%n", report.mismatched());
        out.printf(Locale.ROOT, "missing             %,d%n", report.missing());
        out.printf(Locale.ROOT, "duplicates          %,d%n", report.duplicates());
        out.printf(Locale.ROOT, "out of order        %,d%n", report.outOfOrder());
        out.printf(Locale.ROOT, "extra               %,d%n", report.extra());
        out.printf("file sha-256        %s%ntopic sha-256       %s%n", report.fileDigest(), report.topicDigest());
        if (report.hint() != null) { // before the list it explains
            out.println("hint: " + report.hint());
        }
        report.problems().forEach(p -> out.println("  - " + p));
    }
}
