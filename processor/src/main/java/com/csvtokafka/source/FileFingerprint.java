package com.csvtokafka.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A local file's identity by content, cheap for huge files: its size and the SHA-256 of a fixed sample of it. A
 * file copied again unchanged (a new modification time, same bytes) is the same version and resumes; a changed file
 * is refused.
 *
 * <p><b>What the sample covers.</b> Files up to {@value #WHOLE_FILE_LIMIT} bytes (4 MiB) are hashed whole. Larger
 * files: the first and the last MiB, and {@value #SAMPLES} blocks of 64 KiB evenly spaced between them (the first
 * right after the first MiB, the last right before the last MiB): 4 MiB read whatever the size, in 34 positioned
 * reads. The digest is SHA-256 over a format tag, the size (8 bytes) and the sampled bytes in file order.
 *
 * <p><b>Why that is enough.</b> The version guards against resuming a job on a different file, not against
 * tampering. Files change as wholes: a re-export or a different file of the same name differs in its header (first
 * MiB) or almost everywhere, appends and truncations change the size and the last MiB, and an edit of a CSV value
 * mostly changes its length, which shifts every byte after it into the last MiB and the later samples. Not caught:
 * an edit that keeps the file's length and touches only bytes outside the sample (a digit changed in place in the
 * middle of a big file). Catching that means reading the whole file at every start and resume (SHA-256 of a 2 GB
 * file: see docs) where the sample costs milliseconds.
 *
 * <p><b>Version strings</b> ({@link SourceInfo#version()}, stored in checkpoints and in every anchor's
 * {@code csv.version} header):
 * <ul>
 *   <li>produced now: {@code size=<bytes>;sample-sha256=<64 lowercase hex digits>};</li>
 *   <li>produced by 0.1 ("legacy"): {@code size=<bytes>;mtime=<epoch milliseconds>}, still parsed and matched by
 *   size and modification time ({@link #matches}).</li>
 * </ul>
 * Equal content gives equal strings, so comparing version strings (as recovery does) accepts a copied file.
 */
public record FileFingerprint(long size, String sampleSha256, Instant modified) {
    static final long WHOLE_FILE_LIMIT = 4L << 20;
    static final int EDGE = 1 << 20;
    static final int SAMPLES = 32;
    static final int SAMPLE_BLOCK = 64 << 10;
    private static final byte[] TAG = "csv-to-kafka file sample v1\0".getBytes(StandardCharsets.US_ASCII);

    /** Reads the sample of {@code file} (see the class comment). */
    public static FileFingerprint of(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            sha.update(TAG);
            sha.update(ByteBuffer.allocate(8).putLong(0, size));
            ByteBuffer buffer = ByteBuffer.allocate(EDGE);
            if (size <= WHOLE_FILE_LIMIT) {
                hash(channel, 0, size, sha, buffer);
            } else {
                hash(channel, 0, EDGE, sha, buffer);
                long span = size - 2L * EDGE - SAMPLE_BLOCK;
                for (int i = 0; i < SAMPLES; i++) {
                    hash(channel, EDGE + span * i / (SAMPLES - 1), SAMPLE_BLOCK, sha, buffer);
                }
                hash(channel, size - EDGE, EDGE, sha, buffer);
            }
            return new FileFingerprint(size, HexFormat.of().formatHex(sha.digest()), modified);
        }
    }

    /** The version string (see the class comment). */
    public String version() {
        return "size=" + size + ";sample-sha256=" + sampleSha256;
    }

    /**
     * Whether this file is the version {@code pinned} names: the same size and sample digest, or for a legacy
     * version string the same size and modification time (to the millisecond).
     */
    public boolean matches(String pinned) {
        Long pinnedSize = longField(pinned, "size");
        if (pinnedSize == null || pinnedSize != size) {
            return false;
        }
        String digest = field(pinned, "sample-sha256");
        if (digest != null) {
            return digest.equals(sampleSha256);
        }
        Long mtime = longField(pinned, "mtime");
        return mtime != null && mtime == modified.toEpochMilli();
    }

    /** Whether {@code version} is in the 0.1 format ({@code size=..;mtime=..}). */
    public static boolean isLegacy(String version) {
        return field(version, "mtime") != null && field(version, "sample-sha256") == null;
    }

    /** This file, for messages: size, start of the digest, modification time (ISO-8601). */
    public String describe() {
        return size + " bytes, content sample sha256 " + sampleSha256.substring(0, 12) + "…, modified " + modified;
    }

    /** A version string, for messages: times as ISO-8601, never epoch milliseconds. */
    public static String describe(String version) {
        Long size = longField(version, "size");
        String digest = field(version, "sample-sha256");
        Long mtime = longField(version, "mtime");
        if (size == null || (digest == null && mtime == null)) {
            return version;
        }
        return size + " bytes, " + (digest != null ? "content sample sha256 " + digest.substring(0, Math.min(12, digest.length())) + "…"
                : "modified " + Instant.ofEpochMilli(mtime));
    }

    private static void hash(FileChannel channel, long position, long length, MessageDigest sha, ByteBuffer buffer)
            throws IOException {
        long end = position + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("file shrank while its fingerprint was read (at byte " + position + ")");
            }
            buffer.flip();
            sha.update(buffer);
            position += n;
        }
    }

    private static String field(String version, String name) {
        for (String part : version.split(";")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static Long longField(String version, String name) {
        String value = field(version, name);
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
