package com.csvtokafka.compress;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** Test inputs: data compressed as members/frames/streams, with where each starts (compressed and decoded). */
record Compressed(Compression format, byte[] bytes, byte[] data, List<Seek> members) {

    RawOpener opener() {
        return offset -> new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
    }

    /** The latest member start at or before a decoded offset (of members at the same offset, the last). */
    Seek expectedSeek(long decodedOffset) {
        Seek best = members.get(0);
        for (Seek m : members) {
            if (m.decodedOffset() <= decodedOffset) {
                best = m;
            }
        }
        return best;
    }

    static Compressed of(Compression format, List<byte[]> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Seek> members = new ArrayList<>();
        for (byte[] piece : pieces) {
            members.add(new Seek(out.size(), data.size()));
            out.writeBytes(member(format, piece));
            data.writeBytes(piece);
        }
        return new Compressed(format, out.toByteArray(), data.toByteArray(), members);
    }

    static byte[] member(Compression format, byte[] piece) {
        return switch (format) {
            case GZIP -> gzipMember(piece, 0, null, null, null);
            case ZSTD -> zstdFrame(piece, true);
            case BZIP2 -> bzip2Stream(piece);
            default -> throw new IllegalArgumentException(format.name());
        };
    }

    /** A gzip member with the optional header fields (flags FEXTRA, FNAME, FCOMMENT, FHCRC) as given. */
    static byte[] gzipMember(byte[] data, int level, byte[] extra, String name, String comment) {
        return gzipMember(data, level, extra, name, comment, false);
    }

    static byte[] gzipMember(byte[] data, int level, byte[] extra, String name, String comment, boolean headerCrc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int flags = (extra != null ? 4 : 0) | (name != null ? 8 : 0) | (comment != null ? 16 : 0) | (headerCrc ? 2 : 0);
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 0, 0, 0, 0, 0, 3});
        if (extra != null) {
            out.write(extra.length & 0xff);
            out.write(extra.length >> 8);
            out.writeBytes(extra);
        }
        if (name != null) {
            out.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        if (comment != null) {
            out.writeBytes(comment.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        if (headerCrc) {
            CRC32 crc = new CRC32();
            crc.update(out.toByteArray());
            out.write((int) crc.getValue() & 0xff);
            out.write((int) (crc.getValue() >> 8) & 0xff);
        }
        Deflater deflater = new Deflater(level == 0 ? 6 : level, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] buf = new byte[65536];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        writeLe32(out, crc.getValue());
        writeLe32(out, data.length);
        return out.toByteArray();
    }

    /** A zstd frame; {@code knownSize} false writes it as a stream does (no content size in the header). */
    static byte[] zstdFrame(byte[] data, boolean knownSize) {
        if (knownSize) {
            try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
                ctx.setLevel(3);
                ctx.setChecksum(true);
                return ctx.compress(data);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out)) {
            z.setChecksum(true);
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A zstd skippable frame (magic 0x184D2A5x) holding {@code content}. */
    static byte[] zstdSkippable(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x5A, 0x2A, 0x4D, 0x18});
        writeLe32(out, content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] bzip2Stream(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out, 1)) {
            bz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** CSV-like text with random runs, so that it compresses, but not to nothing. */
    static byte[] text(Random random, int size) {
        byte[] b = new byte[size];
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789,,,,\"\n\n  é";
        byte[] letters = alphabet.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < size; i++) {
            b[i] = random.nextInt(50) == 0 ? (byte) random.nextInt(256) : letters[random.nextInt(letters.length)];
        }
        return b;
    }

    /** Piece sizes across the decoders' buffer sizes (64 KiB raw, 128 KiB zstd), with empty pieces now and then. */
    static List<byte[]> pieces(Random random, int count) {
        int[] sizes = {0, 1, 7, 100, 4095, 65535, 65536, 65537, 131072, 131073, 200_000};
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int size = random.nextInt(3) == 0 ? sizes[random.nextInt(sizes.length)] : random.nextInt(30_000);
            pieces.add(text(random, size));
        }
        return pieces;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void writeLe32(ByteArrayOutputStream out, long v) {
        out.write((int) v & 0xff);
        out.write((int) (v >> 8) & 0xff);
        out.write((int) (v >> 16) & 0xff);
        out.write((int) (v >> 24) & 0xff);
    }
}
