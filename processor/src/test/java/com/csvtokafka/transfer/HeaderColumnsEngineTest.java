package com.csvtokafka.transfer;

import static com.csvtokafka.transfer.MockKafka.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.Shard;
import com.csvtokafka.shard.ShardedJob;
import com.csvtokafka.source.Source;
import com.csvtokafka.typed.TypedOutput;
import com.csvtokafka.typed.TypedSchema;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --header-column}: a column's value in a Kafka header of every record, before the csv.* headers, in every
 * mode (one partition, keyed, sharded; csv, json and typed values); and duplicate column names, refused for JSON.
 */
class HeaderColumnsEngineTest {
    private static final String ORDERS = "id,customer,city,note\n1,c1,Oslo,a\n2,c2,,b\n3,c1,\"Rome, IT\",c\n"
            + "4,c3,\"say \"\"hi\"\"\",d\n5,c2,Lima,e\n";

    @TempDir
    Path dir;

    private static JobConfig config(Path source, JobConfig.Format format, JobConfig.HeadersMode headers, String key,
                                    PartitionList partitions, Shard shard, Charset charset, RecordShape shape,
                                    boolean allowHeaderMismatch) {
        return TestJobs.job(source.toString(), "hc").format(format).key(JobConfig.KeyMode.parse(key)).headers(headers)
                .dialect(CsvDialect.of(',', '"', charset, true)).transactionMaxRows(2)
                .allowHeaderMismatch(allowHeaderMismatch).partitions(partitions).shard(shard).shape(shape).build();
    }

    private static JobConfig single(Path source, JobConfig.Format format, JobConfig.HeadersMode headers,
                                    String... headerColumns) {
        return config(source, format, headers, "none", null, null, StandardCharsets.UTF_8, columns(headerColumns), false);
    }

    private static RecordShape columns(String... headerColumns) {
        return RecordShape.NONE.withHeaderColumns(HeaderColumn.parseAll(List.of(headerColumns)));
    }

