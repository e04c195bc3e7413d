package com.csvtokafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong delimiter, duplicate column names and a --header-column naming no column are refused from the source's
 * first rows (exit 2), before the lease and any Kafka work: the broker given here does not exist, and the checkpoint
 * directory stays empty.
 */
class FirstRowsCheckTest {
    private static final String SEMICOLONS = "order_id;customer_id;city\n1;7;Oslo\n2;8;Rome\n3;9;Lima\n";
    private static final String COMMAS = "order_id,customer_id,city\n1,7,Oslo\n2,8,Rome\n";

    @TempDir
    Path dir;

    /** {@code run} against a broker that is not there, with {@code extra} options. */
    private Cli.Result run(Path csv, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--source", csv.toString(), "--bootstrap-servers",
                "127.0.0.1:1", "--topic", "t", "--job-id", "j", "--checkpoint-dir", dir.resolve("ck").toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private void assertNothingStarted() {
        assertThat(dir.resolve("ck")).satisfiesAnyOf(ck -> assertThat(ck).doesNotExist(),
                ck -> assertThat(ck).isEmptyDirectory());
    }

    @Test
    void aSemicolonFileReadWithTheDefaultCommaIsRefusedNamingTheDelimiterToPass() throws Exception {
        Cli.Result r = run(file("orders.csv", SEMICOLONS));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("does not split into columns with --delimiter ','")
                .contains("order_id;customer_id;city").contains("pass --delimiter ';' (or --delimiter auto)")
                .doesNotContain("Kafka");
        assertNothingStarted();
    }

    @Test
    void aCommaFileReadWithTabIsRefusedToo() throws Exception {
        Cli.Result r = run(file("orders.csv", COMMAS), "--delimiter", "tab");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("with --delimiter tab").contains("pass --delimiter ','");
        assertNothingStarted();
    }

    @Test
    void aPipeFileInAGzipIsRefusedAsWell() throws Exception {
        Path gz = dir.resolve("orders.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("a|b|c\n1|2|3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Cli.Result r = run(gz);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("pass --delimiter '|'");
    }

    @Test
    void autoThatCannotTellIsAClearError() throws Exception {
        Cli.Result r = run(file("mixed.csv", "a;b,c\n1;2,3\n"), "--delimiter", "auto");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--delimiter auto cannot tell the delimiter of").contains("mixed.csv")
                .contains("more than one delimiter");
        assertNothingStarted();
    }

    @Test
    void duplicateColumnNamesAreRefusedForJsonNamingThemAndTheWayOut() throws Exception {
        Path csv = file("pay.csv", "id,amount,amount\n1,5,6\n");
        Cli.Result r = run(csv);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("'amount' (columns 2 and 3)").contains("--rename amount=NEW")
                .contains("--columns").contains("--format csv");
        assertNothingStarted();
        // a --rename that makes two names alike is caught the same way
        Cli.Result renamed = run(file("pay2.csv", "id,net,gross\n1,5,6\n"), "--rename", "gross=net");
        assertThat(renamed.code()).as(renamed.err()).isEqualTo(2);
        assertThat(renamed.err()).contains("'net' (columns 2 and 3) (after --rename and --columns)");
    }

    @Test
    void aHeaderColumnNamingNoColumnIsRefusedWithTheCloseName() throws Exception {
        Cli.Result r = run(file("orders.csv", COMMAS), "--header-column", "City:region");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--header-column City:region: no column City")
                .contains("did you mean --header-column city:region?");
        assertNothingStarted();
    }

    @Test
    void headerColumnValuesThatCannotWorkAreUsageErrors() throws Exception {
        Path csv = file("orders.csv", COMMAS);
        assertThat(run(csv, "--header-column", "city:csv.row").err()).contains("csv-to-kafka's own");
        assertThat(run(csv, "--header-column", "city", "--header", "false").err()).contains("needs --header true");
        assertThat(run(csv, "--header-column", "city:x,customer_id:x").err())
                .contains("two columns give the header x");
        assertNothingStarted();
    }
}
