package com.csvtokafka.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A local file, positioned with {@link FileChannel#position(long)}; versioned by content, with a
 * {@link FileFingerprint} (size and the SHA-256 of a fixed 4 MiB sample): the version string is
 * {@code size=<bytes>;sample-sha256=<hex>}, so a file copied again unchanged is the same version. Versions pinned by
 * 0.1 ({@code size=<bytes>;mtime=<epoch ms>}) are still honoured by size and modification time.
 */
final class FileSource implements Source {
    private final Path path;

    FileSource(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    @Override
    public SourceInfo describe() throws IOException {
        FileFingerprint now = fingerprint();
        return new SourceInfo(path.toUri().toString(), now.size(), now.version());
    }

    /**
     * As {@link #describe()}, but a file a 0.1 job pinned by size and modification time that still has both keeps
     * that version string, so that the job resumes (recovery compares version strings).
     */
    @Override
    public SourceInfo describe(String pinnedVersion) throws IOException {
        FileFingerprint now = fingerprint();
        String version = pinnedVersion != null && FileFingerprint.isLegacy(pinnedVersion) && now.matches(pinnedVersion)
                ? pinnedVersion : now.version();
        return new SourceInfo(path.toUri().toString(), now.size(), version);
    }

    @Override
    public InputStream open(SourceInfo info, long offset) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            FileFingerprint now = fingerprint();
            if (!now.matches(info.version())) {
                throw new SourceChangedException("source file " + path + " changed since the job started (it was "
                        + FileFingerprint.describe(info.version()) + "; it is now " + now.describe() + "); a job "
                        + "transfers one version of a file: use a new --job-id for the new file");
            }
            channel.position(offset);
            return Channels.newInputStream(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private FileFingerprint fingerprint() throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new SourceNotFoundException("source " + path + " is not a regular file");
            }
            return FileFingerprint.of(path);
        } catch (NoSuchFileException e) {
            throw new SourceNotFoundException("source file " + path + " does not exist");
        }
    }

    @Override
    public void close() {
    }
}
