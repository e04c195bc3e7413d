package com.csvtokafka.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One Kafka value framed as one CSV row: what it holds, where it is said to be, and when it is not one row. */
class ValueFramerTest {
    private final ValueFramer framer = new ValueFramer(CsvDialect.RFC4180, 1 << 10);
    private final Row row = new Row();

    private Row frame(String value) {
        framer.frame(value.getBytes(StandardCharsets.UTF_8), 43, 42, 43, row);
        return row;
    }

    private List<String> values() {
        return new Fields(CsvDialect.RFC4180).split(row).values(StandardCharsets.UTF_8);
    }

    @Test
    void aValueIsOneRowNumberedAndPlacedAsTheCallerSays() {
        assertThat(frame("1,\"a, \"\"quoted\"\"\nline\",3").error()).isNull();
        assertThat(values()).containsExactly("1", "a, \"quoted\"\nline", "3");
        assertThat(row.fieldCount()).isEqualTo(3);
        assertThat(row.number()).isEqualTo(43);
        assertThat(row.offset()).isEqualTo(42);
        assertThat(row.nextOffset()).isEqualTo(43);
    }

    @Test
    void oneLineEndAtTheEndIsAllowed() {
        assertThat(frame("a,b\n").error()).isNull();
        assertThat(values()).containsExactly("a", "b");
        assertThat(frame("a,b\r\n").error()).isNull();
        assertThat(values()).containsExactly("a", "b");
    }

    @Test
    void aValueThatIsNotExactlyOneWellFormedRowIsMalformedSayingWhy() {
        assertThat(frame("").error()).contains("holds no CSV row");
        assertThat(frame("\n").error()).contains("holds no CSV row");
        assertThat(frame("a,b\nc,d").error()).contains("more than one CSV row").contains("byte offset 3");
        assertThat(frame("a,\"b").error()).startsWith("the value is not a well-formed CSV row: unterminated quoted");
        assertThat(frame("a,b\"c").error()).contains("quote character inside an unquoted field at byte offset 3");
        assertThat(frame("x".repeat(1025)).error()).contains("longer than --max-row-bytes (1024 bytes)");
        assertThat(row.number()).as("still placed where the value is").isEqualTo(43);
        assertThat(row.offset()).isEqualTo(42);
    }

    @Test
    void framesEveryRowOfARandomFileAsTheFileFramerDoes() throws Exception {
        Random random = new Random(11);
        String alphabet = "ab,\"\n\r é";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(12); c > 0; c--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] value = text.toString().getBytes(StandardCharsets.UTF_8);
            List<RowFramerTest.Framed> asFile = RowFramerTest.frame(value, CsvDialect.RFC4180, 64);
            framer.frame(value, 1, 0, 1, row);
            if (asFile.size() == 1 && asFile.get(0).error() == null) {
                assertThat(row.error()).as("%s", text).isNull();
                assertThat(new String(row.copyBytes(), StandardCharsets.UTF_8)).as("%s", text.toString().replace("\r", "<CR>").replace("\n", "<LF>")).isEqualTo(asFile.get(0).text());
                assertThat(row.fieldCount()).isEqualTo(asFile.get(0).fields());
            } else {
                assertThat(row.error()).as("%s (as a file: %s)", text, asFile).isNotNull();
            }
        }
    }
}
