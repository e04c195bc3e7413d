package com.csvtokafka.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import com.csvtokafka.position.Position;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Model.OptionSpec;
import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.checkpoint.Lease;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path dir;

    /** What the command printed (out, err) and what was logged meanwhile (log: stderr, where log lines go). */
    private record Result(int code, String out, String err, String log) {
    }

    private static Result run(String... args) {
        // System.err first: picocli's default execution strategy, made with the command line, keeps the System.err
        // of that moment and hands it to the commands instead of the writer given below when the two differ
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = Main.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int code = cli.execute(args);
            return new Result(code, out.toString(), err.toString(), log.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(stderr);
        }
    }

    @Test
    void helpTeachesEveryOptionWithItsEnvironmentVariable() {
        Result r = run("run", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--source", "SOURCE_URI", "--bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS",
                "--topic", "KAFKA_TOPIC", "--job-id", "JOB_ID", "--checkpoint-table", "CHECKPOINT_TABLE",
                "--on-bad-row", "--headers", "--key", "Example");
        assertThat(run("--help").out()).contains("Exit codes", "run", "status", "verify", "reset");
    }

    @Test
    void runHelpListsEveryOptionUnderAHeadingWithItsTextAndEnvironmentVariable() {
        String help = run("run", "--help").out();
        CommandLine cli = Main.commandLine();
        CommandLine.Model.CommandSpec spec = cli.getSubcommands().get("run").getCommandSpec();
        Map<String, List<OptionSpec>> sections = new GroupedOptionList(RunCommand.HELP_GROUPS).sections(spec);
        assertThat(sections).doesNotContainKey(GroupedOptionList.OTHER)
                .containsKeys("Source", "Kafka", "CSV format and record value", "Keys and partitions",
                        "Job, checkpoints and lease", "Bad rows", "Typed records (a schema) and column transforms");
        assertThat(sections.values().stream().mapToInt(List::size).sum()).isEqualTo(spec.options().size());
        // each heading in order, and under it its options, each shown once, with the text that names its env variable
        List<String> lines = help.lines().toList();
        int previous = -1;
        for (Map.Entry<String, List<OptionSpec>> section : sections.entrySet()) {
            int heading = lines.indexOf(section.getKey() + ":");
            assertThat(heading).as(section.getKey()).isGreaterThan(previous);
            int next = lines.size();
            for (int i = heading + 1; i < lines.size(); i++) {
                if (lines.get(i).matches("[A-Z][^ ].*:")) {
                    next = i;
                    break;
                }
            }
            String body = String.join("\n", lines.subList(heading + 1, next));
            for (OptionSpec option : section.getValue()) {
                assertThat(body).as(option.longestName() + " under " + section.getKey())
                        .containsPattern("(?m)^[ *]*(-\\w, )?" + option.longestName() + "\\b");
                String envName = String.join(" ", option.description()).replaceAll(".*\\(env ([A-Z_]+).*", "$1");
                if (!envName.equals(String.join(" ", option.description()))) {
                    assertThat(body).as(option.longestName()).contains(envName);
                }
            }
            previous = heading;
        }
        assertThat(help.replaceAll("\\s+", " ")).contains("unless this is given (env KAFKA_PARTITION; default 0)");
    }

    @Test
    void missingRequiredOptionIsAUsageErrorNamingFlagAndEnv() {
        Result r = run("run", "--bootstrap-servers", "localhost:1", "--topic", "t", "--job-id", "j");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--source").contains("SOURCE_URI");
    }

    @Test
    void invalidValuesAreUsageErrors() {
        assertThat(run("run", "--source", "x.csv", "--bootstrap-servers", "h:1", "--topic", "t", "--job-id", "j",
                "--on-bad-row", "explode").err()).contains("--on-bad-row must be fail, skip or dlq:TOPIC");
        assertThat(run("run", "--source", "x.csv", "--bootstrap-servers", "h:1", "--topic", "t", "--job-id", "bad id!")
                .code()).isEqualTo(2);
        assertThat(run("run", "--source", "x.csv", "--bootstrap-servers", "h:1", "--topic", "t", "--job-id", "j",
                "--kafka-property", "acks=1").err()).contains("acks cannot be overridden");
        assertThat(run("run", "--source", "x.csv", "--bootstrap-servers", "h:1", "--topic", "t", "--job-id", "j",
                "--unknown").code()).isEqualTo(2);
    }

    @Test
    void typedOptionsThatCannotWorkAreUsageErrorsBeforeAnyKafkaWork() throws Exception {
        Path csv = Files.writeString(dir.resolve("a.csv"), "id\n1\n");
        Path schema = Files.writeString(dir.resolve("a.avsc"),
                "{\"type\": \"record\", \"name\": \"A\", \"fields\": [{\"name\": \"id\", \"type\": \"long\"}]}");
        String[] base = {"run", "--source", csv.toString(), "--bootstrap-servers", "127.0.0.1:1", "--topic", "t",
                "--job-id", "j", "--checkpoint-dir", dir.toString()};
        Result avro = run(Stream.concat(Stream.of(base), Stream.of("--format", "avro")).toArray(String[]::new));
        assertThat(avro.code()).isEqualTo(2);
        assertThat(avro.err()).contains("--format avro needs --schema");
        Result registryJson = run(Stream.concat(Stream.of(base), Stream.of("--schema", schema.toString(),
                "--schema-registry", "http://127.0.0.1:1")).toArray(String[]::new));
        assertThat(registryJson.code()).isEqualTo(2);
        assertThat(registryJson.err()).contains("--schema-registry is for --format avro");
        Files.writeString(dir.resolve("bad.avsc"), "{\"type\": \"record\", \"name\": \"A\", \"fields\": "
                + "[{\"name\": \"id\", \"type\": {\"type\": \"map\", \"values\": \"int\"}}]}");
        Result unsupported = run(Stream.concat(Stream.of(base), Stream.of("--schema", dir.resolve("bad.avsc").toString()))
                .toArray(String[]::new));
        assertThat(unsupported.code()).isEqualTo(2);
        assertThat(unsupported.err()).contains("field id has type map");
        Result pattern = run(Stream.concat(Stream.of(base), Stream.of("--timestamp-format", "yyyy-bb"))
                .toArray(String[]::new));
        assertThat(pattern.code()).isEqualTo(2);
        assertThat(pattern.err()).contains("--timestamp-format 'yyyy-bb' is not a java.time pattern");
        Result missingSchema = run(Stream.concat(Stream.of(base), Stream.of("--schema", dir.resolve("no.avsc").toString()))
                .toArray(String[]::new));
        assertThat(missingSchema.code()).isEqualTo(2);
        assertThat(missingSchema.err()).contains("no.avsc");
    }

    @Test
    void aKafkaSourceRemappedByKeyRefusesWhatCannotWorkBeforeAnyKafkaWork() {
        String[] base = {"run", "--source", "kafka://127.0.0.1:1/orders", "--bootstrap-servers", "127.0.0.1:1",
                "--topic", "t", "--job-id", "j", "--checkpoint-dir", dir.toString(), "--partitions", "all"};
        Result follow = run(Stream.concat(Stream.of(base), Stream.of("--follow")).toArray(String[]::new));
        assertThat(follow.code()).isEqualTo(2);
        assertThat(follow.err()).contains("--follow cannot remap by key (--partitions)")
                .contains("one after the other");
        Result column = run(Stream.concat(Stream.of(base), Stream.of("--key", "column:id")).toArray(String[]::new));
        assertThat(column.code()).isEqualTo(2);
        assertThat(column.err()).contains("--key column:id does not apply to a kafka:// source copied as it is")
                .contains("--source-format json|csv");
        Result row = run("run", "--source", "kafka://127.0.0.1:1/orders", "--bootstrap-servers", "127.0.0.1:1",
                "--topic", "t", "--job-id", "j", "--key", "row");
        assertThat(row.code()).isEqualTo(2);
        assertThat(row.err()).contains("each record keeps its own key");
    }

    @Test
    void sourceFormatOptionsThatCannotWorkAreUsageErrorsBeforeAnyKafkaWork() throws Exception {
        Path schema = Files.writeString(dir.resolve("o.avsc"),
                "{\"type\": \"record\", \"name\": \"O\", \"fields\": [{\"name\": \"id\", \"type\": \"long\"}]}");
        String[] base = {"run", "--source", "kafka://127.0.0.1:1/orders", "--bootstrap-servers", "127.0.0.1:1",
                "--topic", "t", "--job-id", "j", "--checkpoint-dir", dir.toString()};
        Result noColumns = run(Stream.concat(Stream.of(base), Stream.of("--source-format", "csv")).toArray(String[]::new));
        assertThat(noColumns.code()).isEqualTo(2);
        assertThat(noColumns.err()).contains("--source-format csv reads each value as one row and needs its column names");
        Result bytesWithSchema = run(Stream.concat(Stream.of(base), Stream.of("--schema", schema.toString()))
                .toArray(String[]::new));
        assertThat(bytesWithSchema.code()).isEqualTo(2);
        assertThat(bytesWithSchema.err()).contains("give --source-format json");
        Result unknownKey = run(Stream.concat(Stream.of(base), Stream.of("--source-format", "json", "--schema",
                schema.toString(), "--key", "column:customer")).toArray(String[]::new));
        assertThat(unknownKey.code()).isEqualTo(2);
        assertThat(unknownKey.err()).contains("--key column:customer");
        Result rowKey = run(Stream.concat(Stream.of(base), Stream.of("--source-format", "json", "--source-columns", "id",
                "--key", "row")).toArray(String[]::new));
        assertThat(rowKey.code()).isEqualTo(2);
        assertThat(rowKey.err()).contains("--key row numbers a file's rows");
        Result onFile = run("run", "--source", "x.csv", "--bootstrap-servers", "h:1", "--topic", "t", "--job-id", "j",
                "--source-columns", "a,b");
        assertThat(onFile.code()).isEqualTo(2);
        assertThat(onFile.err()).contains("apply to a kafka://HOST:PORT/TOPIC source only");
        Result verify = run("verify", "--source", "kafka://127.0.0.1:1/orders", "--bootstrap-servers", "127.0.0.1:1",
                "--topic", "t", "--source-format", "json");
        assertThat(verify.code()).isEqualTo(2);
        assertThat(verify.err()).contains("byte for byte");
    }

    @Test
    void missingSourceFileIsAConfigurationErrorBeforeAnyKafkaWork() {
        Result r = run("run", "--source", dir.resolve("nope.csv").toString(), "--bootstrap-servers", "127.0.0.1:1",
                "--topic", "t", "--job-id", "j", "--checkpoint-dir", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        // one line in the one error style: no timestamp, level, logger name or stack trace
        assertThat(r.err().lines()).containsExactly("error: source file " + dir.resolve("nope.csv") + " does not exist");
        assertThat(r.log()).doesNotContain("ERROR", "Exception", "\tat ");
    }

    @Test
    void unreachableBrokerIsOneMessageWithoutTheKafkaClientsWarnings() throws Exception {
        Path csv = Files.writeString(dir.resolve("a.csv"), "a\n1\n");
        Result r = run("run", "--source", csv.toString(), "--bootstrap-servers", "127.0.0.1:1", "--topic", "t",
                "--job-id", "j", "--checkpoint-dir", dir.resolve("ck").toString()); // takes the check's 15 s
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).containsExactly("error: cannot reach Kafka at 127.0.0.1:1 within 15 s",
                "check --bootstrap-servers, that the brokers are up, and the network and security settings (--kafka-auth)");
        assertThat(r.log()).doesNotContain("WARN", "NetworkClient", "AdminClient");
    }

    @Test
    void brokerNamesThatDoNotResolveAreAConfigurationError() throws Exception {
        Path csv = Files.writeString(dir.resolve("a.csv"), "a\n1\n");
        Result r = run("run", "--source", csv.toString(), "--bootstrap-servers", "no-such-broker.invalid:9092",
                "--topic", "t", "--job-id", "j", "--checkpoint-dir", dir.resolve("ck").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(
                "error: no host of --bootstrap-servers no-such-broker.invalid:9092 resolves to an address",
                "check the host names");
        assertThat(r.log()).doesNotContain("WARN");
    }

    @Test
    void withoutAwsCredentialsTheCheckpointTableIsAConfigurationErrorSayingHowToSetThem() {
        assumeTrue(Stream.of("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE").allMatch(v -> System.getenv(v) == null)
                && !Files.exists(Path.of(System.getProperty("user.home"), ".aws")), "AWS credentials are configured here");
        String imds = System.setProperty("aws.disableEc2Metadata", "true"); // no instance role, wherever this runs
        try {
            Result r = run("status", "--job-id", "j", "--checkpoint-table", "checkpoints", "--region", "us-east-1",
                    "--dynamodb-endpoint", "http://127.0.0.1:1");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().lines()).containsExactly(
                    "error: no AWS credentials found (looked in: env, profile, container, instance)",
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (see `aws configure`); on AWS, "
                            + "give the task or instance a role");
        } finally {
            if (imds == null) {
                System.clearProperty("aws.disableEc2Metadata");
            } else {
                System.setProperty("aws.disableEc2Metadata", imds);
            }
        }
    }

    @Test
    void usageErrorsAreTheErrorTheClosestOptionAndWhereHelpIsWithoutTheUsage() {
        Result unknown = run("run", "--bootstrap-server", "h:1");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().lines()).containsExactly(
                "error: unknown option --bootstrap-server (did you mean --bootstrap-servers?)",
                "see `csv-to-kafka run --help`");

        Result bare = run("run", "data.csv");
        assertThat(bare.code()).isEqualTo(2);
        assertThat(bare.err().lines()).containsExactly(
                "error: unexpected argument 'data.csv': every value follows its option's name (did you mean --source "
                        + "data.csv?)",
                "see `csv-to-kafka run --help`");

        Result number = run("run", "--source", "x.csv", "--bootstrap-servers", "h:1", "--topic", "t", "--job-id", "j",
                "--transaction-rows", "10k");
        assertThat(number.code()).isEqualTo(2);
        assertThat(number.err().lines()).containsExactly("error: --transaction-rows takes a whole number, got '10k'",
                "see `csv-to-kafka run --help`");

        Result command = run("rn");
        assertThat(command.code()).isEqualTo(2);
        assertThat(command.err().lines()).containsExactly(
                "error: unknown command 'rn' (commands: run, status, verify, reset, generate, infer-schema, help)",
                "see `csv-to-kafka --help`");

        Result noValue = run("status", "--job-id");
        assertThat(noValue.err().lines()).containsExactly("error: --job-id needs a value", "see `csv-to-kafka status --help`");
        assertThat(Stream.of(unknown, bare, number, command, noValue)).allSatisfy(r -> {
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).doesNotContain("Usage");
        });
    }

    @Test
    void resetWithoutATerminalSaysToPassYes() {
        assumeTrue(System.console() == null, "a terminal is attached");
        Result r = run("reset", "--job-id", "job-r", "--checkpoint-dir", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).containsExactly("error: not reset: there is no terminal to confirm on",
                "pass --yes to reset job job-r without asking");
    }

    @Test
    void statusOfAShardedJobShowsEveryShardAndTheTotalsAndOfOneShardJustIt() throws Exception {
        Path ck = dir.resolve("ck");
        com.csvtokafka.source.InputSet file = com.csvtokafka.source.InputSet.single(
                new com.csvtokafka.source.SourceInfo("file:///data/big.csv", 1000, "fp"));
        com.csvtokafka.shard.ShardPlan plan = new com.csvtokafka.shard.ShardPlan(3, file, List.of(
                com.csvtokafka.position.Position.plain(0, 300, 30, 0, 0),
                com.csvtokafka.position.Position.plain(0, 600, 60, 0, 0)));
        try (com.csvtokafka.checkpoint.DirectoryCheckpointStore store = new com.csvtokafka.checkpoint.DirectoryCheckpointStore(ck)) {
            com.csvtokafka.checkpoint.Lease base = store.acquire("big", java.time.Duration.ofMinutes(1));
            store.saveInputs(base, plan.encode(), java.time.Duration.ofMinutes(1));
            store.release(base);
            save(store, "big.0", com.csvtokafka.checkpoint.JobStatus.COMPLETED, com.csvtokafka.position.Position.plain(0, 300, 30, 29, 0), 0);
            save(store, "big.1", com.csvtokafka.checkpoint.JobStatus.RUNNING, com.csvtokafka.position.Position.plain(0, 450, 45, 15, 0), 1200);
        }
        Result all = run("status", "--job-id", "big", "--checkpoint-dir", ck.toString());
        assertThat(all.code()).isZero();
        assertThat(all.out()).contains("3 shards over byte ranges of file:///data/big.csv");
        assertThat(all.out().lines()).anyMatch(l -> l.matches("status +RUNNING"))
                .anyMatch(l -> l.matches("rows_processed +44"))
                .anyMatch(l -> l.matches("shards_completed +1 of 3"))
                .anyMatch(l -> l.matches("0/3 +big\\.0 +COMPLETED +29 +0 +row 30 \\(byte offset 300\\)"))
                .anyMatch(l -> l.matches("1/3 +big\\.1 +RUNNING +15 +1,200 +row 45 \\(byte offset 450\\)"))
                .anyMatch(l -> l.matches("2/3 +big\\.2 +NOT_STARTED +0 +0 +-"));
        Result one = run("status", "--job-id", "big.1", "--checkpoint-dir", ck.toString());
        assertThat(one.code()).isZero();
        assertThat(one.out().lines()).anyMatch(l -> l.matches("status +RUNNING")).anyMatch(l -> l.matches("records_sent +15"))
                .noneMatch(l -> l.contains("big.0"));
    }

    private static void save(com.csvtokafka.checkpoint.CheckpointStore store, String job,
                             com.csvtokafka.checkpoint.JobStatus status, com.csvtokafka.position.Position at, double rate)
            throws Exception {
        com.csvtokafka.checkpoint.Lease lease = store.acquire(job, java.time.Duration.ofMinutes(1));
        store.save(lease, new com.csvtokafka.checkpoint.Checkpoint(job, status, at, 1000, "file:///data/big.csv", "fp",
                "rows", 2, rate, 0, System.currentTimeMillis(), null, -1, null, at.offset()), java.time.Duration.ofMinutes(1));
        if (status != com.csvtokafka.checkpoint.JobStatus.RUNNING) { // a running job's runner (this JVM) holds its lease
            store.release(lease);
        }
    }

    @Test
    void statusOfAJobThatDoesNotExistSaysWhereItLooked() throws Exception {
        Path none = dir.resolve("none");
        Result missingDir = run("status", "--job-id", "nope", "--checkpoint-dir", none.toString());
        assertThat(missingDir.code()).isEqualTo(1);
        assertThat(missingDir.out()).isEmpty();
        assertThat(missingDir.err().lines()).containsExactly(
                "error: no job nope in the checkpoint directory " + none + " (no such directory)",
                "check --job-id, and pass the --checkpoint-dir or --checkpoint-table the job ran with");
        assertThat(none).doesNotExist();

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(run("status", "--job-id", "nope", "--checkpoint-dir", empty.toString()).err().lines())
                .startsWith("error: no job nope in the checkpoint directory " + empty);
    }

    @Test
    void everyCommandsHelpHasExamplesMarksRequiredOptionsAndDescribesEveryOption() {
        CommandLine cli = Main.commandLine();
        for (String command : List.of("run", "status", "verify", "reset", "generate", "infer-schema")) {
            String help = run(command, "--help").out();
            assertThat(help).as(command).contains("Example", "Options marked * are required");
            for (OptionSpec option : cli.getSubcommands().get(command).getCommandSpec().options()) {
                assertThat(String.join(" ", option.description())).as(command + " " + option.longestName()).isNotBlank();
                if (option.arity().max() > 0) {
                    assertThat(option.paramLabel()).as(command + " " + option.longestName()).doesNotStartWith("<");
                }
                if (option.required()) {
                    assertThat(help).containsPattern("(?m)^\\*\\s+" + option.longestName() + "=");
                }
            }
        }
        assertThat(run("run", "--help").out()).contains("--source=URI", "(required unless --manifest)");
        assertThat(run("status", "--help").out()).contains("--kafka-auth", "--kafka-config", "--kafka-property");
        assertThat(run("verify", "--help").out()).doesNotContain("--create-topic");

        // the top-level list shows each command's first line: a whole sentence
        List<String> commands = run("--help").out().lines().dropWhile(l -> !l.equals("Commands:")).skip(1)
                .takeWhile(l -> !l.isBlank()).toList();
        assertThat(commands).hasSize(7).allSatisfy(line -> assertThat(line).matches("  [\\w-]+ +\\S.*\\.$"));
    }

    @Test
    void statusShowsTheCheckpointAsATableAndAsJsonAndAfterAResetSaysSo() throws Exception {
        Path checkpoints = dir.resolve("ck");
        try (DirectoryCheckpointStore store = new DirectoryCheckpointStore(checkpoints)) {
            Lease lease = store.acquire("job-s", Duration.ofSeconds(60));
            store.save(lease, new Checkpoint("job-s", JobStatus.RUNNING,
                    Position.plain(0, 2500, 251, 249, 1), 10_000, "file:///x.csv",
                    "size=10000;mtime=1", "orders", 0, 1000, 1_000, 2_000, null, 77, null, 2500), Duration.ofSeconds(60));
        }
        Result table = run("status", "--job-id", "job-s", "--checkpoint-dir", checkpoints.toString());
        assertThat(table.code()).isZero();
        assertThat(table.out()).contains("status", "RUNNING").contains("rows_processed", "250")
                .contains("records_sent", "249").contains("progress", "25.0%").contains("lease", "held until")
                .contains("eta_seconds");

        Result json = run("status", "--job-id", "job-s", "--checkpoint-dir", checkpoints.toString(), "--json");
        @SuppressWarnings("unchecked")
        Map<String, Object> view = new ObjectMapper().readValue(json.out(), Map.class);
        assertThat(view).containsEntry("status", "RUNNING").containsEntry("records_sent", 249)
                .containsEntry("byte_offset", 2500).containsEntry("topic", "orders-0").containsEntry("progress", 25.0);

        Result reset = run("reset", "--job-id", "job-s", "--checkpoint-dir", checkpoints.toString(), "--yes");
        assertThat(reset.code()).isZero();
        assertThat(reset.out()).contains("job job-s reset: its next run starts over from the first row; the 249 records it "
                + "sent stay in topic orders, which will then hold both the earlier and the new rows");
        Result afterReset = run("status", "--job-id", "job-s", "--checkpoint-dir", checkpoints.toString());
        assertThat(afterReset.code()).as(afterReset.err()).isZero();
        assertThat(afterReset.out().lines()).anyMatch(l -> l.matches("status +RESET"))
                .anyMatch(l -> l.matches("reset_at +\\d{4}-.*Z"))
                .anyMatch(l -> l.contains("its next run starts over from the first row"));
        @SuppressWarnings("unchecked")
        Map<String, Object> resetView = new ObjectMapper().readValue(run("status", "--job-id", "job-s",
                "--checkpoint-dir", checkpoints.toString(), "--json").out(), Map.class);
        assertThat(resetView).containsEntry("status", "RESET").containsKey("reset_at");
        assertThat(run("status", "--job-id", "never-ran", "--checkpoint-dir", checkpoints.toString()).code())
                .as("a job neither run nor reset").isEqualTo(1);
    }

    @Test
    void statusSaysWhenTheRunnerOnThisHostIsGoneAndIsNotRunning() throws Exception {
        Path checkpoints = dir.resolve("ck");
        try (DirectoryCheckpointStore store = new DirectoryCheckpointStore(checkpoints)) {
            Lease lease = store.acquire("job-k", Duration.ofSeconds(60));
            store.save(lease, new Checkpoint("job-k", JobStatus.RUNNING, Position.plain(0, 2500, 251, 250, 0), 10_000,
                    "file:///x.csv", "size=10000;mtime=1", "orders", 0, 1000, 1_000, 2_000, null, 77, null, 2500),
                    Duration.ofSeconds(60));
            // what kill -9 leaves: the lease unexpired, held by a process of this host that no longer exists
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            Path file = checkpoints.resolve("job-k.json");
            @SuppressWarnings("unchecked")
            Map<String, Object> item = new ObjectMapper().readValue(file.toFile(), Map.class);
            item.put("owner", java.net.InetAddress.getLocalHost().getHostName() + ":" + gone.pid() + ":0a1b2c3d");
            new ObjectMapper().writeValue(file.toFile(), item);
        }
        Result table = run("status", "--job-id", "job-k", "--checkpoint-dir", checkpoints.toString());
        assertThat(table.code()).isZero();
        assertThat(table.out().lines()).anyMatch(l -> l.matches("status +STOPPED"))
                .anyMatch(l -> l.matches("lease +free: its holder, process " + gone(table) + " on this host, is gone.*"))
                .anyMatch(l -> l.matches("status_detail +its runner is gone .*Run the job again.*"))
                .noneMatch(l -> l.startsWith("eta_seconds"));

        // a run that ended released its lease: its process being gone is no news then
        Path file = checkpoints.resolve("job-k.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> item = new ObjectMapper().readValue(file.toFile(), Map.class);
        item.put("lease_expires_at", System.currentTimeMillis() - 1);
        new ObjectMapper().writeValue(file.toFile(), item);
        assertThat(run("status", "--job-id", "job-k", "--checkpoint-dir", checkpoints.toString()).out().lines())
                .anyMatch(l -> l.matches("lease +free")).noneMatch(l -> l.contains("killed or crashed"));
    }

    private static String gone(Result status) {
        return status.out().lines().filter(l -> l.startsWith("lease_owner")).findFirst().orElseThrow()
                .replaceAll(".*:(\\d+):.*", "$1");
    }

    @Test
    void statusOfAJobFailedInCompressedDataShowsTheFailureAndTheFilesRealBytes() throws Exception {
        Path checkpoints = dir.resolve("ck");
        try (DirectoryCheckpointStore store = new DirectoryCheckpointStore(checkpoints)) {
            Lease lease = store.acquire("job-gz", Duration.ofSeconds(60));
            // a truncated gzip of 4,000 bytes: 30,000 bytes decoded, resuming would decode from raw byte 0
            store.save(lease, new Checkpoint("job-gz", JobStatus.FAILED,
                    new Position(0, 30_000, 1201, 1200, 0, new Position.Seek(0, 0)), 4_000, "file:///x.csv.gz",
                    "size=4000;mtime=1", "orders", 0, 1000, 1_000, 2_000, "gzip data ends early (truncated?)", 77,
                    null, 0), Duration.ofSeconds(60));
            store.release(lease);
        }
        Result table = run("status", "--job-id", "job-gz", "--checkpoint-dir", checkpoints.toString());
        assertThat(table.out().lines()).anyMatch(l -> l.matches("status +FAILED"))
                .anyMatch(l -> l.matches("message +gzip data ends early.*"))
                .anyMatch(l -> l.matches("decoded_byte_offset +30000"))
                .anyMatch(l -> l.matches("resume_raw_byte +0"))
                .anyMatch(l -> l.matches("progress +0.0%"))
                .noneMatch(l -> l.startsWith("byte_offset"));
        Result json = run("status", "--job-id", "job-gz", "--checkpoint-dir", checkpoints.toString(), "--json");
        @SuppressWarnings("unchecked")
        Map<String, Object> view = new ObjectMapper().readValue(json.out(), Map.class);
        assertThat(view).containsEntry("progress", 0.0).containsEntry("bytes_done", 0)
                .containsEntry("source_size", 4000);
    }

    @Test
    void generateWritesTheRequestedRows() {
        Path file = dir.resolve("s.csv");
        Result r = run("generate", "--rows", "100", "--out", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("wrote 100 rows");
    }
}
