package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * Rows of a keyed job ({@code id,customer,note}, keyed by customer) and the check of the partitions they went to,
 * computed with Kafka's own default partitioner ({@link BuiltInPartitioner}), not the processor's code.
 */
public final class KeyedRows {
    public static final String HEADER = "id,customer,note";

    private KeyedRows() {
    }

    /** {@code count} rows over {@code customers} keys, notes with quotes, commas and newlines. */
    public static CsvData customers(int count, int customers, long seed) {
        Random random = new Random(seed);
        String[] notes = {"plain", "\"with, comma\"", "\"two\nlines\"", "naïve café", "\"\""};
        List<String> rows = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            rows.add(i + ",c" + random.nextInt(customers) + "," + notes[random.nextInt(notes.length)]);
        }
        return CsvData.of(HEADER, rows, "\n", true);
    }

    /** The partition Kafka's default partitioner chooses for a key over {@code partitions} partitions. */
    public static int partitionOf(String key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    /**
     * Each of the topic's {@code partitions} partitions holds exactly the rows (in the order given: the job's
     * inputs in turn) whose key Kafka's partitioner puts there, once each, in file order — every key's order.
     */
    public static void assertEveryKeyInOrder(String bootstrap, String topic, int partitions, List<String> rows) {
        List<List<String>> expected = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            expected.add(new ArrayList<>());
        }
        for (String row : rows) {
            expected.get(partitionOf(row.split(",", 3)[1], partitions)).add(row);
        }
        for (int p = 0; p < partitions; p++) {
            List<String> values = Topic.readCommitted(bootstrap, topic, p).stream().map(Topic.Rec::value).toList();
            assertThat(values.size()).as("records in partition %d", p).isEqualTo(expected.get(p).size());
            assertThat(values).as("partition %d: its rows, once each, in file order", p)
                    .containsExactlyElementsOf(expected.get(p));
        }
    }
}
