package com.csvtokafka.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.transfer.Encoders;
import com.csvtokafka.transfer.JobConfig;
import com.csvtokafka.transfer.RecordShape;
import com.csvtokafka.typed.TypedOutput;
import com.csvtokafka.typed.TypedSchema;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** verify of typed topics: records written by Avro's own encoder, or typed JSON formatted otherwise, match by value. */
class TypedTopicVerifierTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final String SCHEMA = """
            {"type": "record", "name": "R", "fields": [
              {"name": "id", "type": "long"},
              {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "tag", "type": ["null", "string"]}]}""";
    /** Row 2 does not convert (not a number): a bad row, not expected in the topic. */
    private static final String FILE = "id,price,at,tag\n1,1.5,2024-02-29T10:00:00+01:00,a\n2,x,2024-01-01,b\n"
            + "3,-2.25,2024-03-01T00:00:00Z,\n";

    private static TopicVerifier.Report verify(JobConfig.Format format, List<byte[]> values) throws Exception {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(TP));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.updateEndOffsets(Map.of(TP, (long) values.size()));
        for (int i = 0; i < values.size(); i++) {
            consumer.addRecord(new ConsumerRecord<>("t", 0, i, 0L, TimestampType.CREATE_TIME, 0, values.get(i).length,
                    null, values.get(i), new RecordHeaders(), Optional.empty()));
        }
        TypedSchema schema = TypedSchema.parse(SCHEMA, "r.avsc");
        RecordShape shape = new RecordShape(schema, format == JobConfig.Format.AVRO
                ? new TypedOutput(new byte[0], new byte[0]) : TypedOutput.NONE, null, List.of(), Map.of(), null,
                null, null);
        return new TopicVerifier(new Encoders(format, shape, CsvDialect.RFC4180, List.of(), null), null)
                .verify(new ByteArrayInputStream(FILE.getBytes(StandardCharsets.UTF_8)), consumer, TP);
    }

    /** The rows as Avro itself encodes them, from values built by hand with Avro's logical type conversions. */
    private static List<byte[]> avroEncoded(String lastTag) throws Exception {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        Schema schema = new Schema.Parser().parse(SCHEMA);
        BinaryMessageEncoder<GenericRecord> encoder = new BinaryMessageEncoder<>(model, schema);
        List<byte[]> out = new ArrayList<>();
        out.add(encoder.encode(new GenericRecordBuilder(schema).set("id", 1L).set("price", new BigDecimal("1.50"))
                .set("at", Instant.parse("2024-02-29T09:00:00Z")).set("tag", "a").build()).array());
        out.add(encoder.encode(new GenericRecordBuilder(schema).set("id", 3L).set("price", new BigDecimal("-2.25"))
                .set("at", Instant.parse("2024-03-01T00:00:00Z")).set("tag", lastTag).build()).array());
        return out;
    }

    @Test
    void avroRecordsWrittenByAvrosOwnEncoderMatchTheRowsConverted() throws Exception {
        TopicVerifier.Report report = verify(JobConfig.Format.AVRO, avroEncoded(null));
        assertThat(report.ok()).as(report.problems().toString()).isTrue();
        assertThat(report.matched()).isEqualTo(2);
        assertThat(report.badRowsInFile()).isEqualTo(1);
    }

    @Test
    void anAvroRecordWithAnotherValueOrAnotherSchemaIsAMismatch() throws Exception {
        assertThat(verify(JobConfig.Format.AVRO, avroEncoded("")).mismatched()).isEqualTo(1);
        List<byte[]> values = avroEncoded(null);
        byte[] otherFingerprint = values.get(0).clone();
        otherFingerprint[5] ^= 1;
        assertThat(verify(JobConfig.Format.AVRO, List.of(otherFingerprint, values.get(1))).mismatched()).isEqualTo(1);
        ByteBuffer truncated = ByteBuffer.wrap(values.get(1), 0, values.get(1).length - 1);
        byte[] cut = new byte[truncated.remaining()];
        truncated.get(cut);
        assertThat(verify(JobConfig.Format.AVRO, List.of(values.get(0), cut)).mismatched()).isEqualTo(1);
    }

    @Test
    void typedJsonIsComparedAsTreesNumbersByValue() throws Exception {
        List<byte[]> json = List.of(
                "{\"tag\": \"a\", \"id\": 1, \"price\": 1.5, \"at\": \"2024-02-29T09:00:00Z\"}".getBytes(StandardCharsets.UTF_8),
                "{\"id\":3,\"price\":-2.250,\"at\":\"2024-03-01T00:00:00Z\",\"tag\":null}".getBytes(StandardCharsets.UTF_8));
        TopicVerifier.Report report = verify(JobConfig.Format.JSON, json);
        assertThat(report.ok()).as(report.problems().toString()).isTrue();
        List<byte[]> wrong = List.of(json.get(0),
                "{\"id\":3,\"price\":-2.26,\"at\":\"2024-03-01T00:00:00Z\",\"tag\":null}".getBytes(StandardCharsets.UTF_8));
        assertThat(verify(JobConfig.Format.JSON, wrong).mismatched()).isEqualTo(1);
        List<byte[]> stringly = List.of(json.get(0),
                "{\"id\":\"3\",\"price\":-2.25,\"at\":\"2024-03-01T00:00:00Z\",\"tag\":null}".getBytes(StandardCharsets.UTF_8));
        assertThat(verify(JobConfig.Format.JSON, stringly).mismatched()).isEqualTo(1);
    }
}
