package com.csvtokafka.source;

import java.net.URI;

/** How to reach S3: an optional endpoint for S3-compatible servers (path-style) and an optional region. */
public record S3Settings(URI endpoint, String region) {
    public static final S3Settings DEFAULT = new S3Settings(null, null);
}