    private Outcome run(JobConfig config, MockKafka kafka) throws Exception {
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"));
             Source source = Source.of(config.sourceUri(), null, null, null)) {
            return config.shard() == null ? new TransferJob(config, source, store, kafka, new StopSignal()).run()
                    : new ShardedJob(config, source, store, kafka, new StopSignal(), e -> { }).run();
        }
    }

    /** A new checkpoint directory: the next run is a new job (for a new MockKafka). */
    private void forgetJobs() throws Exception {
        try (var files = Files.walk(dir.resolve("ck"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> keys(ProducerRecord<byte[], byte[]> r) {
        return Arrays.stream(r.headers().toArray()).map(Header::key).toList();
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return text(r.headers().lastHeader(name).value());
    }

    @Test
    void eachRecordCarriesItsColumnsValuesAsHeadersBeforeOurs() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.csv"), ORDERS);
        MockKafka kafka = new MockKafka();
        JobConfig config = single(file, JobConfig.Format.CSV, JobConfig.HeadersMode.ROW, "city:region", "id");
        assertThat(run(config, kafka)).isEqualTo(Outcome.COMPLETED);

        List<ProducerRecord<byte[], byte[]>> records = kafka.committed(TOPIC);
        assertThat(records).extracting(r -> header(r, "region"))
                .containsExactly("Oslo", "", "Rome, IT", "say \"hi\"", "Lima");
        assertThat(records).extracting(r -> header(r, "id")).containsExactly("1", "2", "3", "4", "5");
        for (ProducerRecord<byte[], byte[]> r : records) {
            assertThat(keys(r).subList(0, 3)).containsExactly("region", "id", AnchorCodec.ROW);
        }
        // the anchors (on each transaction's last record, after the header columns) still resume the job
        assertThat(AnchorCodec.isAnchorOf(records.get(1).headers(), "hc")).isTrue();
        assertThat(run(config, kafka)).isEqualTo(Outcome.COMPLETED);
        assertThat(kafka.committed(TOPIC)).hasSize(5);
    }

    @Test
    void withHeadersMinOnlyTheColumnsAreOnEveryRecordAndValuesBecomeUtf8() throws Exception {
        Charset cp1252 = Charset.forName("windows-1252");
        Path file = dir.resolve("cities.csv");
        Files.write(file, "id,città\n1,Málaga\n2,Zürich\n3,Kraków?\n".getBytes(cp1252));
        MockKafka kafka = new MockKafka();
        JobConfig config = config(file, JobConfig.Format.JSON, JobConfig.HeadersMode.MIN, "none", null, null, cp1252,
                columns("città:city"), false);
        assertThat(run(config, kafka)).isEqualTo(Outcome.COMPLETED);

        List<ProducerRecord<byte[], byte[]>> records = kafka.committed(TOPIC);
        assertThat(records).extracting(r -> header(r, "city")).containsExactly("Málaga", "Zürich", "Kraków?");
        assertThat(keys(records.get(0))).containsExactly("city");
        assertThat(keys(records.get(1)).get(0)).isEqualTo("city");
        assertThat(AnchorCodec.isAnchorOf(records.get(1).headers(), "hc")).isTrue();
    }

    @Test
    void aKeyedJobsRecordsCarryTheirColumnsInEveryPartition() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.csv"), ORDERS);
        MockKafka kafka = new MockKafka();
        kafka.partitions = 3;
        JobConfig config = config(file, JobConfig.Format.CSV, JobConfig.HeadersMode.ROW, "column:customer",
                PartitionList.parse("all"), null, StandardCharsets.UTF_8, columns("customer", "city"), false);
        assertThat(run(config, kafka)).isEqualTo(Outcome.COMPLETED);

        List<ProducerRecord<byte[], byte[]>> records = kafka.committed(TOPIC);
        assertThat(records).hasSize(5);
        for (ProducerRecord<byte[], byte[]> r : records) {
            assertThat(header(r, "customer")).isEqualTo(text(r.key()));
            assertThat(keys(r).subList(0, 2)).containsExactly("customer", "city");
        }
    }

    @Test
    void eachShardsRecordsCarryTheirColumns() throws Exception {
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= 40; i++) {
            csv.append(i).append(",n").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("big.csv"), csv);
        MockKafka kafka = new MockKafka();
        kafka.partitions = 2;
        for (int shard = 0; shard < 2; shard++) {
            JobConfig config = config(file, JobConfig.Format.CSV, JobConfig.HeadersMode.ROW, "none", null,
                    Shard.parse(shard + "/2"), StandardCharsets.UTF_8, columns("name"), false);
            assertThat(run(config, kafka)).isEqualTo(Outcome.COMPLETED);
        }
        List<ProducerRecord<byte[], byte[]>> records = kafka.committed(TOPIC);
        assertThat(records).hasSize(40);
        for (ProducerRecord<byte[], byte[]> r : records) {
            assertThat(header(r, "name")).isEqualTo(text(r.value()).split(",")[1]);
        }
    }

    @Test
    void typedRecordsCarryTheColumnsTextAsItStandsInTheFile() throws Exception {
        TypedSchema schema = TypedSchema.parse("""
                {"type": "record", "name": "Order", "fields": [
                  {"name": "id", "type": "long"}, {"name": "note", "type": "string"}]}""", "order.avsc");
        Path file = Files.writeString(dir.resolve("orders.csv"), ORDERS);
        for (JobConfig.Format format : List.of(JobConfig.Format.JSON, JobConfig.Format.AVRO)) {
            TypedOutput output = format == JobConfig.Format.AVRO
                    ? new TypedOutput(TypedOutput.singleObject(schema.fingerprint()), new byte[0])
                    : TypedOutput.NONE;
            RecordShape shape = new RecordShape(schema, output, null, List.of(), Map.of(), null, null, null)
                    .withHeaderColumns(HeaderColumn.parseAll(List.of("city", "id:order")));
            MockKafka kafka = new MockKafka();
            JobConfig config = config(file, format, JobConfig.HeadersMode.ROW, "none", null, null,
                    StandardCharsets.UTF_8, shape, false);
            try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck-" + format));
                 Source source = Source.of(config.sourceUri(), null, null, null)) {
                assertThat(new TransferJob(config, source, store, kafka, new StopSignal()).run())
                        .isEqualTo(Outcome.COMPLETED);
            }
            List<ProducerRecord<byte[], byte[]>> records = kafka.committed(TOPIC);
            assertThat(records).as("%s", format).extracting(r -> header(r, "city"))
                    .containsExactly("Oslo", "", "Rome, IT", "say \"hi\"", "Lima");
            assertThat(records).extracting(r -> header(r, "order")).containsExactly("1", "2", "3", "4", "5");
        }
    }

    @Test
    void theHeaderColumnsArePartOfTheJob() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.csv"), ORDERS);
        MockKafka kafka = new MockKafka();
        assertThat(run(single(file, JobConfig.Format.CSV, JobConfig.HeadersMode.ROW, "city:region"), kafka))
                .isEqualTo(Outcome.COMPLETED);
        assertThatThrownBy(() -> run(single(file, JobConfig.Format.CSV, JobConfig.HeadersMode.ROW, "city"), kafka))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--header-column was city:region, now city");
        assertThatThrownBy(() -> run(single(file, JobConfig.Format.CSV, JobConfig.HeadersMode.ROW), kafka))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--header-column was city:region, now (none)");
    }

    @Test
    void aHeaderColumnMissingFromALaterFileFailsTheJobBeforeAnyOfItsRowsIsSent() throws Exception {
        Path parts = Files.createDirectory(dir.resolve("parts"));
        Files.writeString(parts.resolve("a.csv"), "id,city\n1,Oslo\n");
        Files.writeString(parts.resolve("b.csv"), "id,town\n2,Rome\n");
        MockKafka kafka = new MockKafka();
        JobConfig config = config(parts, JobConfig.Format.CSV, JobConfig.HeadersMode.ROW, "none", null, null,
                StandardCharsets.UTF_8, columns("city"), true);
        assertThatThrownBy(() -> run(config, kafka)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--header-column city: no column city in the header of")
                .hasMessageContaining("b.csv");
        assertThat(kafka.committed(TOPIC)).extracting(r -> text(r.value())).doesNotContain("2,Rome");
    }

    @Test
    void duplicateColumnNamesAreRefusedForJsonAndTypedRecordsButNotForCsv() throws Exception {
        Path parts = Files.createDirectory(dir.resolve("parts"));
        Files.writeString(parts.resolve("a.csv"), "id,amount\n1,5\n");
        Files.writeString(parts.resolve("b.csv"), "id,amount,amount\n2,6,7\n");
        MockKafka json = new MockKafka();
        assertThatThrownBy(() -> run(config(parts, JobConfig.Format.JSON, JobConfig.HeadersMode.ROW, "none", null,
                null, StandardCharsets.UTF_8, RecordShape.NONE, true), json))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'amount' (columns 2 and 3)").hasMessageContaining("--rename amount=NEW");
        assertThat(json.committed(TOPIC)).extracting(r -> text(r.value())).allMatch(v -> v.contains("\"id\":\"1\""));

        // choosing one of them with --columns makes the names distinct
        List<ProducerRecord<byte[], byte[]>> chosen = new ArrayList<>();
        MockKafka columns = new MockKafka();
        forgetJobs();
        JobConfig oneAmount = config(parts, JobConfig.Format.JSON, JobConfig.HeadersMode.ROW, "none", null, null,
                StandardCharsets.UTF_8, new RecordShape(null, null, null, List.of("id", "amount"), Map.of(), null, null,
                        null), true);
        assertThat(run(oneAmount, columns)).isEqualTo(Outcome.COMPLETED);
        chosen.addAll(columns.committed(TOPIC));
        assertThat(chosen).extracting(r -> text(r.value()))
                .containsExactly("{\"id\":\"1\",\"amount\":\"5\"}", "{\"id\":\"2\",\"amount\":\"6\"}");

        MockKafka csv = new MockKafka();
        forgetJobs();
        JobConfig raw = config(parts, JobConfig.Format.CSV, JobConfig.HeadersMode.ROW, "none", null, null,
                StandardCharsets.UTF_8, RecordShape.NONE, true);
        assertThat(run(raw, csv)).isEqualTo(Outcome.COMPLETED);
        assertThat(csv.committed(TOPIC)).extracting(r -> text(r.value())).containsExactly("1,5", "2,6,7");
    }

    @Test
    void typedRecordsAreRefusedOnlyWhenAFieldReadsADuplicatedColumn() throws Exception {
        Path file = Files.writeString(dir.resolve("d.csv"), "id,x,x\n1,a,b\n");
        TypedSchema usesX = TypedSchema.parse("""
                {"type": "record", "name": "R", "fields": [{"name": "id", "type": "long"},
                  {"name": "x", "type": "string"}]}""", "r.avsc");
        TypedSchema ignoresX = TypedSchema.parse("""
                {"type": "record", "name": "R", "fields": [{"name": "id", "type": "long"}]}""", "r.avsc");
        JobConfig refused = config(file, JobConfig.Format.JSON, JobConfig.HeadersMode.ROW, "none", null, null,
                StandardCharsets.UTF_8, new RecordShape(usesX, TypedOutput.NONE, null, List.of(), Map.of(), null, null,
                        null), false);
        assertThatThrownBy(() -> run(refused, new MockKafka())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'x' (columns 2 and 3)").hasMessageContaining("--schema");
        JobConfig fine = config(file, JobConfig.Format.JSON, JobConfig.HeadersMode.ROW, "none", null, null,
                StandardCharsets.UTF_8, new RecordShape(ignoresX, TypedOutput.NONE, null, List.of(), Map.of(), null,
                        null, null), false);
        MockKafka kafka = new MockKafka();
        forgetJobs();
        assertThat(run(fine, kafka)).isEqualTo(Outcome.COMPLETED);
        assertThat(kafka.committed(TOPIC)).extracting(r -> text(r.value())).containsExactly("{\"id\":1}");
    }
}
