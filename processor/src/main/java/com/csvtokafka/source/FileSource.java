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

/** A local file, positioned with {@link FileChannel#position(long)}; versioned by size and modification time. */
final class FileSource implements Source {
    private final Path path;

    FileSource(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    @Override
    public SourceInfo describe() throws IOException {
        return new SourceInfo(path.toUri().toString(), attributes().size(), fingerprint(attributes()));
    }

    @Override
    public InputStream open(SourceInfo info, long offset) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            String now = fingerprint(attributes());
            if (!now.equals(info.version())) {
                throw new SourceChangedException("source file " + path + " changed since the job started (was "
                        + info.version() + ", now " + now + "); a job transfers one version of a file: "
                        + "use a new --job-id for the new file");
            }
            channel.position(offset);
            return Channels.newInputStream(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private BasicFileAttributes attributes() throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new SourceNotFoundException("source " + path + " is not a regular file");
            }
            return attributes;
        } catch (NoSuchFileException e) {
            throw new SourceNotFoundException("source file " + path + " does not exist");
        }
    }

    private static String fingerprint(BasicFileAttributes attributes) {
        return "size=" + attributes.size() + ";mtime=" + attributes.lastModifiedTime().toMillis();
    }

    @Override
    public void close() {
    }
}
