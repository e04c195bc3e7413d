package com.csvtokafka.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What is particular to each format: header fields, files the real tools wrote, skippable frames, limits. */
class DecodersTest {

    /** Two parts concatenated by {@code cat}, as the tools wrote them (see resources/compress/README.md). */
    @ParameterizedTest
    @CsvSource({"two-members.csv.gz, GZIP, 59", "two-frames.csv.zst, ZSTD, 45", "two-streams.csv.bz2, BZIP2, 72"})
    void filesWrittenByTheCommandLineTools(String file, Compression format, long secondMember) throws IOException {
        byte[] bytes = resource(file);
        byte[] expected = resource("two-parts.csv");
        try (DecodedInput in = DecodedInput.open(DecodedInputTest.opener(bytes), Compression.AUTO, Seek.START, 0)) {
            assertThat(in.compression()).isEqualTo(format);
            assertThat(in.readAllBytes()).isEqualTo(expected);
            assertThat(in.seekFor(31)).isEqualTo(Seek.START);
            assertThat(in.seekFor(32)).isEqualTo(new Seek(secondMember, 32));
        }
        try (DecodedInput in = DecodedInput.open(DecodedInputTest.opener(bytes), format, new Seek(secondMember, 32), 40)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("4,\"multi\nline\"\n");
            assertThat(in.skipped().bytes()).isEqualTo(8);
        }
    }

    @Test
    void gzipHeaderFieldsAreSkippedAndTheHeaderCrcChecked() throws IOException {
        byte[] data = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] bgzfExtra = {'B', 'C', 2, 0, 0, 0};
        byte[] all = Compressed.concat(
                Compressed.gzipMember(data, 9, bgzfExtra, null, null),
                Compressed.gzipMember(data, 1, null, "name.csv", "a comment", true),
                Compressed.gzipMember(new byte[0], 6, bgzfExtra, null, null)); // bgzip's end-of-file marker
        try (DecodedInput in = DecodedInput.open(DecodedInputTest.opener(all), Compression.AUTO, Seek.START, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(Compressed.concat(data, data));
        }
        byte[] badHeaderCrc = Compressed.gzipMember(data, 1, null, "name.csv", null, true);
        badHeaderCrc[12] ^= 1; // a letter of the name
        assertThatThrownBy(() -> DecodedInput.open(DecodedInputTest.opener(badHeaderCrc), Compression.GZIP, Seek.START, 0)
                .readAllBytes()).isInstanceOf(CorruptInputException.class).hasMessageContaining("header CRC-16");
    }

