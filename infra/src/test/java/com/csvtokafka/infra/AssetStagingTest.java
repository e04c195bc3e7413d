package com.csvtokafka.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** Synth stages the processor's assets without a Docker engine, stages only what ships, and the jar only once. */
class AssetStagingTest {

    private static Path outdir;

    @BeforeAll
    static void synth() {
        App app = TestApps.app(Map.of());
        InfraApp.build(app);
        CloudAssembly assembly = app.synth();
        outdir = Path.of(assembly.getDirectory());
    }

    @Test
    void imageBuildContextHoldsOnlyTheDockerfileTheJarAndTheClassList() throws IOException {
        List<Path> contexts = assetDirectories().filter(dir -> Files.exists(dir.resolve("Dockerfile"))).toList();
        assertThat(contexts).hasSize(1);
        try (Stream<Path> files = Files.walk(contexts.get(0))) {
            assertThat(files.filter(Files::isRegularFile).map(f -> contexts.get(0).relativize(f).toString()))
                    .containsExactlyInAnyOrder("Dockerfile", "target/csv-to-kafka.jar", "src/main/cds/classes.lst");
        }
    }

    @Test
    void theJarIsStagedOnceAndShippedFromThereAsImageAndAsFile() throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.walk(outdir)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList();
        }
        assertThat(jars).hasSize(1);
        String context = outdir.relativize(jars.get(0)).getName(0).toString();

        JsonNode ec2 = assetManifest("Ec2SpotStack");
        assertThat(ec2.path("dockerImages").size()).as("EC2 needs no image (nor Docker to deploy)").isZero();
        JsonNode jar = ec2.path("files").elements().next().path("source");
        assertThat(jar.path("path").asText()).isEqualTo(context + "/target/csv-to-kafka.jar");
        assertThat(jar.path("packaging").asText()).isEqualTo("file");
        for (String stack : List.of("FargateStack", "BatchSpotStack")) {
            JsonNode image = assetManifest(stack).path("dockerImages").elements().next().path("source");
            assertThat(image.path("directory").asText()).as(stack).isEqualTo(context);
            assertThat(image.path("platform").asText()).as(stack).isEqualTo("linux/amd64");
        }
    }

    @Test
    void theImageIsBuiltFromTheBaseImagePinnedByDigest() throws IOException {
        for (String stack : List.of("FargateStack", "BatchSpotStack")) {
            JsonNode image = assetManifest(stack).path("dockerImages").elements().next().path("source");
            assertThat(image.path("dockerBuildArgs").path("BASE_IMAGE").asText()).as(stack)
                    .startsWith("amazoncorretto:17-al2023-headless@sha256:")
                    .matches(".*@sha256:[0-9a-f]{64}");
        }
    }

    @Test
    void anotherBaseImageIsAnotherImageAsset() throws IOException {
        App other = TestApps.app(Map.of("baseImage", "amazoncorretto:17-al2023-headless@sha256:" + "a".repeat(64)));
        InfraApp.build(other);
        Path otherOut = Path.of(other.synth().getDirectory());
        JsonNode before = assetManifest("FargateStack").path("dockerImages");
        JsonNode after = new ObjectMapper().readTree(otherOut.resolve("FargateStack.assets.json").toFile())
                .path("dockerImages");
        assertThat(after.fieldNames().next()).as("the image's asset hash, hence its tag")
                .isNotEqualTo(before.fieldNames().next());
    }

    private static JsonNode assetManifest(String stack) throws IOException {
        return new ObjectMapper().readTree(outdir.resolve(stack + ".assets.json").toFile());
    }

    @Test
    void everyStackIsSynthesized() {
        for (String stack : List.of("CheckpointStack", "SandboxStack", "FargateStack", "BatchSpotStack",
                "Ec2SpotStack")) {
            assertThat(outdir.resolve(stack + ".template.json")).as(stack).isRegularFile();
        }
    }

    private static Stream<Path> assetDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(outdir)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith("asset."))
                    .toList().stream();
        }
    }
}
