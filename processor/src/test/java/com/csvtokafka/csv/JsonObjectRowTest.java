package com.csvtokafka.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A JSON object value written as one CSV row of the named columns, and the values that are not rows. */
class JsonObjectRowTest {
    private static final List<String> COLUMNS = List.of("id", "name", "amount", "paid", "tags", "note");

    private final JsonObjectRow rows = new JsonObjectRow(COLUMNS, CsvDialect.RFC4180, "NULL");

    private String row(String json) throws Exception {
        return new String(rows.row(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void membersInColumnOrderNumbersAsWrittenNestedValuesAsCompactJsonOthersIgnored() throws Exception {
        assertThat(row("{\"note\": \"n\", \"extra\": {\"x\": [1]}, \"amount\": 1.50, \"id\": 7, \"paid\": true, "
                + "\"tags\": [\"a\", 2], \"name\": \"Ann\"}"))
                .isEqualTo("7,Ann,1.50,true,\"[\"\"a\"\",2]\",n");
        assertThat(row("{\"id\": 1e3, \"tags\": {\"k\": null}}")).isEqualTo("1e3,,,,\"{\"\"k\"\":null}\",");
    }

    @Test
    void nullAndMissingAreEmptyUnquotedWhileEmptyStringsAndTheNullMarkerStayStrings() throws Exception {
        assertThat(row("{\"id\": null, \"name\": \"\", \"note\": \"NULL\"}")).isEqualTo(",\"\",,,,\"NULL\"");
    }

    @Test
    void stringsAreQuotedWhereTheDialectNeedsIt() throws Exception {
        assertThat(row("{\"name\": \"a,b\", \"note\": \"say \\\"hi\\\"\\nbye\"}"))
                .isEqualTo(",\"a,b\",,,,\"say \"\"hi\"\"\nbye\"");
        JsonObjectRow semicolons = new JsonObjectRow(List.of("a", "b"), CsvDialect.of(';', '\'', StandardCharsets.UTF_8,
                true), null);
        assertThat(new String(semicolons.row("{\"a\": \"x,y\", \"b\": \"it's; ok\"}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("x,y;'it''s; ok'");
    }

    @Test
    void valuesThatAreNotOneJsonObjectAreNotRowsSayingWhy() {
        assertThatThrownBy(() -> row("[1, 2]")).isInstanceOf(JsonObjectRow.NotARow.class)
                .hasMessage("the value is not a JSON object but an array");
        assertThatThrownBy(() -> row("\"text\"")).hasMessage("the value is not a JSON object but a string");
        assertThatThrownBy(() -> row("")).hasMessage("the value is not a JSON object but empty");
        assertThatThrownBy(() -> row("{\"id\": 1,}")).hasMessageStartingWith("the value is not valid JSON: ")
                .hasMessageContaining("byte offset");
        assertThatThrownBy(() -> row("{\"id\": 1} {\"id\": 2}")).hasMessageContaining("more than one JSON value");
        assertThatThrownBy(() -> row("{\"id\": 1, \"id\": 2}")).hasMessageContaining("Duplicate field 'id'");
        assertThatThrownBy(() -> rows.row(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}))
                .hasMessageStartingWith("the value is not valid JSON: ");
    }

    @Test
    void everyStringReadsBackFromTheRowAsItWas() throws Exception {
        Random random = new Random(5);
        String alphabet = "a,\"\n\r ;'é\uFEFF\\";
        ValueFramer framer = new ValueFramer(CsvDialect.RFC4180, 1 << 16);
        Row framed = new Row();
        for (int i = 0; i < 2_000; i++) {
            List<String> values = new ArrayList<>();
            StringBuilder json = new StringBuilder("{");
            for (int c = 0; c < COLUMNS.size(); c++) {
                StringBuilder v = new StringBuilder();
                for (int n = random.nextInt(6); n > 0; n--) {
                    v.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                values.add(v.toString());
                json.append(c == 0 ? "" : ",").append('"').append(COLUMNS.get(c)).append("\":\"")
                        .append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                                .replace("\r", "\\r")).append('"');
            }
            framer.frame(rows.row(json.append('}').toString().getBytes(StandardCharsets.UTF_8)), 1, 0, 1, framed);
            assertThat(framed.error()).as("%s", json).isNull();
            assertThat(new Fields(CsvDialect.RFC4180).split(framed).values(StandardCharsets.UTF_8)).as("%s", json)
                    .isEqualTo(values);
        }
    }
}
