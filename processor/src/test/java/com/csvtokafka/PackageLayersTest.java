package com.csvtokafka;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages as docs/architecture.md ("Packages") draws them: no cycles between packages, and each layer uses only
 * the layers below it. A new dependency that breaks this fails the build with the classes that make it.
 */
class PackageLayersTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.csvtokafka");

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() {
        slices().matching("com.csvtokafka.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("commands").definedBy("com.csvtokafka.cli..", "com.csvtokafka.tools..")
                .layer("jobs").definedBy("com.csvtokafka.shard..", "com.csvtokafka.verify..")
                .layer("engine").definedBy("com.csvtokafka.transfer..")
                .layer("reporting").definedBy("com.csvtokafka.metrics..", "com.csvtokafka.events..")
                .layer("recovery").definedBy("com.csvtokafka.recovery..", "com.csvtokafka.kafka..",
                        "com.csvtokafka.checkpoint..")
                .layer("records").definedBy("com.csvtokafka.source..", "com.csvtokafka.compress..",
                        "com.csvtokafka.csv..", "com.csvtokafka.typed..", "com.csvtokafka.encode..")
                .layer("values").definedBy("com.csvtokafka.position..", "com.csvtokafka.config..",
                        "com.csvtokafka.aws..")
                .whereLayer("commands").mayNotBeAccessedByAnyLayer()
                .whereLayer("jobs").mayOnlyBeAccessedByLayers("commands", "jobs")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("commands", "jobs")
                .whereLayer("reporting").mayOnlyBeAccessedByLayers("commands", "jobs", "engine", "recovery")
                .whereLayer("recovery").mayOnlyBeAccessedByLayers("commands", "jobs", "engine")
                .whereLayer("records").mayOnlyBeAccessedByLayers("commands", "jobs", "engine", "recovery", "records")
                .check(MAIN);
    }
}
