package com.csvtokafka.cli;

import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.kafka.Topics;
import com.csvtokafka.compress.DecodedInput;
import com.csvtokafka.compress.Seek;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.transfer.ConfigurationException;
import com.csvtokafka.transfer.JobConfig;
import com.csvtokafka.transfer.PartitionList;
import com.csvtokafka.transfer.RowKey;
import com.csvtokafka.verify.TopicVerifier;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false, requiredOptionMarker = '*',
        description = {"Checks that a partition holds exactly the file's rows, once each, in order, byte for byte.",
                "Reads the source and the partition (read_committed) side by side and reports rows, records, the first",
                "mismatches (row, byte offset, expected vs found), duplicates, gaps, reordering and a SHA-256 digest of",
                "each side. Exit 0 only when they match exactly. Give the --format, --header and dialect the job ran with.",
                "Options marked * are required, as a flag or through their environment variable.",
                "",
                "Example (the topic of a job run with --format csv):",
                "  csv-to-kafka verify --source data.csv --bootstrap-servers localhost:9092 --topic rows --format csv",
                "Example (S3 and MSK with IAM, a report for machines):",
                "  csv-to-kafka verify --source s3://bucket/big.csv --bootstrap-servers b-1:9098 --kafka-auth iam \\",
                "    --topic rows --json", ""})
final class VerifyCommand implements Callable<Integer> {
    @Mixin SourceOptions source;

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
                    + "chooses it (as the run did), in file order — which proves every key's order (env PARTITIONS)")
    String partitions;

    @Option(names = "--key", paramLabel = "column:NAME[,NAME..]", defaultValue = "${env:KEY_MODE}",
            description = "with --partitions: the key column(s) the job ran with (env KEY_MODE)")
    String key;

    @Mixin KafkaOptions kafka;
    @Mixin CsvOptions csv;

    @Option(names = "--job-id", paramLabel = "ID", defaultValue = "${env:JOB_ID}",
            description = "compare only this job's records when the partition is shared (env JOB_ID)")
    String jobId;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Spec CommandSpec spec;

    /** One partition for every row; or, for a keyed job, the partition each row's key chooses. */
    private TopicVerifier.Routing routing(PartitionList keyed) {
        if (keyed == null) {
            return header -> row -> partition;
        }
        if (Options.blank(key)) {
            throw new IllegalArgumentException("--partitions needs the --key column:NAME[,NAME..] the job ran with");
        }
        JobConfig.KeyMode mode = JobConfig.KeyMode.parse(key);
        if (mode.kind() != JobConfig.KeyMode.Kind.COLUMN) {
            throw new IllegalArgumentException("--partitions needs a column key (--key column:NAME[,NAME..])");
        }
        PartitionList resolved = keyed;
        return header -> {
            try {
                RowKey rowKey = new RowKey(mode.columns(), csv.dialect(), header);
                return row -> resolved.forKey(rowKey.of(row));
            } catch (ConfigurationException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        };
    }

    @Override
    public Integer call() throws Exception {
        String name = Options.require(topic, "--topic", "KAFKA_TOPIC");
        KafkaClients clients = KafkaClients.of(kafka.settings(bootstrapServers));
        PartitionList keyed = Options.blank(partitions) ? null : PartitionList.parse(partitions);
        List<Integer> checked;
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
        }
        TopicVerifier.Routing routing = routing(keyed);
        TopicVerifier.Report report;
        List<Consumer<byte[], byte[]>> consumers = new ArrayList<>();
        try (Source src = source.open()) {
            List<TopicVerifier.Input> inputs = new ArrayList<>();
            for (SourceInfo input : src.pin().inputs()) {
                inputs.add(() -> DecodedInput.open(offset -> src.open(input, offset), csv.compression(), Seek.START, 0, true));
            }
            report = new TopicVerifier(csv.dialect(), csv.format() == JobConfig.Format.JSON, Options.blank(jobId) ? null : jobId)
                    .verify(inputs, tp -> {
                        Consumer<byte[], byte[]> c = clients.consumer("csv-to-kafka-verify");
                        consumers.add(c);
                        return c;
                    }, name, checked, routing);
        } finally {
            consumers.forEach(Consumer::close);
        }
        String where = keyed == null ? name + "-" + partition : name + " partitions " + keyed;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
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
            report.problems().forEach(p -> out.println("  - " + p));
            if (report.hint() != null) {
                out.println("hint: " + report.hint());
            }
            out.println(report.ok() ? (keyed == null ? "VERDICT: OK — every row exactly once, in order, byte for byte"
                    : "VERDICT: OK — every row exactly once, in its key's partition, in file order, byte for byte")
                    : "VERDICT: MISMATCH");
        }
        out.flush();
        return report.ok() ? Main.OK : Main.FAILED;
    }
}
