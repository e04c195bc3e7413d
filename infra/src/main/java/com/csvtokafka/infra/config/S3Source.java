package com.csvtokafka.infra.config;

import java.util.List;

/**
 * The {@code sourceUri} context value: {@code s3://bucket/key} for one object, or a prefix when it ends with
 * {@code /} or {@code *} ({@code s3://bucket/incoming/}). The bucket may be a deploy-time token (the sandbox
 * bucket), which is why the bucket and the key are kept apart.
 */
public record S3Source(String bucket, String key) {

    public S3Source {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("the bucket must not be empty");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("the key must not be empty (use s3://bucket/prefix/ for a prefix)");
        }
    }

    public static S3Source parse(String uri) {
        String trimmed = uri.trim();
        if (!trimmed.startsWith("s3://")) {
            throw new IllegalArgumentException("'" + uri + "' is not an s3://bucket/key URI");
        }
        String rest = trimmed.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("'" + uri + "' needs a bucket and a key or prefix: s3://bucket/key");
        }
        String key = rest.substring(slash + 1);
        if (key.indexOf('*') >= 0 && key.indexOf('*') != key.length() - 1) {
            throw new IllegalArgumentException("'" + uri + "' may contain '*' only as its last character");
        }
        return new S3Source(rest.substring(0, slash), key);
    }

    public boolean isPrefix() {
        return key.endsWith("/") || key.endsWith("*");
    }

    /** The object part of the IAM resource ARN: the key itself, or the prefix followed by {@code *}. */
    public String keyPattern() {
        return key.endsWith("*") ? key : isPrefix() ? key + "*" : key;
    }

    /**
     * The values a ListObjectsV2 {@code prefix} may take under this prefix, for an {@code s3:prefix} StringLike
     * condition: the prefix itself and anything longer ({@code exports/2024/}, {@code exports/2024/*}); a job of a
     * prefix deployment may list a narrower prefix (its own {@code --source}) but never a wider one.
     */
    public List<String> listPrefixPatterns() {
        if (!isPrefix()) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " is one object, not a prefix");
        }
        String prefix = key.endsWith("*") ? key.substring(0, key.length() - 1) : key;
        return List.of(prefix, prefix + "*");
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }

    /** The URI for the container's environment, or {@code null} when each job must name its object at start. */
    public String exactUriOrNull() {
        return isPrefix() ? null : uri();
    }

    /**
     * The source the printed run commands start a job with: the configured object or prefix itself (a prefix job moves
     * every file under it). A prefix ending in a partial name ({@code exports/orders-*}) is no source a job can take,
     * so it gets an example object under it, which the user edits.
     */
    public String exampleUri() {
        if (!isPrefix() || key.endsWith("/")) {
            return uri();
        }
        String stem = key.substring(0, key.length() - 1);
        return stem.endsWith("/") ? "s3://" + bucket + "/" + stem : exampleObjectUri(".csv");
    }

    /** One object: the configured one, or an example under the prefix ({@code <prefix>demo<extension>}). */
    public String exampleObjectUri(String extension) {
        if (!isPrefix()) {
            return uri();
        }
        String prefix = key.endsWith("*") ? key.substring(0, key.length() - 1) : key;
        return "s3://" + bucket + "/" + prefix + NamePattern.EXAMPLE_SUFFIX + extension;
    }
}
