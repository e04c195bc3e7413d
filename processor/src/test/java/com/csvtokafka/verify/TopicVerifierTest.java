package com.csvtokafka.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.csv.CsvDialect;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TopicVerifierTest {
    private static final String FILE = "id,name\n1,Ann\n2,\"Bo, Jr\"\n3,Cy\n";
    private static final TopicPartition TP = new TopicPartition("t", 0);

    private static TopicVerifier.Report verify(boolean json, String... values) throws Exception {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(TP));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.updateEndOffsets(Map.of(TP, (long) values.length));
        for (int i = 0; i < values.length; i++) {
            byte[] value = values[i].getBytes(StandardCharsets.UTF_8);
            consumer.addRecord(new ConsumerRecord<>("t", 0, i, 0L, TimestampType.CREATE_TIME, 0, value.length, null,
                    value, new RecordHeaders(), Optional.empty()));
        }
        return new TopicVerifier(CsvDialect.RFC4180, json, null)
                .verify(new ByteArrayInputStream(FILE.getBytes(StandardCharsets.UTF_8)), consumer, TP);
    }

    @Test
    void csvRecordsCheckedAsJsonSayWhatTheyLookLike() throws Exception {
        TopicVerifier.Report report = verify(true, "1,Ann", "2,\"Bo, Jr\"", "3,Cy");
        assertThat(report.mismatched()).isEqualTo(3);
        assertThat(report.hint()).isEqualTo("records look like csv rows; did you mean --format csv?");
    }

    @Test
    void jsonRecordsCheckedAsCsvSayWhatTheyLookLike() throws Exception {
        TopicVerifier.Report report = verify(false, "{\"id\":\"1\",\"name\":\"Ann\"}",
                "{\"id\":\"2\",\"name\":\"Bo, Jr\"}", "{\"id\":\"3\",\"name\":\"Cy\"}");
        assertThat(report.mismatched()).isEqualTo(3);
        assertThat(report.hint()).isEqualTo("records look like json rows; did you mean --format json?");
    }

    @Test
    void noHintWhenSomeRecordsMatchOrTheyDifferOtherwise() throws Exception {
        assertThat(verify(false, "1,Ann", "2,\"Bo, Jr\"", "3,Cy").ok()).isTrue();
        assertThat(verify(false, "1,Ann", "2,\"Bo, Jr\"", "3,Cz").hint()).isNull();
        assertThat(verify(true, "x", "y", "z").hint()).isNull();
    }

    /** A shard's byte range: rows 2 and 3 only (from byte 14, up to the file's end), its header read at the start. */
    private static TopicVerifier.Report verifyRange(long end, String... rowsAndValues) throws Exception {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(TP));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.updateEndOffsets(Map.of(TP, (long) rowsAndValues.length / 2));
        for (int i = 0; i < rowsAndValues.length / 2; i++) {
            byte[] value = rowsAndValues[2 * i + 1].getBytes(StandardCharsets.UTF_8);
            RecordHeaders headers = new RecordHeaders();
            headers.add("csv.row", rowsAndValues[2 * i].getBytes(StandardCharsets.UTF_8));
            consumer.addRecord(new ConsumerRecord<>("t", 0, i, 0L, TimestampType.CREATE_TIME, 0, value.length, null,
                    value, headers, Optional.empty()));
        }
        byte[] file = FILE.getBytes(StandardCharsets.UTF_8);
        TopicVerifier.Input whole = () -> new ByteArrayInputStream(file);
        TopicVerifier.Input range = TopicVerifier.Input.ranged(whole, 14, 2, end,
                () -> new ByteArrayInputStream(file, 14, file.length - 14));
        return new TopicVerifier(CsvDialect.RFC4180, true, null).verify(List.of(range), consumer, TP);
    }

    @Test
    void aShardsRangeIsCheckedAloneWithTheFilesHeaderAndRowNumbers() throws Exception {
        assertThat(FILE.indexOf("2,")).isEqualTo(14);
        TopicVerifier.Report ok = verifyRange(Long.MAX_VALUE, "2", "{\"id\":\"2\",\"name\":\"Bo, Jr\"}",
                "3", "{\"id\":\"3\",\"name\":\"Cy\"}");
        assertThat(ok.ok()).isTrue();
        assertThat(ok.rowsInFile()).isEqualTo(2);
        // the range ends before row 3: row 3 in the partition is extra
        TopicVerifier.Report extra = verifyRange(FILE.indexOf("3,"), "2", "{\"id\":\"2\",\"name\":\"Bo, Jr\"}",
                "3", "{\"id\":\"3\",\"name\":\"Cy\"}");
        assertThat(extra.ok()).isFalse();
        assertThat(extra.extra()).isEqualTo(1);
        // a row of the shard before it in the partition is out of order
        assertThat(verifyRange(Long.MAX_VALUE, "1", "{\"id\":\"1\",\"name\":\"Ann\"}",
                "2", "{\"id\":\"2\",\"name\":\"Bo, Jr\"}", "3", "{\"id\":\"3\",\"name\":\"Cy\"}").ok()).isFalse();
    }
    /** Records "ROW|JOB|VALUE" (JOB empty: the record names no job, as under --headers row) in one partition. */
    private static TopicVerifier.Report verifyJob(String job, String... records) throws Exception {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(TP));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.updateEndOffsets(Map.of(TP, (long) records.length));
        for (int i = 0; i < records.length; i++) {
            String[] parts = records[i].split("\\|", 3);
            byte[] value = parts[2].getBytes(StandardCharsets.UTF_8);
            RecordHeaders headers = new RecordHeaders();
            headers.add("csv.row", parts[0].getBytes(StandardCharsets.UTF_8));
            if (!parts[1].isEmpty()) {
                headers.add("csv.job", parts[1].getBytes(StandardCharsets.UTF_8));
            }
            consumer.addRecord(new ConsumerRecord<>("t", 0, i, 0L, TimestampType.CREATE_TIME, 0, value.length, null,
                    value, headers, Optional.empty()));
        }
        return new TopicVerifier(CsvDialect.RFC4180, false, job)
                .verify(new ByteArrayInputStream(FILE.getBytes(StandardCharsets.UTF_8)), consumer, TP);
    }

    @Test
    void aJobInAPartitionSharedWithAnotherIsCheckedAloneWhenEveryRecordNamesItsJob() throws Exception {
        TopicVerifier.Report report = verifyJob("a", "1|a|1,Ann", "1|b|1,Ann", "2|a|2,\"Bo, Jr\"", "2|b|2,\"Bo, Jr\"",
                "3|a|3,Cy", "3|b|3,Cy");
        assertThat(report.ok()).as(report.problems().toString()).isTrue();
        assertThat(report.recordsInTopic()).isEqualTo(3);
        // alone in its partition, records that name no job are the job's
        assertThat(verifyJob("a", "1||1,Ann", "2||2,\"Bo, Jr\"", "3|a|3,Cy").ok()).isTrue();
    }

    @Test
    void aJobInAPartitionSharedWithAnotherIsRefusedWhenRecordsDoNotNameTheirJob() {
        // two runs of --headers row: only each transaction's last record names its job
        assertThatThrownBy(() -> verifyJob("a", "1||1,Ann", "2||2,\"Bo, Jr\"", "3|a|3,Cy", "1||1,Ann",
                "2||2,\"Bo, Jr\"", "3|b|3,Cy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition t-0 holds records of other jobs too (b)")
                .hasMessageContaining("4 of its records do not name their job")
                .hasMessageContaining("--job-id a cannot tell")
                .hasMessageContaining("--headers all");
    }
}
