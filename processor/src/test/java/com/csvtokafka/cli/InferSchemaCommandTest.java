package com.csvtokafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code infer-schema} end to end on local files: the schema on stdout, warnings on stderr, the exit code. */
class InferSchemaCommandTest {
    @TempDir
    Path dir;

    private static Cli.Result run(String... args) {
        return Cli.run(args);
    }

    private static Schema schema(Cli.Result r) {
        return new Schema.Parser().parse(r.out());
    }

    private Path gzip(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void aGzipFileWithADialectGivesASchemaOnStdoutAndASummaryOnStderr() throws IOException {
        Path file = gzip("sales 2026.txt", "day;amount;who\r\n2024-02-29;1.5;'a;b'\r\n2024-03-01;;\\N\r\n");

        Cli.Result r = run("infer-schema", "--source", file.toUri().toString(), "--delimiter", ";", "--quote", "'",
                "--null-value", "\\N", "--namespace", "com.example.sales");

        assertThat(r.code()).as(r.err()).isZero();
        Schema schema = schema(r);
        assertThat(schema.getFullName()).isEqualTo("com.example.sales.sales_2026");
        assertThat(schema.getField("day").schema().getLogicalType()).isEqualTo(LogicalTypes.date());
        assertThat(schema.getField("amount").schema().getTypes().get(1).getType()).isEqualTo(Schema.Type.DOUBLE);
        assertThat(schema.getField("who").schema().getTypes().get(1).getType()).isEqualTo(Schema.Type.STRING);
        assertThat(r.err()).isEqualTo("inferred 3 fields from 2 rows of " + file.toUri() + ": every row of the source"
                + System.lineSeparator());
    }

    @Test
    void theSummarySaysWhetherTheSampleReachedTheEnd() throws IOException {
        Path file = Files.writeString(dir.resolve("n.csv"), "n\n1\n2\n3\n4\n5\n");
        Cli.Result first3 = run("infer-schema", "--source", file.toString(), "--rows", "3");
        assertThat(first3.code()).as(first3.err()).isZero();
        assertThat(first3.err()).contains("from 3 rows of").contains("the first 3 rows read (--rows), and the source "
                + "goes on").contains("a larger --rows samples more").doesNotContain("every row");
        Cli.Result all5 = run("infer-schema", "--source", file.toString(), "--rows", "5");
        assertThat(all5.err()).contains("from 5 rows of").contains(": every row of the source")
                .doesNotContain("goes on");
        Cli.Result malformed = run("infer-schema", "--source", Files.writeString(dir.resolve("m.csv"), "a,b\n1,2\n3\n4,5\n")
                .toString());
        assertThat(malformed.err()).contains("from 2 rows of").contains("every row of the source; 1 malformed row left out");
    }

    @Test
    void columnsWhoseFieldIsNamedOtherwiseAreListed() throws IOException {
        Path file = Files.writeString(dir.resolve("p.csv"), "order id,amount,amount,ok\n1,2,3,true\n");
        Cli.Result r = run("infer-schema", "--source", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(schema(r).getFields()).extracting(Schema.Field::name)
                .containsExactly("order_id", "amount", "amount_2", "ok");
        assertThat(r.err()).contains("columns whose field has another name")
                .contains("  column 1 'order id' -> order_id (not an Avro name)")
                .contains("  column 3 'amount' -> amount_2 (the name of an earlier column)")
                .doesNotContain("column 2").doesNotContain("column 4");
    }

    @Test
    void aWrongDelimiterIsRefusedAndAutoFindsIt() throws IOException {
        Path file = Files.writeString(dir.resolve("s.csv"), "id;city;amount\n1;Oslo;3,5\n2;Rome;4\n");
        Cli.Result refused = run("infer-schema", "--source", file.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("pass --delimiter ';'");
        assertThat(refused.out()).isEmpty();
        Cli.Result auto = run("infer-schema", "--source", file.toString(), "--delimiter", "auto");
        assertThat(auto.code()).as(auto.err()).isZero();
        assertThat(schema(auto).getFields()).extracting(Schema.Field::name).containsExactly("id", "city", "amount");
        assertThat(auto.err()).contains("--delimiter auto: ';' splits the first rows of").contains("s.csv");
    }

    @Test
    void aDirectoryIsSampledFromItsFirstFileOnAndNamedAfterIt() throws IOException {
        Path orders = Files.createDirectories(dir.resolve("orders"));
        Files.writeString(orders.resolve("part-0.csv"), "id,at\n1,2024-02-29T13:45:30Z\n");
        gzip("orders/part-1.csv.gz", "id,at\n2,2024-02-29T13:45:30.000001Z\n");
        Files.writeString(orders.resolve("_SUCCESS"), "");

        Cli.Result r = run("infer-schema", "--source", orders + "/", "--rows", "5");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(schema(r).getFullName()).isEqualTo("csvtokafka.orders");
        assertThat(schema(r).getField("at").schema().getLogicalType()).isEqualTo(LogicalTypes.timestampMicros());
        assertThat(r.err()).contains("from 2 rows of " + orders + "/ (2 files)");
    }

    @Test
    void malformedRowsAreWarnedAboutAndTheSchemaStillPrinted() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n3\n");

        Cli.Result r = run("infer-schema", "--source", file.toString());

        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("warning: malformed row 2 at byte offset 8: expected 2 fields");
        assertThat(schema(r).getField("a").schema().getType()).isEqualTo(Schema.Type.LONG);
    }

    @Test
    void onlyMalformedRowsFail() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"), "a,b\n1\n2\n");

        Cli.Result r = run("infer-schema", "--source", file.toString());

        assertThat(r.code()).isEqualTo(Main.FAILED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("error: all 2 sampled rows are malformed", "check --delimiter");
    }

    @Test
    void usageErrorsExitTwo() throws IOException {
        Path file = Files.writeString(dir.resolve("a.csv"), "a\n1\n");

        assertThat(run("infer-schema", "--source", file.toString(), "--namespace", "a..b").code()).isEqualTo(Main.USAGE);
        assertThat(run("infer-schema", "--source", file.toString(), "--rows", "0").code()).isEqualTo(Main.USAGE);
        assertThat(run("infer-schema", "--source", file.toString(), "--record-name", "9lives").code()).isEqualTo(Main.USAGE);
        Cli.Result missing = run("infer-schema", "--source", dir.resolve("nope.csv").toString());
        assertThat(missing.code()).isEqualTo(Main.USAGE);
        Cli.Result zip = run("infer-schema", "--source", Files.write(dir.resolve("x.csv"),
                new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0}).toString());
        assertThat(zip.code()).as(zip.err()).isEqualTo(Main.USAGE);
        assertThat(zip.err()).contains("ZIP");
        Cli.Result bare = run("infer-schema", file.toString());
        assertThat(bare.err()).contains("did you mean --source " + file + "?");
    }

    @Test
    void helpTeachesTheTypesWithAnExample() {
        Cli.Result r = run("infer-schema", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--source", "--rows", "--null-value", "--namespace", "--delimiter", "--compression",
                "timestamp-micros", "infer-schema --source orders.csv > orders.avsc", "--schema orders.avsc");
        assertThat(run("--help").out()).contains("infer-schema");
    }
}
