package com.csvtokafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFingerprintTest {
    private static final long BIG = 10L << 20;

    @TempDir
    Path dir;

    @Test
    void aFileCopiedAgainUnchangedIsTheSameVersion() throws IOException {
        for (long size : new long[] {0, 1000, FileFingerprint.WHOLE_FILE_LIMIT, BIG}) {
            Path original = write("original-" + size + ".csv", size);
            Path copy = dir.resolve("copy-" + size + ".csv");
            Files.copy(original, copy);
            Files.setLastModifiedTime(copy, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
            FileFingerprint a = FileFingerprint.of(original);
            FileFingerprint b = FileFingerprint.of(copy);
            assertThat(b.version()).isEqualTo(a.version()).matches("size=" + size + ";sample-sha256=[0-9a-f]{64}");
            assertThat(b.matches(a.version())).isTrue();
            assertThat(b.modified()).isNotEqualTo(a.modified());
        }
    }

    @Test
    void changesInTheSampleOrOfTheSizeAreAnotherVersion() throws IOException {
        Path file = write("big.csv", BIG);
        String pinned = FileFingerprint.of(file).version();
        long span = BIG - 2L * FileFingerprint.EDGE - FileFingerprint.SAMPLE_BLOCK;
        long[] sampled = {0, 5000, FileFingerprint.EDGE - 1, FileFingerprint.EDGE, FileFingerprint.EDGE + span * 7 / 31 + 100,
            BIG - FileFingerprint.EDGE, BIG - 1};
        for (long at : sampled) {
            flip(file, at);
            assertThat(FileFingerprint.of(file).matches(pinned)).as("byte %d changed", at).isFalse();
            flip(file, at);
            assertThat(FileFingerprint.of(file).matches(pinned)).isTrue();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap("x\n".getBytes(StandardCharsets.US_ASCII)));
        }
        assertThat(FileFingerprint.of(file).matches(pinned)).isFalse();
    }

    /** The documented limit: a length-keeping edit of bytes outside the sample is not seen. */
    @Test
    void anInPlaceEditOutsideTheSampleIsNotSeen() throws IOException {
        Path file = write("big.csv", BIG);
        String pinned = FileFingerprint.of(file).version();
        long firstGap = FileFingerprint.EDGE + FileFingerprint.SAMPLE_BLOCK + 10; // after the first sampled block
        flip(file, firstGap);
        assertThat(FileFingerprint.of(file).matches(pinned)).isTrue();
    }

    @Test
    void legacyVersionsMatchBySizeAndModificationTime() throws IOException {
        Path file = write("old.csv", 1234);
        Instant modified = Instant.parse("2026-11-20T10:15:30.123Z");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        FileFingerprint now = FileFingerprint.of(file);
        String legacy = "size=1234;mtime=" + modified.toEpochMilli();
        assertThat(FileFingerprint.isLegacy(legacy)).isTrue();
        assertThat(FileFingerprint.isLegacy(now.version())).isFalse();
        assertThat(now.matches(legacy)).isTrue();
        assertThat(now.matches("size=1234;mtime=" + (modified.toEpochMilli() + 1))).isFalse();
        assertThat(now.matches("size=1235;mtime=" + modified.toEpochMilli())).isFalse();
        assertThat(FileFingerprint.describe(legacy)).isEqualTo("1234 bytes, modified 2026-11-20T10:15:30.123Z");
    }

    @Test
    void fileSourceResumesACopyAndRefusesAChangeInIsoTime() throws IOException {
        Path file = write("data.csv", 50_000);
        try (Source source = Source.of(file.toString(), S3Settings.DEFAULT)) {
            SourceInfo info = source.describe();
            assertThat(info.version()).startsWith("size=50000;sample-sha256=");

            Path elsewhere = write("same-bytes.csv", 50_000);
            Files.copy(elsewhere, file, StandardCopyOption.REPLACE_EXISTING); // the same bytes, copied again
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2031-05-06T07:08:09Z")));
            assertThat(source.describe().version()).isEqualTo(info.version());
            try (InputStream in = source.open(info, 10)) {
                assertThat(in.read()).isEqualTo(Files.readAllBytes(file)[10] & 0xff);
            }

            flip(file, 40_000);
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2031-05-06T07:08:09Z")));
            assertThatThrownBy(() -> source.open(info, 0))
                    .isInstanceOf(SourceChangedException.class)
                    .hasMessageContaining("changed since the job started (it was 50000 bytes, content sample sha256 ")
                    .hasMessageContaining("modified 2031-05-06T07:08:09Z")
                    .satisfies(e -> assertThat(e.getMessage().substring(e.getMessage().indexOf("(it was")))
                            .doesNotContainPattern("\\d{13}")); // no epoch milliseconds
        }
    }

    @Test
    void aJobPinnedBy01KeepsItsVersionWhileTheFileIsUnchanged() throws IOException {
        Path file = write("old.csv", 2000);
        Instant modified = Instant.parse("2026-11-20T10:15:30Z");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        String legacy = "size=2000;mtime=" + modified.toEpochMilli();
        try (Source source = Source.of(file.toUri().toString(), S3Settings.DEFAULT)) {
            assertThat(source.describe(legacy).version()).isEqualTo(legacy);
            assertThat(source.describe(null).version()).startsWith("size=2000;sample-sha256=");
            try (InputStream in = source.open(source.describe(legacy), 0)) {
                assertThat(in.readAllBytes()).hasSize(2000);
            }
            Files.setLastModifiedTime(file, FileTime.from(modified.plusSeconds(1)));
            assertThat(source.describe(legacy).version()).startsWith("size=2000;sample-sha256=");
            assertThatThrownBy(() -> source.open(new SourceInfo(file.toUri().toString(), 2000, legacy), 0))
                    .isInstanceOf(SourceChangedException.class)
                    .hasMessageContaining("it was 2000 bytes, modified 2026-11-20T10:15:30Z");
        }
    }

    /** A file of {@code size} bytes of CSV-like text, the same for the same size. */
    private Path write(String name, long size) throws IOException {
        Path file = dir.resolve(name);
        Random random = new Random(size);
        byte[] chunk = new byte[1 << 16];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; written += chunk.length) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) (random.nextInt(20) == 0 ? '\n' : 'a' + random.nextInt(26));
                }
                channel.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, size - written)));
            }
        }
        return file;
    }

    private static void flip(Path file, long at) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x20)).rewind();
            channel.write(one, at);
        }
    }
}
