package com.csvtokafka.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.csv.CsvDialect;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaInferenceTest {

    private static final SchemaInference.Settings DEFAULTS = new SchemaInference.Settings(10_000, null, "csvtokafka", null);

    private record Text(String uri, String content) implements SchemaInference.Input {
        @Override
        public InputStream open() {
            return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final List<String> warnings = new ArrayList<>();

    private SchemaInference.Result infer(CsvDialect dialect, SchemaInference.Settings settings, Text... inputs)
            throws IOException {
        return new SchemaInference(dialect, settings, warnings::add).infer(inputs[0].uri(), List.of(inputs));
    }

    private SchemaInference.Result infer(String csv) throws IOException {
        return infer(CsvDialect.RFC4180, DEFAULTS, new Text("s3://bucket/exports/orders-2026.csv.gz", csv));
    }

    /** The schema as Avro reads it: what run --schema will be given. */
    private static Schema avro(SchemaInference.Result result) {
        return new Schema.Parser().parse(result.pretty());
    }

    /** Every type, every null, names to escape, CRLF line ends and a quoted line break, in one file. */
    private static final String MIXED = String.join("\r\n",
            "id,Order ID,prénom,order id,1st,amount,big,sci,ratio,flag,day,leap,at,at_micros,local,zip,blank,maybe,"
                    + "quoted empty,note,,a b",
            "1,A-1,Zoë,x,1,10,9223372036854775807,1e5,NaN,true,2024-02-29,2024-02-29,2024-02-29T13:45:30Z,"
                    + "2024-02-29T13:45:30.123456Z,2024-02-29 13:45:30,007,,,\"\",\"multi\nline, quoted\",k,m",
            "2,A-2,José,y,2,-3,99999999999999999999,-2.5E-3,1.5,FALSE,2024-03-01,2023-02-28,"
                    + "2024-02-29T13:45:30.123+05:30,2024-02-29T13:45:30.1+05:30,2024-02-29T08:00,0123,,5,x,plain,k,m",
            "3,,Li,z,3,0,42,7,Infinity,True,2024-12-31,2023-02-29,2024-03-01T00:00:00-0800,2024-03-01T00:00:00Z,"
                    + "2024-03-01,,,,y,,k,m",
            "");

    @Test
    void aMixedFileGetsTheNarrowestTypeOfEachColumn() throws IOException {
        SchemaInference.Result result = infer(MIXED);
        Schema schema = avro(result);

        assertThat(schema.getName()).isEqualTo("orders_2026");
        assertThat(schema.getNamespace()).isEqualTo("csvtokafka");
        assertThat(result.rowsSampled()).isEqualTo(3);
        assertThat(result.malformedRows()).isZero();
        assertThat(warnings).isEmpty();

        assertThat(type(schema, "id")).isEqualTo(Schema.create(Schema.Type.LONG));
        assertThat(type(schema, "amount")).isEqualTo(Schema.create(Schema.Type.LONG));
        assertThat(type(schema, "flag")).isEqualTo(Schema.create(Schema.Type.BOOLEAN));
        // a long, a number beyond 64 bits, a small one: double (the doc warns of the precision)
        assertThat(type(schema, "big")).isEqualTo(Schema.create(Schema.Type.DOUBLE));
        assertThat(schema.getField("big").doc()).contains("1 integers beyond the long range");
        assertThat(type(schema, "sci")).isEqualTo(Schema.create(Schema.Type.DOUBLE));
        assertThat(type(schema, "ratio")).isEqualTo(Schema.create(Schema.Type.DOUBLE));
        assertThat(schema.getField("ratio").doc()).contains("2 NaN or Infinity");
        assertThat(logical(schema, "day")).isEqualTo(LogicalTypes.date());
        // 2023-02-29 does not exist: not a date, not a timestamp
        assertThat(type(schema, "leap")).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(schema.getField("leap").doc()).contains("no narrower type fits from row 3 on");
        assertThat(logical(schema, "at")).isEqualTo(LogicalTypes.timestampMillis());
        assertThat(logical(schema, "at_micros")).isEqualTo(LogicalTypes.timestampMicros());
        assertThat(logical(schema, "local")).isEqualTo(LogicalTypes.timestampMillis());
        assertThat(schema.getField("local").doc()).contains("2 without a zone: read as UTC", "1 dates alone: midnight UTC");
        // leading zeros are a code's: a long would drop them
        assertThat(nullable(schema, "zip")).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(nullable(schema, "Order_ID")).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(nullable(schema, "maybe")).isEqualTo(Schema.create(Schema.Type.LONG));
        assertThat(schema.getField("maybe").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        assertThat(schema.getField("maybe").doc()).isEqualTo("3 sampled rows: 1 long values, 2 empty (null)");
        assertThat(nullable(schema, "blank")).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(schema.getField("blank").doc()).isEqualTo("empty in all 3 sampled rows: type unknown, string assumed");
        // "" is an empty string, not a missing value
        assertThat(type(schema, "quoted_empty")).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(schema.getField("quoted_empty").doc()).contains("1 quoted empty values");
        assertThat(nullable(schema, "note")).isEqualTo(Schema.create(Schema.Type.STRING));
    }

    @Test
    void headerNamesBecomeUniqueAvroNamesWithTheHeaderKeptAsAlias() throws IOException {
        Schema schema = avro(infer(MIXED));

        assertThat(schema.getFields()).extracting(Schema.Field::name).containsExactly("id", "Order_ID", "prenom",
                "order_id", "_1st", "amount", "big", "sci", "ratio", "flag", "day", "leap", "at", "at_micros", "local",
                "zip", "blank", "maybe", "quoted_empty", "note", "col_21", "a_b");
        assertThat(schema.getField("Order_ID").aliases()).containsExactly("Order ID");
        assertThat(schema.getField("prenom").aliases()).containsExactly("prénom");
        assertThat(schema.getField("_1st").aliases()).containsExactly("1st");
        assertThat(schema.getField("col_21").aliases()).containsExactly("");
        assertThat(schema.getField("id").aliases()).isEmpty();
    }

    @Test
    void namesThatCollideAfterEscapingGetSuffixesAndValidNamesKeepTheirSpelling() throws IOException {
        Schema schema = avro(infer("a b,a_b,a-b,x,x,x_2\n1,2,3,4,5,6\n"));

        // a_b and x_2 are valid as they are and keep their spelling; the others take the next free suffix
        assertThat(schema.getFields()).extracting(Schema.Field::name)
                .containsExactly("a_b_2", "a_b", "a_b_3", "x", "x_3", "x_2");
        assertThat(schema.getField("a_b_2").aliases()).containsExactly("a b");
        assertThat(schema.getField("x_3").aliases()).containsExactly("x");
    }

    @Test
    void theNullValueMarkerIsMissingOnlyUnquoted() throws IOException {
        SchemaInference.Settings settings = new SchemaInference.Settings(100, "NULL", "", "Orders");
        Schema schema = avro(infer(CsvDialect.RFC4180, settings,
                new Text("orders.csv", "n,s\n1,NULL\nNULL,\"NULL\"\n3,x\n")));

        assertThat(schema.getFullName()).isEqualTo("Orders");
        assertThat(nullable(schema, "n")).isEqualTo(Schema.create(Schema.Type.LONG));
        assertThat(schema.getField("n").doc()).contains("2 long values, 1 empty (null)");
        assertThat(nullable(schema, "s")).isEqualTo(Schema.create(Schema.Type.STRING));
    }

    @Test
    void withoutAHeaderRowColumnsAreNumberedAndTheDialectIsHonoured() throws IOException {
        CsvDialect tsv = CsvDialect.of('\t', '\'', StandardCharsets.UTF_8, false);
        Schema schema = avro(infer(tsv, DEFAULTS, new Text("file:///data/part-0.tsv", "1\t'a\tb'\t2024-01-01\n2\tc\t\n")));

        assertThat(schema.getName()).isEqualTo("part_0");
        assertThat(schema.getFields()).extracting(Schema.Field::name).containsExactly("col_1", "col_2", "col_3");
        assertThat(type(schema, "col_1")).isEqualTo(Schema.create(Schema.Type.LONG));
        assertThat(nullable(schema, "col_3").getLogicalType()).isEqualTo(LogicalTypes.date());
    }

    @Test
    void malformedRowsAreReportedWithRowAndOffsetAndLeftOut() throws IOException {
        String csv = "a,b\n1,2\n3,4,5\n\"x\"y,6\n7,8\n";
        SchemaInference.Result result = infer(csv);

        assertThat(result.rowsSampled()).isEqualTo(2);
        assertThat(result.malformedRows()).isEqualTo(2);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("malformed row 2 at byte offset 8: expected 2 fields (as in the header), found 3");
        assertThat(warnings.get(1)).startsWith("malformed row 3 at byte offset 14: ");
        // the malformed rows do not turn the columns into strings
        assertThat(type(avro(result), "a")).isEqualTo(Schema.create(Schema.Type.LONG));
    }

    @Test
    void onlyTheFirstMalformedRowsAreShownOneByOne() throws IOException {
        StringBuilder csv = new StringBuilder("a,b\n1,2\n");
        for (int i = 0; i < 30; i++) {
            csv.append("1,2,3\n");
        }
        infer(csv.toString());

        assertThat(warnings).hasSize(SchemaInference.REPORTED_MALFORMED + 1);
        assertThat(warnings.get(warnings.size() - 1)).isEqualTo("10 more malformed rows not shown");
    }

    @Test
    void aSampleOfOnlyMalformedRowsIsAnError() {
        assertThatThrownBy(() -> infer("a,b\n1,2,3\n\"open,4\n"))
                .isInstanceOf(SchemaInference.NothingToInferException.class)
                .hasMessageContaining("all 2 sampled rows are malformed");
    }

    @Test
    void aHeaderAloneGivesNullableStringsAndNoInputIsAnError() throws IOException {
        Schema schema = avro(infer("a,b\n"));
        assertThat(nullable(schema, "a")).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(warnings).containsExactly("no data rows, only a header: every column is a nullable string");

        assertThatThrownBy(() -> infer(""))
                .isInstanceOf(SchemaInference.NothingToInferException.class)
                .hasMessageContaining("no rows in s3://bucket/exports/orders-2026.csv.gz");
    }

    @Test
    void theSampleStopsAfterRowsAndSpansInputsOnlyWhileItIsNotFull() throws IOException {
        SchemaInference.Settings two = new SchemaInference.Settings(2, null, "csvtokafka", null);
        // the third row would make the column a string, but it is not sampled
        SchemaInference.Result first = infer(CsvDialect.RFC4180, two, new Text("s3://b/orders/part-0.csv", "n\n1\n2\nx\n"),
                new Text("s3://b/orders/part-1.csv", "n\ny\n"));
        assertThat(first.rowsSampled()).isEqualTo(2);
        assertThat(first.inputsRead()).isEqualTo(1);
        assertThat(type(avro(first), "n")).isEqualTo(Schema.create(Schema.Type.LONG));

        SchemaInference.Settings three = new SchemaInference.Settings(3, null, "csvtokafka", null);
        SchemaInference.Result spanning = new SchemaInference(CsvDialect.RFC4180, three, warnings::add)
                .infer("s3://b/orders/", List.of(new Text("s3://b/orders/part-0.csv", "n\n1\n2\n"),
                        new Text("s3://b/orders/part-1.csv", "n\n2024-01-01\n"),
                        new Text("s3://b/orders/part-2.csv", "n\n3\n")));
        assertThat(spanning.inputsRead()).isEqualTo(2);
        assertThat(avro(spanning).getName()).isEqualTo("orders");
        assertThat(type(avro(spanning), "n")).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(avro(spanning).getField("n").doc()).contains("from row 1 of s3://b/orders/part-1.csv on");
    }

    @Test
    void inferenceIsStableRunToRunAndWhateverTheRowOrder() throws IOException {
        String header = MIXED.substring(0, MIXED.indexOf("\r\n") + 2);
        List<String> rows = new ArrayList<>(List.of(MIXED.substring(header.length()).split("\r\n")));
        String once = infer(MIXED).pretty();
        assertThat(infer(MIXED).pretty()).isEqualTo(once);

        Random random = new Random(7);
        for (int i = 0; i < 5; i++) {
            Collections.shuffle(rows, random);
            Schema shuffled = avro(infer(header + String.join("\r\n", rows) + "\r\n"));
            Schema original = new Schema.Parser().parse(once);
            for (Schema.Field field : original.getFields()) {
                assertThat(shuffled.getField(field.name()).schema()).as(field.name()).isEqualTo(field.schema());
            }
        }
    }

    @Test
    void theJsonHasTheOrderAUserReads() throws IOException {
        JsonNode field = new ObjectMapper().readTree(infer("Order ID,b\n1,2\n,3\n").pretty()).get("fields").get(0);

        assertThat(field.fieldNames()).toIterable().containsExactly("name", "type", "default", "aliases", "doc");
    }

    @Test
    void aNamespaceThatIsNotAvroIsAUsageError() {
        assertThatThrownBy(() -> new SchemaInference.Settings(10, null, "com.1example", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1example' is not a name");
        assertThatThrownBy(() -> new SchemaInference.Settings(0, null, "", null))
                .hasMessageContaining("--rows must be at least 1");
    }

    private static Schema type(Schema record, String field) {
        Schema schema = record.getField(field).schema();
        assertThat(schema.getType()).as(field + " is not nullable").isNotEqualTo(Schema.Type.UNION);
        return schema;
    }

    private static Schema nullable(Schema record, String field) {
        Schema schema = record.getField(field).schema();
        assertThat(schema.getType()).as(field + " is nullable").isEqualTo(Schema.Type.UNION);
        assertThat(schema.getTypes().get(0).getType()).isEqualTo(Schema.Type.NULL);
        return schema.getTypes().get(1);
    }

    private static org.apache.avro.LogicalType logical(Schema record, String field) {
        return type(record, field).getLogicalType();
    }
}
