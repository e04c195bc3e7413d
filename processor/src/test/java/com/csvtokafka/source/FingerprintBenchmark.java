package com.csvtokafka.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Not a test: how long {@link FileFingerprint#of} takes on a file, against SHA-256 of the whole file.
 *
 * <pre>java -cp processor/target/test-classes:processor/target/classes com.csvtokafka.source.FingerprintBenchmark FILE</pre>
 */
public final class FingerprintBenchmark {
    private FingerprintBenchmark() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Path file = Path.of(args[0]);
        System.out.printf(Locale.ROOT, "%s: %,d bytes%n", file, Files.size(file));
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            FileFingerprint fingerprint = FileFingerprint.of(file);
            System.out.printf(Locale.ROOT, "  sampled fingerprint: %.1f ms (%s)%n", (System.nanoTime() - started) / 1e6,
                    fingerprint.version());
        }
        for (int i = 0; i < 2; i++) {
            long started = System.nanoTime();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                while (channel.read(buffer.clear()) >= 0) {
                    sha.update(buffer.flip());
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "  whole-file SHA-256: %.2f s, %.0f MB/s (%s)%n", seconds,
                    Files.size(file) / 1e6 / seconds, HexFormat.of().formatHex(sha.digest()).substring(0, 16));
        }
    }
}
