package com.csvtokafka.cli;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.encode.Encoder;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.events.JsonLinesListener;
import com.csvtokafka.events.LogListener;
import com.csvtokafka.metrics.MetricsListener;
import com.csvtokafka.metrics.ProgressBarListener;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.kafka.KafkaSettings;
import com.csvtokafka.metrics.JobMetrics;
import com.csvtokafka.metrics.ProgressBar;
import com.csvtokafka.shard.ShardedJob;
import com.csvtokafka.source.KafkaSourceUri;
import com.csvtokafka.transfer.KafkaCopyJob;
import com.csvtokafka.source.Source;
import com.csvtokafka.transfer.HeaderBinding;
import com.csvtokafka.transfer.HeaderColumn;
import com.csvtokafka.transfer.JobConfig;
import com.csvtokafka.transfer.Outcome;
import com.csvtokafka.transfer.PartitionList;
import com.csvtokafka.transfer.RecordShape;
import com.csvtokafka.transfer.SourceValues;
import com.csvtokafka.transfer.Encoders;
import com.csvtokafka.position.Shard;
import com.csvtokafka.transfer.StopSignal;
import com.csvtokafka.transfer.TransferJob;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, requiredOptionMarker = '*',
        description = {
                "Sends a CSV file's rows to one Kafka partition, in file order, exactly once.",
                "One record per data row. Safe to run again at any time: it continues from the last committed",
                "transaction, and a completed job sends nothing. Stop it with SIGTERM/Ctrl-C: it commits what it has",
                "and exits 3. Options marked * are required, as a flag or through their environment variable.",
                "",
                "Example (local file, local checkpoint directory):",
                "  csv-to-kafka run --source data.csv --bootstrap-servers localhost:9092 --topic rows --job-id rows-1",
                "Example (S3, DynamoDB checkpoint, raw CSV records):",
                "  csv-to-kafka run --source s3://bucket/big.csv --bootstrap-servers b-1:9098 --kafka-auth iam \\",
                "    --topic rows --job-id big-1 --checkpoint-table csv-to-kafka-checkpoints --format csv",
                "Example (typed records: each value converted to its field in an Avro schema, bad values dead-lettered):",
                "  csv-to-kafka run --source orders.csv --schema orders.avsc --format avro --key column:id \\",
                "    --schema-registry http://localhost:8081 --on-bad-row dlq:orders-bad --bootstrap-servers localhost:9092 \\",
                "    --topic orders --job-id orders-1", ""})
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(RunCommand.class);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(110);

    /**
     * How {@code run --help} groups its options, in this order. A new option goes under one of these headings:
     * MainTest fails while any option shows under "Other options".
     */
    static final Map<String, List<String>> HELP_GROUPS = helpGroups();

    private static Map<String, List<String>> helpGroups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("Source", List.of("--source", "--include", "--manifest", "--compression", "--s3-endpoint", "--region",
                "--fail-on-empty", "--header-mismatch"));
        g.put("Kafka source (--source kafka://HOST:PORT/TOPIC)", List.of("--source-kafka-auth",
                "--source-kafka-property", "--source-kafka-config", "--source-format", "--source-columns", "--follow",
                "--allow-gaps"));
        g.put("Kafka", List.of("--bootstrap-servers", "--topic", "--partition", "--create-topic", "--kafka-auth",
                "--kafka-property", "--kafka-config"));
        g.put("CSV format and record value", List.of("--format", "--header", "--delimiter", "--quote", "--encoding",
                "--lazy-quotes", "--header-column", "--headers"));
        g.put("Keys and partitions", List.of("--key", "--partitions", "--lanes", "--shard"));
        g.put("Job, checkpoints and lease", List.of("--job-id", "--checkpoint-table", "--checkpoint-dir",
                "--dynamodb-endpoint", "--create-table", "--lease-seconds", "--lease-wait-seconds"));
        g.put("Bad rows", List.of("--on-bad-row", "--max-row-bytes"));
        g.put("Typed records (a schema) and column transforms", List.of("--schema", "--schema-registry",
                "--schema-registry-user", "--schema-registry-password", "--null-value", "--timestamp-format",
                "--columns", "--rename", "--timestamp"));
        g.put("Transactions and speed", List.of("--transaction-rows", "--transaction-ms", "--max-rows-per-second"));
        g.put("Watching the run", List.of("--events", "--progress-seconds", "--metrics", "--metrics-port"));
        g.put("Help", List.of("--help", "--version"));
        return g;
    }

    @Mixin SourceOptions source;
    @Mixin SourceKafkaOptions sourceKafka;

    @Option(names = "--source-format", paramLabel = "bytes|json|csv", defaultValue = "${env:SOURCE_FORMAT:-bytes}",
            description = "with a kafka:// source: how its values are read. bytes = records copied as they are (key, "
                    + "value, timestamp, headers); json = each value a JSON object, csv = each value the text of one "
                    + "CSV row (--delimiter, --quote; no header row): read as a row of --source-columns and shaped as a "
                    + "file's row is (--schema, --format, --columns, --rename, --timestamp, --key column:, "
                    + "--header-column), the source's key, timestamp and headers kept unless those set them; a value "
                    + "that is not such a row is a bad row (--on-bad-row). E.g. --source-format json --schema o.avsc "
                    + "--format avro (env SOURCE_FORMAT; default ${DEFAULT-VALUE})")
    String sourceFormat;

    @Option(names = "--source-columns", paramLabel = "NAME", split = ",", defaultValue = "${env:SOURCE_COLUMNS}",
            description = "with --source-format json|csv: the names of the columns a value holds, in row order (json: "
                    + "the members read; others are ignored, a missing one is null). Part of the job (env "
                    + "SOURCE_COLUMNS as A,B,C; default: the --schema's field names, in its order)")
    List<String> sourceColumns;

    @Option(names = "--follow", paramLabel = "true|false", defaultValue = "${env:FOLLOW:-false}", arity = "0..1",
            description = "with a kafka:// source: keep copying new records as they are committed to the source, "
                    + "until stopped (SIGTERM/Ctrl-C: each partition commits what it has, exit 3; the next run resumes "
                    + "there); a following job never completes, and reports each partition's lag (source_lag events, "
                    + "metrics, status). Default: copy up to the end offsets the job pinned when it first started, then "
                    + "complete; a job that followed before has then nothing more to copy. E.g. --follow (env FOLLOW)")
    boolean follow;

    @Option(names = "--allow-gaps", paramLabel = "true|false", defaultValue = "${env:ALLOW_GAPS:-false}", arity = "0..1",
            description = "with a kafka:// source: records gone from a source partition before they were copied "
                    + "(retention, deleteRecords) are a source_gap event each and the copy goes on; default: a gap "
                    + "fails the job (exit 1) naming the partition and the offsets lost (env ALLOW_GAPS)")
    boolean allowGaps;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,..]", required = true,
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}", description = "Kafka brokers (env KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "NAME", required = true, defaultValue = "${env:KAFKA_TOPIC}",
            description = "target topic (env KAFKA_TOPIC); not auto-created unless --create-topic")
    String topic;

    @Option(names = "--partition", paramLabel = "N", defaultValue = "${env:KAFKA_PARTITION:-0}",
            description = "the one partition all rows go to, in file order; on a topic of several partitions the run "
                    + "says once that every record goes there, unless this is given (env KAFKA_PARTITION; default "
                    + "${DEFAULT-VALUE})")
    int partition;

    @Option(names = "--partitions", paramLabel = "all|LIST", defaultValue = "${env:PARTITIONS}",
            description = "keyed mode: spread rows over these partitions by --key column:NAME[,NAME..], chosen as "
                    + "Kafka's default partitioner chooses them (murmur2 of the key), so rows of one key stay in file "
                    + "order; all = every partition of the topic, or a list such as 0-11 or 0,2,4. With --shard: "
                    + "shard I writes to the I-th of these partitions, default all. With a kafka:// source: remap the "
                    + "records by their own keys over these partitions (no --key needed; the target's partition "
                    + "count may differ from the source's), a record without a key to the listed partition at its "
                    + "source partition's number modulo the count; per-key order kept, e.g. --partitions all "
                    + "(env PARTITIONS; default: one partition, --partition, in total file order; a kafka:// source: "
                    + "source partition p into target partition p)")
    String partitions;

    @Option(names = "--lanes", paramLabel = "K", defaultValue = "${env:LANES:-0}",
            description = "keyed mode: K producers on their own threads, each owning a fixed share of the "
                    + "partitions. Part of the job: a rerun with another K is refused (reset the job to change it) "
                    + "(env LANES; default: the job's own count when it ran before, else the smaller of the "
                    + "number of partitions and of processors)")
    int lanes;

    @Option(names = "--shard", paramLabel = "I/N", defaultValue = "${env:SHARD}",
            description = "run share I of N (0-based) of the job, as job <job-id>.<I> with its own lease and "
                    + "checkpoint, into the I-th of --partitions (all of the topic's when absent; fewer than N: exit "
                    + "2): for many machines, e.g. AWS Batch array jobs, where I comes from AWS_BATCH_JOB_ARRAY_INDEX "
                    + "and N from SHARD_COUNT when neither flag nor SHARD is set. Several files are shared whole, "
                    + "balanced by size; one file is cut into N byte ranges at row boundaries by one pass of the first "
                    + "shard (the others wait for its plan). Order: file order within each shard's partition "
                    + "(env SHARD)")
    String shard;

    @Mixin KafkaOptions kafka;
    @Mixin CheckpointOptions checkpoint;
    @Mixin CsvOptions csv;
    @Mixin TypedOptions typed;

    @Option(names = "--key", paramLabel = "none|row|column:NAME[,NAME]", defaultValue = "${env:KEY_MODE:-none}",
            description = "record key: none, the row number, or a column's value (several columns: their values as "
                    + "one CSV row; with --schema the typed value: the field's Avro datum or JSON value, a record or "
                    + "object of several). With a kafka:// source copied as it is (--source-format bytes): none, each "
                    + "record keeps its own key (env KEY_MODE; default ${DEFAULT-VALUE})")
    String key;

    @Option(names = "--headers", paramLabel = "all|row|min", defaultValue = "${env:HEADERS_MODE:-row}",
            description = "position headers: all = every record carries csv.row/offset/source/version; row = every "
                    + "record carries csv.row; min = only each transaction's last record (the recovery anchor, "
                    + "present in every mode). Fewer headers, more speed (env HEADERS_MODE; default ${DEFAULT-VALUE})")
    String headers;

    @Option(names = "--header-column", paramLabel = "NAME[:HEADER]", split = ",", defaultValue = "${env:HEADER_COLUMNS}",
            description = "also put this column's value into a Kafka header of each record, named HEADER (default: "
                    + "the column's name), before the csv.* headers; repeatable. The value is the field's text in "
                    + "UTF-8; an empty field gives an empty header value. Part of the job (env HEADER_COLUMNS as "
                    + "NAME[:HEADER],NAME2[:HEADER2])")
    List<String> headerColumns;

    @Option(names = "--on-bad-row", paramLabel = "fail|skip|dlq:TOPIC", defaultValue = "${env:ON_BAD_ROW:-fail}",
            description = "a malformed row: fail = commit what came before and exit 1 naming row and byte offset; "
                    + "skip = log and count it; dlq:TOPIC = send its raw bytes and the reason there, in the same "
                    + "transaction (env ON_BAD_ROW; default ${DEFAULT-VALUE})")
    String onBadRow;

    @Option(names = "--create-topic", paramLabel = "true|false", defaultValue = "${env:CREATE_TOPIC:-false}", arity = "0..1",
            description = "create the topic (and dead-letter topic) when missing, with the broker's default "
                    + "replication and the partitions the job needs (--partition N: N+1; --partitions LIST: the "
                    + "highest listed + 1; --partitions all names no count: create the topic first; a kafka:// source: "
                    + "the source's partition count, or with --partitions LIST the highest listed + 1), then wait "
                    + "until the brokers show it (env CREATE_TOPIC)")
    boolean createTopic;

    @Option(names = "--transaction-rows", paramLabel = "N", defaultValue = "${env:TRANSACTION_ROWS:-1000000}",
            description = "commit after this many rows at most (env TRANSACTION_ROWS; default ${DEFAULT-VALUE})")
    int transactionRows;

    @Option(names = "--transaction-ms", paramLabel = "MS", defaultValue = "${env:TRANSACTION_MS:-1000}",
            description = "commit at least this often (env TRANSACTION_MS; default ${DEFAULT-VALUE})")
    long transactionMs;

    @Option(names = "--lease-seconds", paramLabel = "S", defaultValue = "${env:LEASE_SECONDS:-60}",
            description = "how long the job's lease outlives a silent runner (env LEASE_SECONDS; default ${DEFAULT-VALUE})")
    long leaseSeconds;

    @Option(names = "--lease-wait-seconds", paramLabel = "S", defaultValue = "${env:LEASE_WAIT_SECONDS:-0}",
            description = "when another runner holds the job's lease, wait up to this long for it to be released "
                    + "or to expire (a runner that died on another host holds it until it expires) instead of "
                    + "failing at once; containers that restart after a crash want about --lease-seconds + 10 "
                    + "(env LEASE_WAIT_SECONDS; default ${DEFAULT-VALUE})")
    long leaseWaitSeconds;

    @Option(names = "--progress-seconds", paramLabel = "S", defaultValue = "${env:PROGRESS_SECONDS:-5}",
            description = "seconds between progress lines (env PROGRESS_SECONDS; default ${DEFAULT-VALUE})")
    long progressSeconds;

    @Option(names = "--max-row-bytes", paramLabel = "N", defaultValue = "${env:MAX_ROW_BYTES:-67108864}",
            description = "longest row accepted, bounding memory (env MAX_ROW_BYTES; default ${DEFAULT-VALUE})")
    int maxRowBytes;

    @Option(names = "--max-rows-per-second", paramLabel = "N", defaultValue = "${env:MAX_ROWS_PER_SECOND:-0}",
            description = "throttle to protect a busy cluster; 0 = as fast as the brokers take it "
                    + "(env MAX_ROWS_PER_SECOND; default ${DEFAULT-VALUE})")
    long maxRowsPerSecond;

    @Option(names = "--metrics", paramLabel = "auto|emf|none", defaultValue = "${env:METRICS:-auto}",
            description = "CloudWatch Embedded Metric Format lines on stdout: auto = when ECS or Batch is detected "
                    + "(the CDK stacks set emf for all three compute options), emf = always, none "
                    + "(env METRICS; default ${DEFAULT-VALUE})")
    String metricsMode;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:METRICS_PORT}",
            description = "serve Prometheus metrics on http://HOST:PORT/metrics (env METRICS_PORT); see docs/metrics.md")
    Integer metricsPort;

    @Option(names = "--events", paramLabel = "FILE|-", defaultValue = "${env:EVENTS}",
            description = "write the run's events as JSON Lines (one object a line: started, resumed, committed, "
                    + "progress, bad_row, stopped, completed, failed, ...) to FILE, or to stdout with - "
                    + "(env EVENTS); every event and field: docs/events.md")
    String eventsTarget;

    @Option(names = "--fail-on-empty", paramLabel = "true|false", defaultValue = "${env:FAIL_ON_EMPTY:-false}", arity = "0..1",
            description = "exit 1 when the source has no data rows (default: a warning and exit 0, as an empty "
                    + "export is legitimate) (env FAIL_ON_EMPTY)")
    boolean failOnEmpty;

    @Option(names = "--header-mismatch", paramLabel = "fail|allow", defaultValue = "${env:CSV_HEADER_MISMATCH:-fail}",
            description = "with several files: a file whose header differs from the first file's fails the job "
                    + "(fail), or is read by its own header (allow) (env CSV_HEADER_MISMATCH; default ${DEFAULT-VALUE})")
    String headerMismatch;

    @Spec CommandSpec spec;

    /** True when --partition (or KAFKA_PARTITION) was given: the user chose the one partition, nothing to tell. */
    private boolean partitionGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--partition")
                || !Options.blank(System.getenv("KAFKA_PARTITION"));
    }

    /** The columns of a column key ({@code --key column:A[,B]}), empty for the other key modes. */
    private List<String> keyColumns() {
        JobConfig.KeyMode mode = JobConfig.KeyMode.parse(key);
        return mode.kind() == JobConfig.KeyMode.Kind.COLUMN ? mode.columns() : List.of();
    }

    private boolean headerMismatch() {
        return switch (headerMismatch.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "fail" -> false;
            case "allow" -> true;
            default -> throw new IllegalArgumentException("--header-mismatch must be fail or allow, got '"
                    + headerMismatch + "'");
        };
    }

    @Override
    public Integer call() throws Exception {
        KafkaSettings settings = kafka.settings(bootstrapServers);
        JobConfig config = JobConfig.builder()
                .sourceUri(source.requireSource())
                .topic(Options.require(topic, "--topic", "KAFKA_TOPIC"))
                .jobId(checkpoint.requireJobId())
                .partition(partition)
                .partitionGiven(partitionGiven())
                .format(csv.format())
                .key(JobConfig.KeyMode.parse(key))
                .headers(Options.enumValue(JobConfig.HeadersMode.class, headers, "--headers"))
                .dialect(csv.dialect())
                .onBadRow(JobConfig.BadRowPolicy.parse(onBadRow))
                .createTopic(createTopic)
                .transactionMaxRows(transactionRows)
                .transactionMaxTime(Duration.ofMillis(transactionMs))
                .leaseTtl(Duration.ofSeconds(leaseSeconds))
                .leaseWait(Duration.ofSeconds(leaseWaitSeconds))
                .progressInterval(Duration.ofSeconds(progressSeconds))
                .maxRowBytes(maxRowBytes)
                .maxRowsPerSecond(maxRowsPerSecond)
                .failOnEmpty(failOnEmpty)
                .allowHeaderMismatch(headerMismatch())
                .include(Options.blank(source.include) ? "" : source.include)
                .compression(csv.compression())
                .partitions(Options.blank(partitions) ? null : PartitionList.parse(partitions))
                .lanes(lanes)
                .shard(Shard.fromOptionOrEnvironment(shard, System.getenv()))
                .shape(typed.shape(csv.format(), source.s3(), null, keyColumns())
                        .withHeaderColumns(HeaderColumn.parseAll(headerColumns)))
                .build();
        KafkaSourceUri kafkaSource = kafkaSource(config);
        if (kafkaSource != null) {
            config = config.toBuilder().sourceValues(sourceValues(config)).build();
        }
        if (config.shape().registry() != null) {
            // registered once the rest of the configuration is known to be good
            config = config.toBuilder().shape(typed.shape(config.format(), source.s3(), config.topic(), keyColumns())
                    .withHeaderColumns(config.shape().headerColumns())).build();
        }
        StopSignal stop = new StopSignal();
        Signals.onStop(stop, STOP_DEADLINE);
        LOG.info("job {}: {} -> {} ({}{}, headers {}, key {}, on bad row {}); Kafka {}", config.jobId(),
                config.sourceUri(), config.keyed() ? config.topic() + " partitions " + config.partitions()
                        : config.topic() + "-" + config.partition(), config.format().name().toLowerCase(Locale.ROOT),
                config.shape().typed() ? " of " + config.shape().schema().avro().getFullName() : "",
                config.headers().name().toLowerCase(Locale.ROOT), key,
                onBadRow, settings);
        // failures (ConfigurationException: exit 2, TransferFailedException and others: exit 1) are printed by Errors
        JobListener events = null;
        String jobId = config.shard() == null ? config.jobId() : config.shard().jobId(config.jobId());
        try (JobMetrics metrics = JobMetrics.fromEnvironment(jobId, metricsMode, metricsPort)) {
            events = listeners(jobId, config, metrics);
            if (kafkaSource != null) {
                return exitCode(copyTopic(config, kafkaSource, settings, metrics, stop, events));
            }
            Source src = null;
            CheckpointStore store = null;
            try {
                src = source.open();
                config = checked(config, src);
                store = checkpoint.open(source.region);
            } catch (Exception e) { // the run never started: still a failed run for those who read its events
                events.on(new JobEvent.Failed(e.getMessage() == null ? e.toString() : e.getMessage(), null,
                        Errors.usage(e)));
                close(src);
                throw e;
            }
            try (Source s = src; CheckpointStore st = store) {
                // Each attempt's new producer is the one whose own metrics the exporters republish.
                KafkaClients clients = KafkaClients.of(settings, producer -> metrics.producer(producer::metrics));
                return exitCode(config.shard() == null ? new TransferJob(config, s, st, clients, stop, events).run()
                        : new ShardedJob(config, s, st, clients, stop, events).run());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.INTERRUPTED;
        } finally {
            if (events != null) {
                events.close();
            }
        }
    }

    private static int exitCode(Outcome outcome) {
        return outcome == Outcome.COMPLETED ? Main.OK : Main.INTERRUPTED;
    }

    /**
     * The source topic of a {@code kafka://} source, with the options that work with it checked; null for files.
     * What does not apply to a topic, or is not built yet, is refused (exit 2).
     */
    private KafkaSourceUri kafkaSource(JobConfig config) {
        SourceValues.Format format = SourceValues.parse(sourceFormat);
        if (!KafkaSourceUri.isKafka(config.sourceUri())) {
            if (sourceKafka.given() || follow || allowGaps || format != SourceValues.Format.BYTES
                    || !sourceColumns().isEmpty()) {
                throw new IllegalArgumentException("--source-kafka-*, --source-format, --source-columns, --follow and "
                        + "--allow-gaps apply to a kafka://HOST:PORT/TOPIC source only; " + config.sourceUri()
                        + " is a file source");
            }
            return null;
        }
        KafkaSourceUri uri = KafkaSourceUri.parse(config.sourceUri());
        if (!Options.blank(source.include) || !Options.blank(source.manifest)) {
            throw new IllegalArgumentException("--include and --manifest choose files; a kafka:// source copies the "
                    + "topic's partitions");
        }
        if (config.shard() != null) {
            throw new IllegalArgumentException("--shard splits files over machines; a kafka:// source copies all of "
                    + "its partitions at once in one process");
        }
        if (config.partitions() != null && follow) {
            throw new IllegalArgumentException("--follow cannot remap by key (--partitions): a remapped copy reads the "
                    + "source partitions one after the other, each up to the end the job pinned when it first "
                    + "started. Follow without --partitions (source partition p into target partition p), or remap a "
                    + "bounded copy");
        }
        RecordShape shape = config.shape();
        if (format == SourceValues.Format.BYTES) {
            if (config.key().kind() != JobConfig.KeyMode.Kind.NONE) {
                throw new IllegalArgumentException("--key " + config.key() + " does not apply to a kafka:// source "
                        + "copied as it is (--source-format bytes): each record keeps its own key, and --partitions "
                        + "all|LIST remaps the records by it. --key column:NAME takes a key from a column of JSON or "
                        + "CSV values (--source-format json|csv)");
            }
            if (shape.typed() || !shape.columns().isEmpty() || !shape.renames().isEmpty()
                    || shape.timestampColumn() != null || !shape.headerColumns().isEmpty()
                    || !sourceColumns().isEmpty()) {
                throw new IllegalArgumentException("--schema, --columns, --rename, --timestamp, --header-column and "
                        + "--source-columns read values as rows: give --source-format json (values are JSON objects) "
                        + "or csv (values are CSV rows); with --source-format bytes records are copied as they are");
            }
        } else if (config.key().kind() == JobConfig.KeyMode.Kind.ROW) {
            throw new IllegalArgumentException("--key row numbers a file's rows; with a kafka:// source each record "
                    + "keeps its key, or --key column:NAME takes it from a column");
        }
        return uri;
    }

    /** The --source-columns given, without blanks; empty when none. */
    private List<String> sourceColumns() {
        return sourceColumns == null ? List.of()
                : sourceColumns.stream().map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    /**
     * How the Kafka source's values are read: the --source-format, and for rows their columns, from --source-columns
     * or else the --schema's fields; checked against the options that name columns now, before any network work.
     */
    private SourceValues sourceValues(JobConfig config) throws ConfigurationException {
        SourceValues.Format format = SourceValues.parse(sourceFormat);
        if (format == SourceValues.Format.BYTES) {
            return SourceValues.BYTES;
        }
        List<String> names = sourceColumns();
        if (names.isEmpty() && config.shape().typed()) {
            names = config.shape().schema().avro().getFields().stream().map(org.apache.avro.Schema.Field::name)
                    .toList();
        }
        SourceValues values = new SourceValues(format, names);
        HeaderBinding.check(config, values.columns(), "--source-columns");
        Encoders encoders = Encoders.of(config);
        Encoder encoder = encoders.forHeader(values.columns()); // the --schema's fields bind to the columns
        if (config.key().kind() == JobConfig.KeyMode.Kind.COLUMN) {
            encoders.columnKey(values.columns(), encoder);
        }
        return values;
    }

    /**
     * A job whose source is a Kafka topic: every source partition copied into the same partition of --topic, or,
     * with --partitions, remapped by key.
     */
    private Outcome copyTopic(JobConfig config, KafkaSourceUri uri, KafkaSettings settings, JobMetrics metrics,
                              StopSignal stop, JobListener events) throws Exception {
        CheckpointStore store;
        KafkaClients sourceClients;
        try {
            sourceClients = KafkaClients.of(sourceKafka.settings(uri));
            store = checkpoint.open(source.region);
        } catch (Exception e) { // the run never started: still a failed run for those who read its events
            events.on(new JobEvent.Failed(e.getMessage() == null ? e.toString() : e.getMessage(), null, Errors.usage(e)));
            throw e;
        }
        try (CheckpointStore st = store) {
            KafkaClients clients = KafkaClients.of(settings, producer -> metrics.producer(producer::metrics));
            return new KafkaCopyJob(config, uri, sourceClients, st, clients, stop, events,
                    new KafkaCopyJob.Reading(follow, allowGaps)).run();
        }
    }

    /**
     * The job read with the dialect checked against the source's first rows (--delimiter auto resolved), its header
     * checked against the options that name columns: a mistake there fails now, before any network work.
     */
    private JobConfig checked(JobConfig config, Source src) throws IOException, ConfigurationException {
        SourceSample sample = csv.check(src);
        csv.found().ifPresent(LOG::info);
        JobConfig checked = config.toBuilder().dialect(csv.dialect()).build();
        List<String> header = checked.dialect().header() ? sample.firstRow(checked.dialect()) : List.of();
        if (!header.isEmpty()) {
            HeaderBinding.check(checked, header, sample.uri());
        }
        return checked;
    }

    private static void close(Source src) {
        if (src != null) {
            src.close();
        }
    }

    /** Who hears the run's events: the log, the metrics, a terminal's progress bar, and --events. */
    private JobListener listeners(String jobId, JobConfig config, JobMetrics metrics) throws IOException {
        List<JobListener> all = new ArrayList<>();
        boolean bar = ProgressBar.interactive();
        all.add(new LogListener(jobId, config.progressInterval().toMillis(), !bar));
        all.add(new MetricsListener(metrics));
        if (bar) {
            ProgressBar progressBar = ProgressBar.onStderr();
            // log lines (stderr) and --events - (stdout) reach the same terminal: they clear the bar first
            System.setErr(progressBar.guard(System.err));
            System.setOut(progressBar.guard(System.out));
            all.add(new ProgressBarListener(progressBar));
        }
        if (!Options.blank(eventsTarget)) {
            boolean stdout = eventsTarget.equals("-");
            OutputStream out = stdout ? System.out : Files.newOutputStream(Path.of(eventsTarget));
            all.add(new JsonLinesListener(out, !stdout, jobId, config.progressInterval().toMillis()));
        }
        return JobListener.all(all);
    }
}
