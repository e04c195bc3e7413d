package com.csvtokafka.cli;

import com.csvtokafka.source.S3Settings;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where the CSV comes from. */
public final class SourceOptions {
    @Option(names = "--source", paramLabel = "URI", defaultValue = "${env:SOURCE_URI}", required = true,
            description = "s3://bucket/key, file:///abs/path or a plain path (env SOURCE_URI)")
    String source;

    @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:S3_ENDPOINT}",
            description = "S3-compatible endpoint, path-style (env S3_ENDPOINT); default: AWS S3")
    String s3Endpoint;

    @Option(names = "--region", paramLabel = "R", defaultValue = "${env:AWS_REGION}",
            description = "AWS region for S3 and DynamoDB (env AWS_REGION); default: the SDK's chain")
    String region;

    String requireSource() {
        return Options.require(source, "--source", "SOURCE_URI");
    }

    S3Settings s3() {
        return new S3Settings(Options.blank(s3Endpoint) ? null : URI.create(s3Endpoint), Options.blank(region) ? null : region);
    }
}
