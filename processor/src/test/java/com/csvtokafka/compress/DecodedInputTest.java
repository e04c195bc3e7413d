package com.csvtokafka.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.csvtokafka.source.NotCsvException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every decompressor, on its own thread and not: multi-member/multi-frame/multi-stream input with empty members and
 * sizes across buffer boundaries, resume from a member boundary byte-for-byte equal to decoding from the start and
 * skipping, truncated and corrupt input (the decoded offset reached and the bytes before it), trailing data.
 */
class DecodedInputTest {

    static Stream<Arguments> formats() {
        List<Arguments> all = new ArrayList<>();
        for (Compression format : List.of(Compression.GZIP, Compression.ZSTD, Compression.BZIP2)) {
            all.add(Arguments.of(format, false));
            all.add(Arguments.of(format, true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, decode ahead {1}")
    @MethodSource("formats")
    void decodesEveryMemberInOrder(Compression format, boolean ahead) throws IOException {
        for (int seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            Compressed c = Compressed.of(format, Compressed.pieces(random, 1 + random.nextInt(8)));
            try (DecodedInput in = DecodedInput.open(c.opener(), Compression.AUTO, Seek.START, 0, ahead)) {
                assertThat(in.compression()).isEqualTo(format);
                assertThat(readAll(in, random)).as("seed %d", seed).isEqualTo(c.data());
                assertThat(in.position()).isEqualTo(c.data().length);
                assertThat(in.skipped()).isEqualTo(Skipped.NOTHING);
            }
        }
    }

    /**
     * For offsets read in order (and some lag between the read position and the offset asked about, as rows in
     * flight have): the seek is the latest member start at or before the offset, and decoding from it, skipping to
     * the offset, gives exactly the bytes decoding from the start and skipping gives.
     */
    @ParameterizedTest(name = "{0}, decode ahead {1}")
    @MethodSource("formats")
    void resumeAtTheSeekEqualsDecodingFromTheStartAndSkipping(Compression format, boolean ahead) throws IOException {
        Random random = new Random(42);
        Compressed c = Compressed.of(format, Compressed.pieces(random, 10));
        int length = c.data().length;
        long[] targets = random.longs(25, 0, length + 1).sorted().toArray();
        targets[0] = 0;
        targets[targets.length - 1] = length;
        try (DecodedInput in = DecodedInput.open(c.opener(), format, Seek.START, 0, ahead)) {
            for (long target : targets) {
                long lag = Math.min(length - target, random.nextInt(300_000));
                readExactly(in, target + lag - in.position());
                Seek seek = in.seekFor(target);
                assertThat(seek).as("seek for %d", target).isEqualTo(c.expectedSeek(target));

                byte[] expected = Arrays.copyOfRange(c.data(), (int) target, length);
                try (DecodedInput resumed = DecodedInput.open(c.opener(), format, seek, target, ahead)) {
                    assertThat(resumed.skipped().bytes()).isEqualTo(target - seek.decodedOffset());
                    assertThat(resumed.position()).isEqualTo(target);
                    assertThat(readAll(resumed, random)).as("resumed at %d from %s", target, seek).isEqualTo(expected);
                }
                try (DecodedInput fromStart = DecodedInput.open(c.opener(), format, Seek.START, target, ahead)) {
                    assertThat(fromStart.skipped().bytes()).isEqualTo(target);
                    assertThat(readAll(fromStart, random)).isEqualTo(expected);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}, decode ahead {1}")
    @MethodSource("formats")
    void aSingleMemberSeeksToTheStartOnly(Compression format, boolean ahead) throws IOException {
        Random random = new Random(7);
        Compressed c = Compressed.of(format, List.of(Compressed.text(random, 300_000)));
        try (DecodedInput in = DecodedInput.open(c.opener(), format, Seek.START, 0, ahead)) {
            readExactly(in, 250_000);
            assertThat(in.seekFor(1000)).isEqualTo(Seek.START);
            assertThat(in.seekFor(250_000)).isEqualTo(Seek.START);
        }
    }

    @ParameterizedTest(name = "{0}, decode ahead {1}")
    @MethodSource("formats")
    void truncatedInputStopsWithTheDecodedOffsetReached(Compression format, boolean ahead) throws IOException {
        Random random = new Random(11);
        Compressed c = Compressed.of(format, List.of(Compressed.text(random, 150_000), Compressed.text(random, 1000),
                Compressed.text(random, 200_000)));
        List<Long> boundaries = c.members().stream().map(Seek::rawOffset).toList();
        List<Integer> cuts = new ArrayList<>(List.of(1, 3, 9, c.bytes().length - 1, c.bytes().length - 5));
        for (Seek m : c.members()) {
            cuts.add((int) m.rawOffset() + 2);
        }
        for (int i = 0; i < 12; i++) {
            cuts.add(1 + random.nextInt(c.bytes().length - 1));
        }
        for (int cut : cuts) {
            if (boundaries.contains((long) cut)) {
                continue; // a cut between members leaves a shorter, valid file
            }
            byte[] truncated = Arrays.copyOf(c.bytes(), cut);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            Throwable thrown = catchThrowable(() -> {
                try (DecodedInput in = DecodedInput.open(opener(truncated), format, Seek.START, 0, ahead)) {
                    copy(in, received);
                }
            });
            assertThat(thrown).as("cut at %d of %d", cut, c.bytes().length).isInstanceOf(CorruptInputException.class)
                    .hasMessageContaining("truncated").hasMessageContaining(format.label())
                    .hasMessageContaining("decoded byte offset " + received.size());
            CorruptInputException e = (CorruptInputException) thrown;
            assertThat(e.decodedOffset()).isEqualTo(received.size());
            assertThat(received.toByteArray()).isEqualTo(Arrays.copyOf(c.data(), received.size()));
        }
    }

    @ParameterizedTest(name = "{0}, decode ahead {1}")
    @MethodSource("formats")
    void corruptDataIsAnErrorNamingTheDecodedOffset(Compression format, boolean ahead) {
        Random random = new Random(13);
        Compressed c = Compressed.of(format, List.of(Compressed.text(random, 100_000), Compressed.text(random, 120_000)));
        for (int i = 0; i < 20; i++) {
            Seek member = c.members().get(random.nextInt(2));
            long end = member.equals(c.members().get(0)) ? c.members().get(1).rawOffset() : c.bytes().length;
            // inside the compressed body: gzip's MTIME/OS and the padding bits of a last byte are not checked
            int header = 20;
            int at = (int) member.rawOffset() + header + random.nextInt((int) ((end - member.rawOffset() - header) * 9 / 10));
            byte[] corrupt = c.bytes().clone();
            corrupt[at] ^= (byte) (1 + random.nextInt(255));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            Throwable thrown = catchThrowable(() -> {
                try (DecodedInput in = DecodedInput.open(opener(corrupt), format, Seek.START, 0, ahead)) {
                    copy(in, received);
                }
            });
            assertThat(thrown).as("byte %d changed", at).isInstanceOf(CorruptInputException.class)
                    .hasMessageContaining(format.label() + " input at compressed byte offset");
            assertThat(((CorruptInputException) thrown).decodedOffset()).isEqualTo(received.size());
        }
    }

    @ParameterizedTest(name = "{0}, decode ahead {1}")
    @MethodSource("formats")
    void trailingZerosAreIgnoredAndOtherTrailingDataIsAnError(Compression format, boolean ahead) throws IOException {
        Random random = new Random(17);
        Compressed c = Compressed.of(format, List.of(Compressed.text(random, 5000)));
        byte[] zeros = Compressed.concat(c.bytes(), new byte[70_000]);
        try (DecodedInput in = DecodedInput.open(opener(zeros), format, Seek.START, 0, ahead)) {
            assertThat(in.readAllBytes()).isEqualTo(c.data());
        }
        byte[] garbage = Compressed.concat(c.bytes(), "trailing garbage".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> {
            try (DecodedInput in = DecodedInput.open(opener(garbage), format, Seek.START, 0, ahead)) {
                in.readAllBytes();
            }
        }).isInstanceOf(CorruptInputException.class)
                .hasMessageContaining("data after the last " + format.label() + " member")
                .hasMessageContaining("at compressed byte offset " + c.bytes().length)
                .hasMessageContaining("decoded byte offset 5000");
    }

    @ParameterizedTest(name = "{0}, decode ahead {1}")
    @MethodSource("formats")
    void emptyMembersDecodeToNothingAndTheLastOneIsTheSeek(Compression format, boolean ahead) throws IOException {
        Compressed c = Compressed.of(format, List.of(new byte[0], new byte[0], "a,b\n".getBytes(StandardCharsets.UTF_8),
                new byte[0], new byte[0]));
        try (DecodedInput in = DecodedInput.open(c.opener(), Compression.AUTO, Seek.START, 0, ahead)) {
            assertThat(in.compression()).isEqualTo(format);
            assertThat(in.readAllBytes()).isEqualTo("a,b\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.seekFor(0)).isEqualTo(c.members().get(2));
            assertThat(in.seekFor(4)).isEqualTo(c.members().get(4));
        }
        try (DecodedInput in = DecodedInput.open(c.opener(), format, c.members().get(4), 4, ahead)) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** A failing source (a network error) is passed on as it is: it is not corrupt data, a retry may work. */
    @ParameterizedTest(name = "{0}, decode ahead {1}")
    @MethodSource("formats")
    void aFailingSourceIsNotCorruptData(Compression format, boolean ahead) {
        Random random = new Random(19);
        Compressed c = Compressed.of(format, List.of(Compressed.text(random, 400_000)));
        RawOpener failing = offset -> new FilterInputStream(c.opener().open(offset)) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > c.bytes().length / 2) {
                    throw new IOException("connection reset");
                }
                int n = super.read(b, off, Math.min(len, 1000));
                read += Math.max(n, 0);
                return n;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }
        };
        assertThatThrownBy(() -> {
            try (DecodedInput in = DecodedInput.open(failing, format, Seek.START, 0, ahead)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).isNotInstanceOf(CorruptInputException.class).hasMessage("connection reset");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "BZIP2"})
    void aResumePastTheEndIsAnError(Compression format) {
        Compressed c = Compressed.of(format, List.of("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> DecodedInput.open(c.opener(), format, Seek.START, 100))
                .isInstanceOf(CorruptInputException.class)
                .hasMessageContaining("the decoded data ends at byte 8, before the resume offset 100");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "BZIP2"})
    void aLongSkipStopsWhenTheThreadIsInterrupted(Compression format) {
        Compressed c = Compressed.of(format, List.of(Compressed.text(new Random(3), 1_000_000)));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> DecodedInput.open(c.opener(), format, Seek.START, 900_000))
                    .isInstanceOf(InterruptedIOException.class).hasMessageContaining("skipping to the resume offset");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void uncompressedInputSeeksInsteadOfSkipping() throws IOException {
        byte[] data = "id,name\n1,a\n2,b\n3,c\n".getBytes(StandardCharsets.UTF_8);
        List<Long> opened = new ArrayList<>();
        RawOpener raw = offset -> {
            opened.add(offset);
            return opener(data).open(offset);
        };
        try (DecodedInput in = DecodedInput.open(raw, Compression.AUTO, Seek.START, 0)) {
            assertThat(in.compression()).isEqualTo(Compression.NONE);
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.seekFor(12)).isEqualTo(new Seek(12, 12));
        }
        opened.clear();
        try (DecodedInput in = DecodedInput.open(raw, Compression.NONE, new Seek(12, 12), 16)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3,c\n");
            assertThat(in.skipped()).isEqualTo(Skipped.NOTHING);
        }
        assertThat(opened).containsExactly(16L);
        opened.clear();
        try (DecodedInput in = DecodedInput.open(raw, Compression.AUTO, new Seek(12, 12), 12)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2,b\n3,c\n");
        }
        assertThat(opened).containsExactly(12L);
    }

    @Test
    void emptyInputIsUncompressedAndEmpty() throws IOException {
        try (DecodedInput in = DecodedInput.open(opener(new byte[0]), Compression.AUTO, Seek.START, 0)) {
            assertThat(in.compression()).isEqualTo(Compression.NONE);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aCompressionTheInputIsNotInIsAUsageError() {
        byte[] gzip = Compressed.member(Compression.GZIP, "a\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DecodedInput.open(opener(gzip), Compression.ZSTD, Seek.START, 0))
                .isInstanceOf(NotCsvException.class)
                .hasMessageContaining("the input is not zstd-compressed (its first bytes are gzip's magic number)")
                .hasMessageContaining("--compression auto");
        byte[] plain = "id,name\n1,a\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DecodedInput.open(opener(plain), Compression.BZIP2, Seek.START, 0))
                .isInstanceOf(NotCsvException.class).hasMessageContaining("not bzip2-compressed");
    }

    @Test
    void detectsByMagicNumber() {
        Random random = new Random(5);
        for (Compression format : List.of(Compression.GZIP, Compression.ZSTD, Compression.BZIP2)) {
            byte[] member = Compressed.member(format, Compressed.text(random, 100));
            assertThat(Compression.detect(member, member.length)).isEqualTo(format);
            byte[] empty = Compressed.member(format, new byte[0]);
            assertThat(Compression.detect(empty, empty.length)).isEqualTo(format);
        }
        byte[] skippable = Compressed.zstdSkippable(new byte[3]);
        assertThat(Compression.detect(skippable, skippable.length)).isEqualTo(Compression.ZSTD);
        byte[] text = "BZh9 is not bzip2,x\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Compression.detect(text, text.length)).isEqualTo(Compression.NONE);
        assertThat(Compression.detect(new byte[] {0x1f}, 1)).isEqualTo(Compression.NONE);
        assertThat(Compression.parse(" Zstd ")).isEqualTo(Compression.ZSTD);
        assertThatThrownBy(() -> Compression.parse("lz4")).hasMessageContaining("auto, none, gzip, zstd or bzip2");
    }

    static RawOpener opener(byte[] bytes) {
        return offset -> new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
    }

    /** Reads to the end in reads of random lengths. */
    static byte[] readAll(InputStream in, Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[200_000];
        int n;
        while ((n = in.read(buf, 0, 1 + random.nextInt(random.nextBoolean() ? 100 : buf.length))) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static void readExactly(InputStream in, long count) throws IOException {
        byte[] buf = new byte[65_536];
        while (count > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, count));
            assertThat(n).isPositive();
            count -= n;
        }
    }

    static void copy(InputStream in, ByteArrayOutputStream out) throws IOException {
        byte[] buf = new byte[10_000];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
    }
}
