package com.csvtokafka.cli;

import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.kafka.Topics;
import com.csvtokafka.compress.DecodedInput;
import com.csvtokafka.compress.Seek;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.transfer.JobConfig;
import com.csvtokafka.transfer.RecordShape;
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
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false, requiredOptionMarker = '*',
        description = {"Checks that a partition holds exactly the file's rows, once each, in order, byte for byte.",
                "Reads the source and the partition (read_committed) side by side and reports rows, records, the first",
                "mismatches (row, byte offset, expected vs found), duplicates, gaps, reordering and a SHA-256 digest of",
                "each side. Exit 0 only when they match exactly. Give the --format, --header and dialect the job ran with,",
                "and its --schema, --columns, --rename, --null-value and --timestamp-format: typed records (--schema)",
                "are compared by value (Avro decoded by Avro's own reader, JSON as Jackson trees), rows whose values do",
                "not convert are counted as bad rows.",
                "Options marked * are required, as a flag or through their environment variable.",
                "",
                "Example (the topic of a job run with --format csv):",
                "  csv-to-kafka verify --source data.csv --bootstrap-servers localhost:9092 --topic rows --format csv",
                "Example (S3 and MSK with IAM, a report for machines):",
                "  csv-to-kafka verify --source s3://bucket/big.csv --bootstrap-servers b-1:9098 --kafka-auth iam \\",
                "    --topic rows --json",
                "Example (a typed Avro job registered in a schema registry):",
                "  csv-to-kafka verify --source orders.csv --bootstrap-servers localhost:9092 --topic orders \\",
                "    --format avro --schema orders.avsc --schema-registry http://localhost:8081", ""})
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

    @Mixin KafkaOptions kafka;
    @Mixin CsvOptions csv;
    @Mixin TypedOptions typed;

    @Option(names = "--job-id", paramLabel = "ID", defaultValue = "${env:JOB_ID}",
            description = "compare only this job's records when the partition is shared (env JOB_ID)")
    String jobId;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TopicPartition tp = new TopicPartition(Options.require(topic, "--topic", "KAFKA_TOPIC"), partition);
        KafkaClients clients = KafkaClients.of(kafka.settings(bootstrapServers));
        try (Admin admin = clients.admin()) {
            new Topics(admin, clients.bootstrapServers()).check(tp.topic(), tp.partition());
        }
        TopicVerifier.Report report;
        try (Source src = source.open();
             Consumer<byte[], byte[]> consumer = clients.consumer("csv-to-kafka-verify")) {
            List<TopicVerifier.Input> inputs = new ArrayList<>();
            for (SourceInfo input : src.pin().inputs()) {
                inputs.add(() -> DecodedInput.open(offset -> src.open(input, offset), csv.compression(), Seek.START, 0, true));
            }
            JobConfig.Format format = csv.format();
            RecordShape shape = typed.shape(format, source.s3(), null, List.of());
            if (format == JobConfig.Format.AVRO && !shape.typed()) {
                throw new IllegalArgumentException("--format avro needs the --schema the job ran with");
            }
            report = new TopicVerifier(csv.dialect(), format, shape, typed.client(), Options.blank(jobId) ? null : jobId)
                    .verify(inputs, consumer, tp);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            out.printf(Locale.ROOT, "rows in file        %,d (%,d malformed, not expected in the topic)%n",
                    report.rowsInFile(), report.badRowsInFile());
            out.printf(Locale.ROOT, "records in topic    %,d (%s)%n", report.recordsInTopic(), tp);
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
            out.println(report.ok() ? "VERDICT: OK — every row exactly once, in order, byte for byte"
                    : "VERDICT: MISMATCH");
        }
        out.flush();
        return report.ok() ? Main.OK : Main.FAILED;
    }
}
