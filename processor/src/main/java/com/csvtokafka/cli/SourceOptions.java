package com.csvtokafka.cli;

import com.csvtokafka.source.S3Settings;
import com.csvtokafka.source.Source;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where the CSV comes from. */
public final class SourceOptions {
    @Option(names = "--source", paramLabel = "URI", defaultValue = "${env:SOURCE_URI}",
            description = "(required unless --manifest) s3://bucket/key, file:///abs/path or a plain path; a prefix or directory ending in / "
                    + "(s3://bucket/exports/2026-11/) moves every file under it in key order (env SOURCE_URI)")
    String source;

    @Option(names = "--include", paramLabel = "GLOB", defaultValue = "${env:INCLUDE}",
            description = "with a prefix or directory: only files whose name matches, e.g. '*.csv.gz' (a glob with / "
                    + "matches the path below the prefix); names starting with _ or . are always left out (env INCLUDE)")
    String include;

    @Option(names = "--manifest", paramLabel = "URI", defaultValue = "${env:MANIFEST_URI}",
            description = "a text file (local or s3://) listing the files to move, one URI a line, in that order; "
                    + "instead of --source (env MANIFEST_URI)")
    String manifest;

    @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:S3_ENDPOINT}",
            description = "S3-compatible endpoint, path-style (env S3_ENDPOINT); default: AWS S3")
    String s3Endpoint;

    @Option(names = "--region", paramLabel = "R", defaultValue = "${env:AWS_REGION}",
            description = "AWS region for S3 and DynamoDB (env AWS_REGION); default: the SDK's chain")
    String region;

    String requireSource() {
        if (!Options.blank(manifest)) {
            if (!Options.blank(source)) {
                throw new IllegalArgumentException("give --source or --manifest, not both");
            }
            return manifest;
        }
        return Options.require(source, "--source", "SOURCE_URI");
    }

    /** The job's source: one file, or the input set of a prefix, directory or manifest. */
    Source open() {
        return Source.of(requireSource(), Options.blank(include) ? null : include,
                Options.blank(manifest) ? null : manifest, s3());
    }

    S3Settings s3() {
        return new S3Settings(Options.blank(s3Endpoint) ? null : URI.create(s3Endpoint), Options.blank(region) ? null : region);
    }
}