    /**
     * A network stream that ends its reads exactly at member boundaries and says nothing is available (where
     * GZIPInputStream can stop as if at the end, JDK-7036144): every member is still decoded.
     */
    @Test
    void gzipMembersEndingAtReadBoundariesOfAStreamWithNothingAvailable() throws IOException {
        Random random = new Random(41);
        Compressed c = Compressed.of(Compression.GZIP, Compressed.pieces(random, 8));
        RawOpener network = offset -> new InputStream() {
            int pos = (int) offset;

            @Override
            public int read() {
                return pos < c.bytes().length ? c.bytes()[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == c.bytes().length) {
                    return -1;
                }
                int end = c.bytes().length;
                for (Seek m : c.members()) {
                    if (m.rawOffset() > pos) {
                        end = (int) m.rawOffset();
                        break;
                    }
                }
                int n = Math.min(len, end - pos);
                System.arraycopy(c.bytes(), pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public int available() {
                return 0;
            }
        };
        try (DecodedInput in = DecodedInput.open(network, Compression.GZIP, Seek.START, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(c.data());
        }
    }

    /** The JDK's own writer, many members, as an appending logger writes them. */
    @Test
    void gzipMembersFromTheJdkWriter() throws IOException {
        Random random = new Random(23);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            byte[] piece = Compressed.text(random, random.nextInt(5000));
            try (GZIPOutputStream gz = new GZIPOutputStream(compressed) {
                @Override
                public void close() throws IOException {
                    finish(); // keep the shared stream open
                }
            }) {
                gz.write(piece);
            }
            data.writeBytes(piece);
        }
        try (DecodedInput in = DecodedInput.open(DecodedInputTest.opener(compressed.toByteArray()), Compression.AUTO,
                Seek.START, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(data.toByteArray());
        }
    }

    @Test
    void zstdSkippableFramesAndFramesWithoutContentSize() throws IOException {
        Random random = new Random(29);
        byte[] a = Compressed.text(random, 300_000);
        byte[] b = Compressed.text(random, 1000);
        byte[] all = Compressed.concat(Compressed.zstdSkippable(new byte[] {1, 2, 3}), Compressed.zstdFrame(a, false),
                Compressed.zstdSkippable(new byte[0]), Compressed.zstdFrame(b, true), Compressed.zstdSkippable(new byte[9]));
        try (DecodedInput in = DecodedInput.open(DecodedInputTest.opener(all), Compression.AUTO, Seek.START, 0)) {
            assertThat(in.compression()).isEqualTo(Compression.ZSTD);
            assertThat(in.readAllBytes()).isEqualTo(Compressed.concat(a, b));
            // the skippable frame before the second data frame starts at the same decoded offset: the later wins
            assertThat(in.seekFor(a.length).rawOffset()).isEqualTo(11 + Compressed.zstdFrame(a, false).length + 8);
        }
    }

    @Test
    void zstdFramesNeedingMoreThan128MiBOfWindowAreRefusedWithAHint() throws IOException {
        byte[] bigWindow = resource("big-window.csv.zst");
        assertThatThrownBy(() -> DecodedInput.open(DecodedInputTest.opener(bigWindow), Compression.AUTO, Seek.START, 0)
                .readAllBytes())
                .isInstanceOf(CorruptInputException.class)
                .hasMessageContaining("Frame requires too much memory for decoding")
                .hasMessageContaining("zstd --long=28 or more");
    }

    /** Stream by stream decoding gives what commons-compress gives decoding concatenated streams itself. */
    @Test
    void bzip2StreamsAsCommonsCompressDecodesThem() throws IOException {
        Random random = new Random(37);
        Compressed c = Compressed.of(Compression.BZIP2, Compressed.pieces(random, 6));
        byte[] reference;
        try (InputStream in = new BZip2CompressorInputStream(c.opener().open(0), true)) {
            reference = in.readAllBytes();
        }
        try (DecodedInput in = DecodedInput.open(c.opener(), Compression.BZIP2, Seek.START, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(reference).isEqualTo(c.data());
        }
    }

    @Test
    void seekTableKeepsItsAnswersValidWhenItThinsOut() {
        SeekTable table = new SeekTable(Seek.START);
        for (int i = 1; i <= 5000; i++) {
            table.add(i * 10L, i * 100L);
            assertThat(table.size()).isLessThanOrEqualTo(SeekTable.CAPACITY);
        }
        Seek seek = table.seekFor(250_050);
        assertThat(seek.decodedOffset()).isLessThanOrEqualTo(250_050).isGreaterThan(240_000);
        assertThat(seek.rawOffset()).isEqualTo(seek.decodedOffset() / 10);
        assertThat(table.seekFor(499_999).decodedOffset()).isLessThanOrEqualTo(499_999);
        assertThatThrownBy(() -> table.seekFor(100)).hasMessageContaining("must not decrease");
    }

    @Test
    void seekTableAnswersExactlyWhileSmall() {
        SeekTable table = new SeekTable(new Seek(100, 1000));
        table.add(100, 1000);
        table.add(150, 1000); // an empty member: the next one starts at the same decoded offset
        table.add(200, 2000);
        table.add(300, 3000);
        assertThat(table.seekFor(1000)).isEqualTo(new Seek(150, 1000));
        assertThat(table.seekFor(2999)).isEqualTo(new Seek(200, 2000));
        assertThat(table.seekFor(3000)).isEqualTo(new Seek(300, 3000));
        assertThat(table.size()).isEqualTo(1);
        assertThatThrownBy(() -> new SeekTable(new Seek(100, 1000)).seekFor(999)).hasMessageContaining("before");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DecodersTest.class.getResourceAsStream("/compress/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

}
