package com.csvtokafka.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;

/** A CSV file to transfer: a local file or an S3 object, read as a stream from any byte offset. */
public interface Source extends AutoCloseable {

    SourceInfo describe() throws IOException;

    /**
     * As {@link #describe()}, given the version a job pinned (null for a new job): a source whose version string
     * format changed since that job started describes itself in the pinned format when it is still that version, so
     * that comparing version strings keeps resuming it (local files pinned by 0.1's size+mtime).
     */
    default SourceInfo describe(String pinnedVersion) throws IOException {
        return describe();
    }

    /**
     * Opens the source at {@code offset} without reading what comes before it.
     *
     * @throws SourceChangedException when the source is no longer {@code info.version()}
     */
    InputStream open(SourceInfo info, long offset) throws IOException;

    @Override
    void close();

    /** {@code s3://bucket/key}, {@code file:///abs/path} or a plain path. */
    static Source of(String uri, S3Settings s3) {
        if (uri.startsWith("s3://")) {
            return new S3Source(S3Location.parse(uri), s3);
        }
        if (uri.startsWith("file:")) {
            return new FileSource(Path.of(URI.create(uri)));
        }
        if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("unsupported source URI " + uri + ": use s3://bucket/key, "
                    + "file:///absolute/path or a plain path");
        }
        return new FileSource(Path.of(uri));
    }
}
