package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs as they sit in S3: a prefix of gzip part files (some of many members, as pigz and bgzip write), a manifest,
 * a file replaced mid-set, a local file copied again unchanged, and inputs that are not CSV. The real local stack.
 */
class InputSetIT {
    @TempDir
    Path dir;

    private static Map<String, String> env() {
        return SharedStack.environment();
    }

    private String[] args(String topic, String job, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--topic", topic, "--job-id", job, "--format", "csv",
                "--bootstrap-servers", SharedStack.bootstrap(), "--s3-endpoint", env().get("S3_ENDPOINT"),
                "--checkpoint-table", "inputs-it", "--create-table", "--dynamodb-endpoint", env().get("DYNAMODB_ENDPOINT")));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** {@code parts} part files of the data's rows, each with the header, uploaded under {@code prefix}. */
    private List<List<String>> uploadParts(String bucket, String prefix, CsvData data, int parts, boolean compress)
            throws Exception {
        SharedStack.get().s3().createBucket(bucket);
        List<List<String>> expected = new ArrayList<>();
        int per = data.rows.size() / parts;
        for (int p = 0; p < parts; p++) {
            List<String> rows = data.rows.subList(p * per, p == parts - 1 ? data.rows.size() : (p + 1) * per);
            CsvData part = CsvData.of(CsvData.HEADER, rows, "\n", true);
            byte[] bytes = compress ? CsvData.gzipMembers(part.bytes, p % 2 == 0 ? 1 : 7) : part.bytes;
            String name = String.format("part-%05d.csv%s", p, compress ? ".gz" : "");
            Path file = Files.write(dir.resolve(name), bytes);
            SharedStack.get().s3().putObject(bucket, prefix + name, file);
            expected.add(rows);
        }
        Path success = Files.write(dir.resolve("_SUCCESS"), new byte[0]);
        SharedStack.get().s3().putObject(bucket, prefix + "_SUCCESS", success);
        return expected;
    }

    @Test
    void aPrefixOfTwentyGzipPartsKilledMidFileAndBetweenFilesIsResumedExactly() throws Exception {
        CsvData data = CsvData.generate(200_000, 41);
        List<List<String>> parts = uploadParts("exports", "2026-11/", data, 20, true);
        SharedStack.get().kafka().createTopic("gz-parts", 1);
        String[] args = args("gz-parts", "gz-parts", "--source", "s3://exports/2026-11/", "--include", "*.csv.gz",
                "--transaction-rows", "5000", "--max-rows-per-second", "60000");
        Random random = new Random(3);
        int kills = 0;
        for (int round = 0; round < 8; round++) {
            Processor p = Processor.start(dir, env(), args);
            if (!p.awaitEvent("resumed", 60)) {
                break;
            }
            boolean betweenFiles = round % 2 == 1;
            if (betweenFiles) {
                int opened = p.events().named("input_opened").size();
                p.awaitCondition(() -> p.events().named("input_opened").size() > opened, 30);
            } else {
                Thread.sleep(200 + random.nextInt(1500));
            }
            if (!p.alive()) {
                break;
            }
            p.kill9();
            kills++;
        }
        Processor.Result last = Processor.run(dir, env(), 180, args);
        assertThat(last.exitCode()).as(last.output()).isZero();
        assertThat(kills).isGreaterThanOrEqualTo(4);
        assertThat(last.events().first("inputs_pinned").orElseThrow().path("files").asInt()).isEqualTo(20);
        assertThat(EventsDocument.problems(last.events())).as("positions inside gzip members included").isEmpty();
        Topic.assertPartsExactlyOnce("gz-parts", parts);

        Processor.Result verify = Processor.run(dir, env(), 120, "verify", "--source", "s3://exports/2026-11/",
                "--include", "*.csv.gz", "--topic", "gz-parts", "--format", "csv", "--bootstrap-servers",
                SharedStack.bootstrap(), "--s3-endpoint", env().get("S3_ENDPOINT"));
        assertThat(verify.exitCode()).as(verify.output()).isZero();
    }

    @Test
    void aManifestGivesTheFilesAndTheirOrder() throws Exception {
        CsvData data = CsvData.generate(3_000, 42);
        List<List<String>> parts = uploadParts("manifest", "p/", data, 3, false);
        Path manifest = Files.writeString(dir.resolve("manifest.txt"), "# newest first\ns3://manifest/p/part-00002.csv\n"
                + "s3://manifest/p/part-00000.csv\n\ns3://manifest/p/part-00001.csv\n");
        SharedStack.get().kafka().createTopic("manifest", 1);
        Processor.Result r = Processor.run(dir, env(), 120, args("manifest", "manifest", "--manifest", manifest.toString()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        Topic.assertPartsExactlyOnce("manifest", List.of(parts.get(2), parts.get(0), parts.get(1)));
    }

    @Test
    void aFileReplacedBeforeItWasReadFailsNamingItAndNothingOfTheNewContentIsSent() throws Exception {
        CsvData data = CsvData.generate(60_000, 43);
        List<List<String>> parts = uploadParts("replaced", "p/", data, 3, false);
        SharedStack.get().kafka().createTopic("replaced", 1);
        String[] args = args("replaced", "replaced", "--source", "s3://replaced/p/", "--max-rows-per-second", "20000");
        Processor p = Processor.start(dir, env(), args);
        assertThat(p.awaitEvent("input_opened", 60)).isTrue();
        Path other = Files.writeString(dir.resolve("other.csv"), CsvData.HEADER + "\n1,new,content\n");
        SharedStack.get().s3().putObject("replaced", "p/part-00002.csv", other);
        Processor.Result result = p.await(120);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.events().failure()).contains("part-00002.csv").contains("changed since the job started");
        Topic.assertPartsExactlyOnce("replaced", List.of(parts.get(0), parts.get(1)));
    }

    @Test
    void aFileWhoseHeaderDiffersFailsTheJobNamingItAfterCommittingTheFilesBeforeIt() throws Exception {
        SharedStack.get().s3().createBucket("headers");
        Path first = Files.writeString(dir.resolve("h1.csv"), "id,name\n1,a\n2,b\n");
        Path second = Files.writeString(dir.resolve("h2.csv"), "id,nom\n3,c\n");
        SharedStack.get().s3().putObject("headers", "p/part-0.csv", first);
        SharedStack.get().s3().putObject("headers", "p/part-1.csv", second);
        SharedStack.get().kafka().createTopic("headers", 1);
        Processor.Result refused = Processor.run(dir, env(), 60, args("headers", "headers", "--source", "s3://headers/p/"));
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.events().failure()).contains("file 2 of 2").contains("part-1.csv").contains("[id, nom]")
                .contains("--header-mismatch allow");
        assertThat(Topic.values("headers")).containsExactly("1,a", "2,b");

        SharedStack.get().kafka().createTopic("headers-allowed", 1);
        Processor.Result allowed = Processor.run(dir, env(), 60, args("headers-allowed", "headers-allowed", "--source",
                "s3://headers/p/", "--header-mismatch", "allow"));
        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
        assertThat(Topic.values("headers-allowed")).containsExactly("1,a", "2,b", "3,c");
    }

    @Test
    void aLocalFileCopiedAgainUnchangedResumesAndAChangedOneIsRefused() throws Exception {
        CsvData data = CsvData.generate(100_000, 44);
        Path file = data.write(dir, "local.csv");
        SharedStack.get().kafka().createTopic("recopied", 1);
        String[] args = args("recopied", "recopied", "--source", file.toString(), "--transaction-rows", "5000",
                "--max-rows-per-second", "40000");
        Processor p = Processor.start(dir, env(), args);
        assertThat(p.awaitEvent("committed", 60)).isTrue();
        p.kill9();
        // copied again: same bytes, a new modification time
        Path copy = dir.resolve("copy.csv");
        Files.copy(file, copy);
        Thread.sleep(1100);
        Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
        Processor.Result resumed = Processor.run(dir, env(), 120, args);
        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        assertThat(resumed.events().resumedFromKafka()).isTrue();
        CrashResumeIT.assertExactlyOnceInOrder("recopied", data);

        SharedStack.get().kafka().createTopic("changed-local", 1);
        String[] changedArgs = args("changed-local", "changed-local", "--source", file.toString(), "--transaction-rows",
                "5000", "--max-rows-per-second", "40000");
        Processor q = Processor.start(dir, env(), changedArgs);
        assertThat(q.awaitEvent("committed", 60)).isTrue();
        q.kill9();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] = (byte) (bytes[bytes.length / 2] == 'x' ? 'y' : 'x');
        Files.write(file, bytes);
        Processor.Result refused = Processor.run(dir, env(), 120, changedArgs);
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.events().failure()).contains("changed").doesNotContainPattern("\\b1[0-9]{12}\\b");
    }

    @Test
    void inputsThatAreNotCsvAreRefusedWithExit2BeforeAnythingIsSent() throws Exception {
        SharedStack.get().kafka().createTopic("not-csv", 1);
        byte[] utf16 = ("\uFEFFid,name\n1,a\n").getBytes(StandardCharsets.UTF_16LE);
        byte[] parquet = "PAR1\u0000\u0000\u0015\u0004rest of a parquet file".getBytes(StandardCharsets.ISO_8859_1);
        byte[] binary = new byte[4096];
        new Random(5).nextBytes(binary);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(zip)) {
            z.putNextEntry(new java.util.zip.ZipEntry("rows.csv"));
            z.write("id\n1\n".getBytes(StandardCharsets.UTF_8));
        }
        Map<String, byte[]> inputs = Map.of("utf16.csv", utf16, "data.parquet", parquet, "random.bin", binary,
                "rows.zip", zip.toByteArray());
        for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
            Path file = Files.write(dir.resolve(input.getKey()), input.getValue());
            Processor.Result r = Processor.run(dir, env(), 60, args("not-csv", "not-csv-" + input.getKey().replace('.', '-'),
                    "--source", file.toString()));
            assertThat(r.exitCode()).as(input.getKey() + ": " + r.output()).isEqualTo(2);
            assertThat(r.events().failure()).as(input.getKey()).isNotBlank();
            if (input.getKey().equals("utf16.csv")) {
                assertThat(r.events().failure()).contains("iconv");
            }
        }
        assertThat(Topic.readCommitted("not-csv", 0)).isEmpty();
    }
}
