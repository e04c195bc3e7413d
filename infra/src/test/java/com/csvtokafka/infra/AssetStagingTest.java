package com.csvtokafka.infra;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Synth stages the processor's assets without a Docker engine, and stages only what ships. */
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
    void jarIsStagedAsAFileAssetForEc2() throws IOException {
        try (Stream<Path> entries = Files.list(outdir)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("asset.") && name.endsWith(".jar"));
        }
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
