package com.csvtokafka.infra.constructs;

import com.csvtokafka.infra.config.InfraConfig;
import java.util.List;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.constructs.Construct;

/**
 * The processor's container image, built by the CDK CLI at deploy time from {@code processor/Dockerfile} and
 * pushed to the bootstrap ECR repository (no manual docker build/push). Synth only stages the build context,
 * which is kept to the Dockerfile, the fat jar and the class list for its class-data-sharing archive: sources
 * and the rest of target/ never leave the machine.
 */
public final class ProcessorImage {

    /** Docker-ignore patterns: everything but what the Dockerfile copies. */
    static final List<String> CONTEXT_EXCLUDES = List.of("*", "!Dockerfile",
            "!" + InfraConfig.ProcessorArtifacts.JAR, "!" + InfraConfig.ProcessorArtifacts.CLASS_LIST);

    private ProcessorImage() {
    }

    public static DockerImageAsset asset(Construct scope, String id, InfraConfig.ProcessorArtifacts artifacts) {
        return DockerImageAsset.Builder.create(scope, id)
                .directory(artifacts.imageDirectory().toString())
                .ignoreMode(IgnoreMode.DOCKER)
                .exclude(CONTEXT_EXCLUDES)
                .platform(Platform.LINUX_AMD64)
                .displayName("csv-to-kafka processor image")
                .build();
    }
}
