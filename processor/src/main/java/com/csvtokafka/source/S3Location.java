package com.csvtokafka.source;

/** An S3 object named as {@code s3://bucket/key}. */
public record S3Location(String bucket, String key) {

    public static S3Location parse(String uri) {
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("S3 source must look like s3://bucket/key, got " + uri);
        }
        return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
