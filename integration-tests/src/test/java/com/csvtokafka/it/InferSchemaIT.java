package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infer-schema} as a user runs it: the processor's jar in its own JVM, on an S3 prefix of gzip part files in
 * S3Proxy. The schema on stdout parses with Avro, and a second run prints the very same text.
 */
class InferSchemaIT {
    @TempDir
    Path dir;

    private static Map<String, String> env() {
        return SharedStack.environment();
    }

    private Path gzip(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void anS3PrefixOfGzipPartsGivesAnAvroSchemaAndTheSameOneEachTime() throws Exception {
        SharedStack.get().s3().createBucket("infer");
        SharedStack.get().s3().putObject("infer", "exports/sales-2026/part-0.csv.gz", gzip("p0.csv.gz",
                "id,Sold At,amount,note\r\n1,2024-02-29T13:45:30Z,1.5,\"a, b\"\r\n2,2024-02-29T13:45:31.250+01:00,2,\r\n"));
        SharedStack.get().s3().putObject("infer", "exports/sales-2026/part-1.csv.gz", gzip("p1.csv.gz",
                "id,Sold At,amount,note\n3,2024-03-01 08:00:00,,\"multi\nline\"\n"));
        SharedStack.get().s3().putObject("infer", "exports/sales-2026/_SUCCESS", Files.writeString(dir.resolve("s"), ""));
        String[] args = {"infer-schema", "--source", "s3://infer/exports/sales-2026/", "--s3-endpoint",
                env().get("S3_ENDPOINT"), "--namespace", "com.example"};

        Processor.Result first = Processor.run(dir, env(), 60, args);

        assertThat(first.exitCode()).as(first.output()).isZero();
        Schema schema = new Schema.Parser().parse(first.stdout());
        assertThat(schema.getFullName()).isEqualTo("com.example.sales_2026");
        assertThat(schema.getFields()).extracting(Schema.Field::name).containsExactly("id", "Sold_At", "amount", "note");
        assertThat(schema.getField("id").schema().getType()).isEqualTo(Schema.Type.LONG);
        assertThat(schema.getField("Sold_At").aliases()).containsExactly("Sold At");
        assertThat(schema.getField("Sold_At").schema().getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
        assertThat(schema.getField("amount").schema().getTypes().get(1).getType()).isEqualTo(Schema.Type.DOUBLE);
        assertThat(schema.getField("note").schema().getTypes().get(1).getType()).isEqualTo(Schema.Type.STRING);
        assertThat(first.output()).contains("inferred 4 fields from 3 rows of s3://infer/exports/sales-2026/ (2 files)");

        Processor.Result second = Processor.run(dir, env(), 60, args);
        assertThat(second.stdout()).isEqualTo(first.stdout());
    }
}
