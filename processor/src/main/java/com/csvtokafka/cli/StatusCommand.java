package com.csvtokafka.cli;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.position.Anchor;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.kafka.KafkaTail;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows a job's checkpoint (status, rows, bytes, rate, ETA, lease) and, given",
                "--bootstrap-servers and --topic, the job's last committed record in Kafka (the truth a resume uses).",
                "Exit 0 when the job exists, 1 when it has no checkpoint."})
final class StatusCommand implements Callable<Integer> {
    @Mixin CheckpointOptions checkpoint;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,..]", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "also read the job's committed tail from Kafka (env KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "${env:KAFKA_TOPIC}", description = "(env KAFKA_TOPIC)")
    String topic;

    @Option(names = "--partition", defaultValue = "${env:KAFKA_PARTITION:-0}", description = "(env KAFKA_PARTITION)")
    int partition;

    @Option(names = "--region", defaultValue = "${env:AWS_REGION}", description = "(env AWS_REGION)")
    String region;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String jobId = checkpoint.requireJobId();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", jobId);
        Optional<Checkpoint> saved;
        try (CheckpointStore store = checkpoint.open(region)) {
            view.put("store", store.describe());
            saved = store.load(jobId);
            saved.ifPresent(c -> describe(c, view));
            store.leaseInfo(jobId).ifPresent(l -> {
                boolean live = l.expiresAtMillis() > System.currentTimeMillis();
                view.put("lease_owner", l.owner());
                view.put("lease_epoch", l.epoch());
                view.put("lease", live ? "held until " + Instant.ofEpochMilli(l.expiresAtMillis()) : "free");
            });
        }
        if (!Options.blank(bootstrap) && !Options.blank(topic)) {
            KafkaOptions k = new KafkaOptions();
            k.bootstrapServers = bootstrap;
            k.auth = Optional.ofNullable(System.getenv("KAFKA_AUTH")).orElse("none");
            try (Consumer<byte[], byte[]> consumer = KafkaClients.of(k.settings()).consumer("csv-to-kafka-status")) {
                TopicPartition tp = new TopicPartition(topic, partition);
                Optional<Anchor> anchor = KafkaTail.lastAnchor(consumer, tp, jobId,
                        saved.map(Checkpoint::kafkaOffset).orElse(-1L), Duration.ofSeconds(30));
                view.put("kafka_partition", tp.toString());
                view.put("kafka_last_stable_offset", consumer.endOffsets(java.util.List.of(tp)).get(tp));
                view.put("kafka_last_row", anchor.map(Anchor::row).orElse(0L));
                view.put("kafka_records_of_job", anchor.map(a -> a.next().sent()).orElse(0L));
                view.put("kafka_resume_byte", anchor.map(a -> a.next().offset()).orElse(0L));
                saved.ifPresent(c -> view.put("checkpoint_behind_kafka_records",
                        anchor.map(a -> a.next().sent()).orElse(0L) - c.totalSent()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(view));
        } else {
            view.forEach((k, v) -> out.printf(Locale.ROOT, "%-32s %s%n", k, v));
        }
        out.flush();
        return saved.isPresent() ? Main.OK : Main.FAILED;
    }

    private static void describe(Checkpoint c, Map<String, Object> view) {
        view.put("status", c.status().name());
        view.put("rows_processed", c.lastLine());
        view.put("records_sent", c.totalSent());
        view.put("bad_rows", c.skipped());
        if (c.inputCount() > 1 || c.sourceVersion().startsWith("set=")) {
            view.put("input", "file " + Math.min(c.inputCount(), c.position().input() + 1) + " of " + c.inputCount());
            view.put("byte_offset_in_file", c.byteOffset());
            view.put("bytes_done", c.bytesDone());
        } else {
            view.put("byte_offset", c.byteOffset());
        }
        view.put("source_size", c.sourceSize());
        view.put("progress", String.format(Locale.ROOT, "%.1f%%", 100 * c.fractionDone()));
        view.put("rows_per_second", Math.round(c.rowsPerSecond()));
        if (c.status() == com.csvtokafka.checkpoint.JobStatus.RUNNING && c.rowsPerSecond() > 0 && c.lastLine() > 0) {
            double bytesPerRow = (double) c.bytesDone() / Math.max(1, c.totalSent() + c.skipped());
            double remainingRows = (c.sourceSize() - c.bytesDone()) / Math.max(1, bytesPerRow);
            view.put("eta_seconds", Math.round(remainingRows / c.rowsPerSecond()));
        }
        view.put("source", c.sourceUri());
        view.put("source_version", c.sourceVersion());
        view.put("topic", c.topic() + "-" + c.partition());
        view.put("started_at", Instant.ofEpochMilli(c.startedAt()).toString());
        view.put("updated_at", Instant.ofEpochMilli(c.updatedAt()).toString());
        if (c.message() != null) {
            view.put("message", c.message());
        }
    }
}
