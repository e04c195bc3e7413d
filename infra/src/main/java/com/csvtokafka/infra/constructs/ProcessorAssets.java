package com.csvtokafka.infra.constructs;

import com.csvtokafka.infra.config.InfraConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.AssetStaging;
import software.amazon.awscdk.AssetStagingProps;
import software.amazon.awscdk.DockerImageAssetLocation;
import software.amazon.awscdk.DockerImageAssetSource;
import software.amazon.awscdk.FileAssetLocation;
import software.amazon.awscdk.FileAssetPackaging;
import software.amazon.awscdk.FileAssetSource;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * What the stacks ship of the processor, from one staged copy of its image build context (the Dockerfile, the fat
 * jar and the class list of its class-data-sharing archive; sources and the rest of target/ never leave the
 * machine): the container image the CDK CLI builds at deploy time and pushes to the bootstrap ECR repository
 * (Fargate, Batch), and the jar inside that same directory as a file the CLI uploads to the bootstrap bucket (EC2).
 * The high-level asset constructs would each copy the 47 MB jar into cdk.out; registering the staged directory
 * with the stack's synthesizer keeps a single copy.
 */
public final class ProcessorAssets {

    /** Docker-ignore patterns: everything but what the Dockerfile copies. */
    static final List<String> CONTEXT_EXCLUDES = List.of("*", "!Dockerfile",
            "!" + InfraConfig.ProcessorArtifacts.JAR, "!" + InfraConfig.ProcessorArtifacts.CLASS_LIST);
    static final String PLATFORM = "linux/amd64";
    /** The Dockerfile's build argument naming the image it builds FROM. */
    static final String BASE_IMAGE = "BASE_IMAGE";

    private ProcessorAssets() {
    }

    /** The processor image (built for {@value #PLATFORM}); ECS grants the execution role the pull. */
    public static ContainerImage image(Construct scope, InfraConfig.ProcessorArtifacts artifacts) {
        Stack stack = Stack.of(scope);
        AssetStaging context = stage(stack, artifacts);
        DockerImageAssetLocation image = stack.getSynthesizer().addDockerImageAsset(DockerImageAssetSource.builder()
                .directoryName(context.relativeStagedPath(stack))
                .sourceHash(context.getAssetHash())
                .platform(PLATFORM)
                .dockerBuildArgs(Map.of(BASE_IMAGE, artifacts.baseImage()))
                .displayName("csv-to-kafka processor image")
                .build());
        return ContainerImage.fromEcrRepository(
                Repository.fromRepositoryName(scope, "ImageRepository", image.getRepositoryName()),
                image.getImageTag());
    }

    /** The fat jar in the bootstrap bucket: one object, {@code <hash>.jar}. */
    public static FileAssetLocation jar(Construct scope, InfraConfig.ProcessorArtifacts artifacts) {
        Stack stack = Stack.of(scope);
        AssetStaging context = stage(stack, artifacts);
        return stack.getSynthesizer().addFileAsset(FileAssetSource.builder()
                .fileName(context.relativeStagedPath(stack) + "/" + InfraConfig.ProcessorArtifacts.JAR)
                .packaging(FileAssetPackaging.FILE)
                .sourceHash(context.getAssetHash())
                .displayName("csv-to-kafka processor jar")
                .build());
    }

    /** Copies the build context into cdk.out once per app (AssetStaging caches by source and options). */
    private static AssetStaging stage(Stack stack, InfraConfig.ProcessorArtifacts artifacts) {
        IConstruct existing = stack.getNode().tryFindChild("ProcessorBuildContext");
        if (existing != null) {
            return (AssetStaging) existing;
        }
        return new AssetStaging(stack, "ProcessorBuildContext", AssetStagingProps.builder()
                .sourcePath(artifacts.imageDirectory().toString())
                .ignoreMode(IgnoreMode.DOCKER)
                .exclude(CONTEXT_EXCLUDES)
                // The build argument is part of the image: another base image is another asset (and image tag).
                .extraHash(PLATFORM + " " + BASE_IMAGE + "=" + artifacts.baseImage())
                .build());
    }
}
