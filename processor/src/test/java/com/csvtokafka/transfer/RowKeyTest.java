package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class RowKeyTest {
    private static final CsvDialect CSV = CsvDialect.of(',', '"', StandardCharsets.UTF_8, false);
    private static final List<String> HEADER = List.of("id", "customer", "region", "note");

    private static List<String> keys(RowKey key, String text) throws Exception {
        List<String> out = new ArrayList<>();
        try (RowFramer framer = new RowFramer(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 0, 1,
                CSV, 1 << 20)) {
            Row row = new Row();
            while (framer.next(row)) {
                out.add(new String(key.of(row), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void oneColumnIsItsValueAsItStandsWithQuotesUndone() throws Exception {
        RowKey key = new RowKey(List.of("customer"), CSV, HEADER);
        assertThat(keys(key, "1,acme,eu,x\n2,\"a,\"\"b\"\"\",us,\"long\nnote\"\n3,,eu,\n4\n"))
                .containsExactly("acme", "a,\"b\"", "", "");
    }

    @Test
    void severalColumnsAreOneCsvRowOfTheirValues() throws Exception {
        RowKey key = new RowKey(List.of("region", "customer"), CSV, HEADER);
        assertThat(keys(key, "1,acme,eu,x\n2,\"a,\"\"b\"\"\",us,y\n3,\"two\nlines\",,z\n"))
                .containsExactly("eu,acme", "us,\"a,\"\"b\"\"\"", ",\"two\nlines\"");
    }

    @Test
    void aKeyChoosesThePartitionKafkasDefaultPartitionerChooses() {
        PartitionList all = PartitionList.parse("all").resolve(12);
        PartitionList some = PartitionList.parse("8,2,4-5");
        assertThat(some.listed()).containsExactly(2, 4, 5, 8);
        assertThat(some.toString()).isEqualTo("2,4-5,8");
        for (int i = 0; i < 1000; i++) {
            byte[] k = ("customer-" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(all.forKey(k)).isEqualTo(BuiltInPartitioner.partitionForKey(k, 12));
            assertThat(some.forKey(k)).isEqualTo(some.get(BuiltInPartitioner.partitionForKey(k, 4)));
        }
        assertThatThrownBy(() -> PartitionList.parse("3-1")).hasMessageContaining("'3-1'");
    }

    @Test
    void aCopiedKafkaRecordGoesWhereItsKeySaysAndWithoutAKeyByItsSourcePartition() {
        PartitionList some = PartitionList.parse("1,3,7");
        for (int i = 0; i < 1000; i++) {
            byte[] k = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(some.forRecord(i % 5, k)).isEqualTo(some.get(BuiltInPartitioner.partitionForKey(k, 3)));
        }
        assertThat(List.of(0, 1, 2, 3, 4).stream().map(p -> some.forRecord(p, null))).containsExactly(1, 3, 7, 1, 3);
        assertThat(some.forRecord(0, new byte[0])).as("an empty key is a key")
                .isEqualTo(some.get(BuiltInPartitioner.partitionForKey(new byte[0], 3)));
    }

    @Test
    void anUnknownColumnIsAConfigurationError() {
        assertThatThrownBy(() -> new RowKey(List.of("nope"), CSV, HEADER)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no such column");
    }
}
