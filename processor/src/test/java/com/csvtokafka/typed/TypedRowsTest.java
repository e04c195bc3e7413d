package com.csvtokafka.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.junit.jupiter.api.Test;

/** Conversion of CSV values to each supported type, and the Avro and JSON written, read back by Avro and Jackson. */
class TypedRowsTest {
    private static final CsvDialect CSV = CsvDialect.RFC4180;
    private static final ObjectMapper JACKSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Avro's generic model with its own logical type conversions: decoded values are BigDecimal, LocalDate, ... */
    private static final GenericData LOGICAL = new GenericData();

    static {
        LOGICAL.addLogicalTypeConversion(new Conversions.DecimalConversion());
        LOGICAL.addLogicalTypeConversion(new Conversions.UUIDConversion());
        LOGICAL.addLogicalTypeConversion(new TimeConversions.DateConversion());
        LOGICAL.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        LOGICAL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        LOGICAL.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    }

    static final String ALL_TYPES = """
            {"type": "record", "name": "Row", "namespace": "test", "fields": [
              {"name": "s", "type": "string"},
              {"name": "i", "type": "int"},
              {"name": "l", "type": "long"},
              {"name": "f", "type": "float"},
              {"name": "d", "type": "double"},
              {"name": "b", "type": "boolean"},
              {"name": "raw", "type": "bytes"},
              {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "at", "type": {"type": "int", "logicalType": "time-millis"}},
              {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "tsu", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
              {"name": "fixed_price", "type": {"type": "fixed", "name": "Money", "size": 8, "logicalType": "decimal",
                 "precision": 18, "scale": 3}},
              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "qty", "type": ["null", "int"], "default": null}
            ]}""";

    static final String HEADER = "s,i,l,f,d,b,raw,color,day,at,ts,tsu,price,fixed_price,id,note,qty";

    private final Fields fields = new Fields(CSV);

    static TypedRows rows(String schema, String header, String nullValue, String timestampFormat, List<String> key)
            throws ConfigurationException {
        TypedSchema typed = TypedSchema.parse(schema, "test.avsc");
        return TypedRows.bind(typed, ColumnView.of(List.of(header.split(",", -1)), Map.of(), List.of()),
                StandardCharsets.UTF_8, nullValue, new Temporal(timestampFormat), key);
    }

    /** The single-object prefix of values of this schema. */
    private static byte[] singleObject(Schema schema) {
        return TypedOutput.singleObject(org.apache.avro.SchemaNormalization.parsingFingerprint64(schema));
    }

    private static byte[] singleObject(String schema) {
        return singleObject(new Schema.Parser().parse(schema));
    }

    private Fields split(String row) {
        byte[] b = row.getBytes(StandardCharsets.UTF_8);
        return fields.split(b, 0, b.length);
    }

    private static GenericRecord decodeSingleObject(String schema, byte[] value) throws Exception {
        Schema s = new Schema.Parser().parse(schema);
        return new BinaryMessageDecoder<GenericRecord>(LOGICAL, s).decode(value);
    }

    private String good(String s, String i, String l, String f, String d) {
        return String.join(",", s, i, l, f, d, "true", "AQID/w==", "GREEN", "2024-02-29", "13:45:30.123",
                "2024-02-29T13:45:30.123+05:30", "2024-02-29T08:15:30.123456Z", "-1234567.89", "-0.001",
                "123E4567-E89B-12D3-A456-426614174000", "", "7");
    }

