package com.csvtokafka.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;

/** A CSV file to transfer: a local file or an S3 object, read as a stream from any byte offset. */
public interface Source extends AutoCloseable {

    SourceInfo describe() throws IOException;

    /** The job's inputs, listed and pinned now (a one-file source is a set of one). */
    default InputSet pin() throws IOException {
        return pin(null);
    }

    /**
     * As {@link #pin()}, for a job that already pinned its one file as {@code pinnedVersion} (null for a new job):
     * a file pinned by an earlier release's version format keeps that version while it is unchanged.
     */
    default InputSet pin(String pinnedVersion) throws IOException {
        return InputSet.single(describe(pinnedVersion));
    }

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

    /**
     * The first {@code length} bytes of the input (all of it when shorter), for a look at its start. A source whose
     * early close would cost reading the rest asks for just these bytes: an S3 GET of an open range is drained to
     * its end by the HTTP client when closed early.
     */
    default InputStream openStart(SourceInfo info, long length) throws IOException {
        return open(info, 0);
    }

    /** Told when a broken read is reopened at the byte it reached (S3 sources; files never need it). */
    default void onReopen(ReopenListener listener) {
    }

    /** A source read that failed and is being reopened at {@code offset}. */
    @FunctionalInterface
    interface ReopenListener {
        ReopenListener NONE = (source, offset, error, attempt, maxAttempts) -> { };

        void reopening(String source, long offset, String error, int attempt, int maxAttempts);
    }

    @Override
    void close();

    /**
     * A one-file source, or an input set: an S3 prefix or local path ending in {@code /}, a local directory, or a
     * manifest (then {@code uri} may be null).
     *
     * @param include a glob the input names must match ({@code --include}), or null
     */
    static Source of(String uri, String include, String manifest, S3Settings s3) {
        if (manifest != null && !manifest.isBlank()) {
            return new InputSetSource(null, include, manifest, s3);
        }
        boolean directory = uri.endsWith("/") || (!uri.startsWith("s3://") && !uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")
                && java.nio.file.Files.isDirectory(Path.of(uri)))
                || (uri.startsWith("file:") && java.nio.file.Files.isDirectory(Path.of(URI.create(uri))));
        if (directory) {
            return new InputSetSource(uri, include, null, s3);
        }
        if (include != null && !include.isBlank()) {
            throw new IllegalArgumentException("--include filters the files of a prefix or directory; " + uri
                    + " is one file (a prefix ends in /)");
        }
        return of(uri, s3);
    }

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
