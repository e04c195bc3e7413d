package com.csvtokafka.typed;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.JsonRowEncoder;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not a test (benchmarks measure, tests check): CPU time per row of the reading thread's typed work on a file —
 * splitting alone, untyped JSON, conversion alone, conversion with Avro and with typed JSON output — so that the
 * typed cases of bin/bench can be read against what the conversion itself costs. CPU time of this thread, not wall
 * time: the machine is shared.
 *
 * <pre>java -cp processor/target/test-classes:processor/target/classes:$(deps) com.csvtokafka.typed.TypedBenchmark
 *     FILE SCHEMA.avsc [TIMESTAMP-PATTERN]</pre>
 */
public final class TypedBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TypedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        TypedSchema schema = TypedSchema.parse(Files.readString(Path.of(args[1])), args[1]);
        String pattern = args.length > 2 ? args[2] : null;
        CsvDialect dialect = CsvDialect.RFC4180;
        List<String> header;
        try (RowFramer framer = new RowFramer(Files.newInputStream(file), 0, 0, dialect, 1 << 20)) {
            Row row = new Row();
            framer.next(row);
            header = new Fields(dialect).split(row).values(StandardCharsets.UTF_8);
        }
        ColumnView view = ColumnView.of(header, Map.of(), List.of());
        TypedRows avro = TypedRows.bind(schema, view, StandardCharsets.UTF_8, null, new Temporal(pattern), List.of());
        TypedRows json = TypedRows.bind(schema, view, StandardCharsets.UTF_8, null, new Temporal(pattern), List.of());
        byte[] prefix = TypedOutput.singleObject(schema.fingerprint());
        JsonRowEncoder strings = new JsonRowEncoder(dialect, header);
        Fields fields = new Fields(dialect);
        for (int run = 0; run < 3; run++) {
            List<String> line = new ArrayList<>();
            line.add("split " + perRow(file, dialect, r -> fields.split(r)));
            line.add("json(strings) " + perRow(file, dialect, r -> strings.encode(r)));
            line.add("convert " + perRow(file, dialect, r -> avro.convert(fields.split(r))));
            line.add("convert+avro " + perRow(file, dialect, r -> {
                avro.convert(fields.split(r));
                avro.avro(prefix);
            }));
            line.add("convert+json " + perRow(file, dialect, r -> {
                json.convert(fields.split(r));
                json.json();
            }));
            System.out.println(String.join("  ", line));
        }
    }

    private interface Work {
        void on(Row row) throws Exception;
    }

    private static String perRow(Path file, CsvDialect dialect, Work work) throws IOException {
        long rows = 0;
        long bad = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        try (InputStream in = Files.newInputStream(file);
             RowFramer framer = new RowFramer(in, 0, 0, dialect, 1 << 20)) {
            Row row = new Row();
            framer.next(row);
            while (framer.next(row)) {
                try {
                    work.on(row);
                } catch (Exception e) {
                    bad++;
                }
                rows++;
            }
        }
        double ns = (THREADS.getCurrentThreadCpuTime() - start) / (double) rows;
        return String.format(Locale.ROOT, "%.0f ns/row%s", ns, bad > 0 ? " (" + bad + " bad)" : "");
    }
}