    @Test
    void everyTypeConvertsAndAvrosOwnDecoderReadsTheSingleObjectEncodingBack() throws Exception {
        TypedRows rows = rows(ALL_TYPES, HEADER, null, null, List.of());
        rows.convert(split(good("\"x, \"\"y\"\"\"", "-2147483648", "9223372036854775807", "3.4028235E38", "-4.9E-324")));
        byte[] value = rows.avro(singleObject(ALL_TYPES));
        assertThat(value[0]).isEqualTo((byte) 0xC3);
        assertThat(value[1]).isEqualTo((byte) 0x01);

        GenericRecord r = decodeSingleObject(ALL_TYPES, value);
        assertThat(r.get("s").toString()).isEqualTo("x, \"y\"");
        assertThat(r.get("i")).isEqualTo(Integer.MIN_VALUE);
        assertThat(r.get("l")).isEqualTo(Long.MAX_VALUE);
        assertThat(r.get("f")).isEqualTo(Float.MAX_VALUE);
        assertThat(r.get("d")).isEqualTo(-Double.MIN_VALUE);
        assertThat(r.get("b")).isEqualTo(true);
        assertThat(r.get("raw")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xff}));
        assertThat(r.get("color").toString()).isEqualTo("GREEN");
        assertThat(r.get("day")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(r.get("at")).isEqualTo(LocalTime.of(13, 45, 30, 123_000_000));
        assertThat(r.get("ts")).isEqualTo(Instant.parse("2024-02-29T08:15:30.123Z"));
        assertThat(r.get("tsu")).isEqualTo(Instant.parse("2024-02-29T08:15:30.123456Z"));
        assertThat(r.get("price")).isEqualTo(new BigDecimal("-1234567.89"));
        assertThat(r.get("fixed_price")).isEqualTo(new BigDecimal("-0.001"));
        assertThat(r.get("id")).isEqualTo(java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThat(r.get("note")).isNull();
        assertThat(r.get("qty")).isEqualTo(7);
        // what verify compares with: the generic record of the same conversion equals Avro's plain decoding
        GenericRecord plain = new GenericDatumReader<GenericRecord>(new Schema.Parser().parse(ALL_TYPES))
                .read(null, DecoderFactory.get().binaryDecoder(value, 10, value.length - 10, null));
        assertThat(GenericData.get().compare(rows.generic(), plain, plain.getSchema())).isZero();
    }

    @Test
    void typedJsonHasNumbersBooleansNullsIsoTimesExactDecimalsAndBase64() throws Exception {
        TypedRows rows = rows(ALL_TYPES, HEADER, null, null, List.of());
        rows.convert(split(good("text", "42", "-9223372036854775808", "1.5e3", "NaN")));
        JsonNode json = JACKSON.readTree(rows.json());
        JsonNode expected = JACKSON.readTree("""
                {"s": "text", "i": 42, "l": -9223372036854775808, "f": 1500.0, "d": "NaN", "b": true,
                 "raw": "AQID/w==", "color": "GREEN", "day": "2024-02-29", "at": "13:45:30.123",
                 "ts": "2024-02-29T08:15:30.123Z", "tsu": "2024-02-29T08:15:30.123456Z", "price": -1234567.89,
                 "fixed_price": -0.001, "id": "123e4567-e89b-12d3-a456-426614174000", "note": null, "qty": 7}""");
        assertThat(json).isEqualTo(expected);
        assertThat(new String(rows.json(), StandardCharsets.UTF_8)).contains("\"price\":-1234567.89")
                .contains("\"fixed_price\":-0.001").contains("\"l\":-9223372036854775808");
    }

    @Test
    void decimalsKeepTheirScaleExactlyAndAreNeverRounded() throws Exception {
        String schema = """
                {"type": "record", "name": "R", "fields": [
                  {"name": "p", "type": {"type": "bytes", "logicalType": "decimal", "precision": 5, "scale": 2}}]}""";
        TypedRows rows = rows(schema, "p", null, null, List.of());
        rows.convert(split("1.5"));
        assertThat(new String(rows.json(), StandardCharsets.UTF_8)).isEqualTo("{\"p\":1.50}");
        rows.convert(split("1.500"));
        assertThat(new String(rows.json(), StandardCharsets.UTF_8)).isEqualTo("{\"p\":1.50}");
        rows.convert(split("999.99"));
        assertThat(new String(rows.json(), StandardCharsets.UTF_8)).isEqualTo("{\"p\":999.99}");
        rows.convert(split("1E+2"));
        assertThat(new String(rows.json(), StandardCharsets.UTF_8)).isEqualTo("{\"p\":100.00}");
        assertBad(rows, "1.005", "more fraction digits than decimal(5,2)", "not rounded");
        assertBad(rows, "1000.00", "more digits than decimal(5,2)");
        assertBad(rows, "\"12,5\"", "not a decimal number");
        assertBad(rows, " 1.5", "not a decimal number");
    }

    @Test
    void integersAreRefusedOutOfRangeWithTheRangeInTheMessage() throws Exception {
        String schema = """
                {"type": "record", "name": "R", "fields": [{"name": "i", "type": "int"}, {"name": "l", "type": "long"}]}""";
        TypedRows rows = rows(schema, "i,l", null, null, List.of());
        rows.convert(split("2147483647,-9223372036854775808"));
        assertThat(rows.values()).containsExactly(Integer.MAX_VALUE, Long.MIN_VALUE);
        assertBad(rows, "2147483648,1", "column i value \"2147483648\": out of range for int");
        assertBad(rows, "1,9223372036854775808", "column l value \"9223372036854775808\": out of range for long");
        assertBad(rows, "1.0,1", "not an integer (int)");
        assertBad(rows, "1,0x10", "not an integer (long)");
        assertBad(rows, "1, 2", "not an integer (long)");
    }

    @Test
    void floatsAndDoublesTakeExponentsNanAndInfinityButNotJavasExtras() throws Exception {
        String schema = """
                {"type": "record", "name": "R", "fields": [{"name": "f", "type": "float"}, {"name": "d", "type": "double"}]}""";
        TypedRows rows = rows(schema, "f,d", null, null, List.of());
        rows.convert(split("-1.5E-3,1.7976931348623157E308"));
        assertThat(rows.values()).containsExactly(-0.0015f, Double.MAX_VALUE);
        rows.convert(split("Infinity,-Infinity"));
        assertThat(rows.values()).containsExactly(Float.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertThat(new String(rows.json(), StandardCharsets.UTF_8)).isEqualTo("{\"f\":\"Infinity\",\"d\":\"-Infinity\"}");
        rows.convert(split("NaN,4.9e-324"));
        assertThat((Float) rows.values().get(0)).isNaN();
        assertThat(rows.values().get(1)).isEqualTo(Double.MIN_VALUE);
        assertBad(rows, "1e39,1", "out of range for float");
        assertBad(rows, "1,1d", "column d value \"1d\": not a number");
        assertBad(rows, "1,0x1p3", "not a number");
        assertBad(rows, "1,nan", "not a number");
        assertBad(rows, "1,1e309x", "not a number");
    }

    @Test
    void datesAreStrictLeapDaysIncluded() throws Exception {
        String schema = """
                {"type": "record", "name": "R", "fields": [{"name": "d", "type": {"type": "int", "logicalType": "date"}}]}""";
        TypedRows rows = rows(schema, "d", null, null, List.of());
        rows.convert(split("2024-02-29"));
        assertThat(rows.values()).containsExactly((int) LocalDate.of(2024, 2, 29).toEpochDay());
        rows.convert(split("1900-01-01"));
        assertThat(rows.values()).containsExactly((int) LocalDate.of(1900, 1, 1).toEpochDay());
        rows.convert(split("2000-02-29"));
        assertThat(rows.values()).containsExactly((int) LocalDate.of(2000, 2, 29).toEpochDay());
        assertBad(rows, "2023-02-29", "February 29 is not a date in 2023");
        assertBad(rows, "1900-02-29", "February 29 is not a date in 1900");
        assertBad(rows, "2024-04-31", "no such date");
        assertBad(rows, "2024-13-01", "no such date");
        assertBad(rows, "2024-2-29", "not an ISO-8601 date");
        assertBad(rows, "29/02/2024", "not an ISO-8601 date");
    }

    @Test
    void timestampsTakeOffsetsZuluOrNoZoneMeaningUtc() throws Exception {
        String schema = """
                {"type": "record", "name": "R", "fields": [
                  {"name": "t", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""";
        TypedRows rows = rows(schema, "t", null, null, List.of());
        long expected = Instant.parse("2024-02-29T08:15:30Z").toEpochMilli();
        for (String text : List.of("2024-02-29T13:45:30+05:30", "2024-02-29T13:45:30+0530", "2024-02-29T08:15:30Z",
                "2024-02-29T08:15:30", "2024-02-29 08:15:30", "2024-02-29T03:15:30-05", "2024-02-29T08:15:30.000z")) {
            rows.convert(split(text));
            assertThat(rows.values()).as(text).containsExactly(expected);
        }
        rows.convert(split("2024-02-29"));
        assertThat(rows.values()).containsExactly(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli());
        rows.convert(split("1969-12-31T23:59:59.999Z"));
        assertThat(rows.values()).containsExactly(-1L);
        assertBad(rows, "2024-02-29T08:15:30.1234Z", "more precise than timestamp-millis", "not rounded");
        assertBad(rows, "2023-02-29T08:15:30Z", "February 29 is not a date in 2023");
        assertBad(rows, "2024-02-29T24:00:00Z", "time of day out of range");
        assertBad(rows, "2024-02-29T08:15:30+19:00", "zone offset out of range");
        assertBad(rows, "2024-02-29T08:15:30 UTC", "not an ISO-8601 timestamp");
        assertBad(rows, "1709194530000", "not an ISO-8601 timestamp");
    }

    @Test
    void aTimestampFormatReadsStrictlyAndWithoutAZoneMeansUtc() throws Exception {
        String schema = """
                {"type": "record", "name": "R", "fields": [
                  {"name": "t", "type": {"type": "long", "logicalType": "timestamp-micros"}}]}""";
        TypedRows rows = rows(schema, "t", null, "dd/MM/yyyy HH:mm:ss", List.of());
        rows.convert(split("29/02/2024 08:15:30"));
        assertThat(rows.values()).containsExactly(Instant.parse("2024-02-29T08:15:30Z").toEpochMilli() * 1000);
        assertBad(rows, "29/02/2023 08:15:30", "February 29 is not a date in 2023");
        assertBad(rows, "2024-02-29T08:15:30Z", "does not match --timestamp-format");
        TypedRows zoned = rows(schema, "t", null, "yyyy-M-d'T'H:mm:ssXXX", List.of());
        zoned.convert(split("2026-3-5T7:15:00+01:00"));
        assertThat(zoned.values()).containsExactly(Instant.parse("2026-03-05T06:15:00Z").toEpochMilli() * 1000);
        assertThatThrownBy(() -> new Temporal("yyyy-bb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--timestamp-format");
    }

    @Test
    void enumSymbolsAreCaseSensitiveAndTheMessageSaysSoWhenOnlyTheCaseDiffers() throws Exception {
        String schema = """
                {"type": "record", "name": "R", "fields": [
                  {"name": "c", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}}]}""";
        TypedRows rows = rows(schema, "c", null, null, List.of());
        rows.convert(split("RED"));
        assertThat(new String(rows.json(), StandardCharsets.UTF_8)).isEqualTo("{\"c\":\"RED\"}");
        assertBad(rows, "red", "case-sensitive", "RED differs only in case");
        assertBad(rows, "BLUE", "not a symbol of enum Color [RED, GREEN]");
    }

    @Test
    void booleansUuidsAndBytes() throws Exception {
        String schema = """
                {"type": "record", "name": "R", "fields": [{"name": "b", "type": "boolean"},
                  {"name": "u", "type": {"type": "string", "logicalType": "uuid"}}, {"name": "x", "type": "bytes"}]}""";
        TypedRows rows = rows(schema, "b,u,x", null, null, List.of());
        rows.convert(split("FALSE,00000000-0000-0000-0000-000000000000,"));
        assertThat(rows.values().get(0)).isEqualTo(false);
        assertThat((byte[]) rows.values().get(2)).isEmpty();
        rows.convert(split("1,00000000-0000-0000-0000-000000000000,AA=="));
        assertThat(rows.values().get(0)).isEqualTo(true);
        assertBad(rows, "yes,00000000-0000-0000-0000-000000000000,", "not a boolean");
        assertBad(rows, "true,1-1-1-1-1,", "not a UUID");
        assertBad(rows, "true,00000000-0000-0000-0000-000000000000,%%%", "not base64");
    }

    @Test
    void nullsEmptyStringsTheNullMarkerAndDefaults() throws Exception {
        String schema = """
                {"type": "record", "name": "R", "fields": [
                  {"name": "req", "type": "string"},
                  {"name": "opt", "type": ["null", "string"], "default": null},
                  {"name": "n", "type": ["null", "long"], "default": null},
                  {"name": "m", "type": "long"},
                  {"name": "absent", "type": "string", "default": "fallback"},
                  {"name": "absent_nullable", "type": ["long", "null"], "default": 5}]}""";
        TypedRows rows = rows(schema, "req,opt,n,m", "NULL", null, List.of());
        rows.convert(split(",,,1"));
        assertThat(rows.values()).containsExactly("", null, null, 1L, "fallback", 5L);
        rows.convert(split("\"\",\"\",NULL,2"));
        assertThat(rows.values()).containsExactly("", "", null, 2L, "fallback", 5L);
        rows.convert(split("\"NULL\",NULL,3,4"));
        assertThat(rows.values()).containsExactly("NULL", null, 3L, 4L, "fallback", 5L);
        GenericRecord r = decodeSingleObject(schema, rows.avro(singleObject(schema)));
        assertThat(r.get("opt")).isNull();
        assertThat(r.get("n")).isEqualTo(3L);
        assertThat(r.get("absent").toString()).isEqualTo("fallback");
        assertThat(r.get("absent_nullable")).isEqualTo(5L);
        assertBad(rows, "a,b,1,", "column m value \"\": empty, and the field is not nullable");
        assertBad(rows, "a,b,1,NULL", "the --null-value marker, and the field is not nullable");
        assertBad(rows, "NULL,b,1,1", "column req value \"NULL\": the --null-value marker");
        assertBad(rows, "a,b,\"\",1", "column n value \"\": not an integer (long)");
    }

    @Test
    void aFieldWithoutAColumnMustBeNullableOrHaveADefault() {
        String schema = """
                {"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"},
                  {"name": "b", "type": "long", "aliases": ["bee"]}]}""";
        assertThatThrownBy(() -> rows(schema, "a,x", null, null, List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no column for the field(s) b (aliases [bee])").hasMessageContaining("[a, x]");
    }

    @Test
    void aliasesAndRenamesBindColumnsAndUnnamedColumnsAreDropped() throws Exception {
        String schema = """
                {"type": "record", "name": "R", "fields": [{"name": "amount", "type": "double", "aliases": ["amt"]},
                  {"name": "id", "type": "long"}]}""";
        TypedSchema typed = TypedSchema.parse(schema, "t");
        TypedRows rows = TypedRows.bind(typed, ColumnView.of(List.of("ident", "junk", "amt"), Map.of("ident", "id"),
                List.of()), StandardCharsets.UTF_8, null, Temporal.ISO, List.of());
        rows.convert(split("7,zzz,2.5"));
        assertThat(new String(rows.json(), StandardCharsets.UTF_8)).isEqualTo("{\"amount\":2.5,\"id\":7}");
        assertBad(rows, "7,zzz,x", "column amt (field amount) value \"x\": not a number");
    }

    @Test
    void keysAreTheFieldsDatumOrARecordOfSeveral() throws Exception {
        String schema = """
                {"type": "record", "name": "R", "namespace": "k", "fields": [{"name": "a", "type": "long"},
                  {"name": "b", "type": ["null", "string"]}, {"name": "c", "type": "string"}]}""";
        TypedRows one = rows(schema, "a,b,c", null, null, List.of("a"));
        one.convert(split("-3,x,y"));
        Schema keySchema = Schema.create(Schema.Type.LONG);
        byte[] key = one.avroKey(singleObject(keySchema));
        assertThat(new BinaryMessageDecoder<Object>(GenericData.get(), keySchema).decode(key)).isEqualTo(-3L);

        TypedRows two = rows(schema, "a,b,c", null, null, List.of("a", "b"));
        two.convert(split("-3,,y"));
        Schema pair = TypedSchema.parse(schema, "t").keySchema(List.of("a", "b"));
        GenericRecord k = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), pair).decode(two.avroKey(singleObject(pair)));
        assertThat(k.get("a")).isEqualTo(-3L);
        assertThat(k.get("b")).isNull();

        TypedRows json = rows(schema, "a,b,c", null, null, List.of("a", "b"));
        json.convert(split("5,q,y"));
        assertThat(new String(json.jsonKey(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":5,\"b\":\"q\"}");
        TypedRows jsonOne = rows(schema, "a,b,c", null, null, List.of("c"));
        jsonOne.convert(split("5,q,\"y\"\"z\""));
        assertThat(new String(jsonOne.jsonKey(), StandardCharsets.UTF_8)).isEqualTo("\"y\\\"z\"");
    }

    @Test
    void schemasACsvValueCannotConvertToAreRefusedWhenLoaded() {
        assertThatThrownBy(() -> TypedSchema.parse("\"string\"", "s.avsc")).hasMessageContaining("must be an Avro record");
        assertThatThrownBy(() -> TypedSchema.parse("{\"type\": \"record\", \"name\": \"R\", \"fields\": ["
                + "{\"name\": \"a\", \"type\": {\"type\": \"array\", \"items\": \"int\"}}]}", "s.avsc"))
                .hasMessageContaining("field a has type array");
        assertThatThrownBy(() -> TypedSchema.parse("{\"type\": \"record\", \"name\": \"R\", \"fields\": ["
                + "{\"name\": \"a\", \"type\": [\"int\", \"string\"]}]}", "s.avsc"))
                .hasMessageContaining("only [\"null\", T]");
        assertThatThrownBy(() -> TypedSchema.parse("{not json", "s.avsc")).hasMessageContaining("not a valid Avro schema");
    }

    private static void assertBad(TypedRows rows, String row, String... parts) {
        byte[] b = row.getBytes(StandardCharsets.UTF_8);
        Fields f = new Fields(CSV).split(b, 0, b.length);
        assertThatThrownBy(() -> rows.convert(f)).isInstanceOf(BadField.class).satisfies(e -> {
            for (String part : parts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }
}
