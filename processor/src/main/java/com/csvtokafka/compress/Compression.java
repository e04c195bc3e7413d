package com.csvtokafka.compress;

import java.util.Locale;

/**
 * How an input is compressed ({@code --compression auto|none|gzip|zstd|bzip2}, default {@code auto}). {@link #AUTO}
 * is resolved from the input's first bytes (its magic number), never from its name: an object called
 * {@code data.csv} may hold gzip and {@code data.csv.gz} may have been stored decompressed by a proxy.
 */
public enum Compression {
    AUTO, NONE, GZIP, ZSTD, BZIP2;

    /** Bytes {@link #detect} looks at: bzip2's magic and its first block (or end-of-stream) marker. */
    public static final int MAGIC_BYTES = 10;

    /** The value of {@code --compression} / {@code COMPRESSION}, case-insensitive. */
    public static Compression parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown compression '" + value + "': use auto, none, gzip, zstd or bzip2");
        }
    }

    /**
     * The compression whose magic number starts {@code head[0..length)}, or {@link #NONE}.
     * <ul>
     *   <li>gzip: {@code 1F 8B 08} (RFC 1952, deflate);</li>
     *   <li>zstd: the frame magic {@code 28 B5 2F FD} or a skippable frame {@code 5? 2A 4D 18} (RFC 8878);</li>
     *   <li>bzip2: {@code BZh1}..{@code BZh9} followed by a block marker ({@code 31 41 59 26 53 59}) or the
     *   end-of-stream marker ({@code 17 72 45 38 50 90}); ten bytes, so a text file that happens to start with
     *   "BZh5" is not taken for bzip2.</li>
     * </ul>
     */
    public static Compression detect(byte[] head, int length) {
        if (length >= 3 && u(head, 0) == 0x1F && u(head, 1) == 0x8B && u(head, 2) == 0x08) {
            return GZIP;
        }
        if (length >= 4 && ((u(head, 0) == 0x28 && u(head, 1) == 0xB5 && u(head, 2) == 0x2F && u(head, 3) == 0xFD)
                || ((u(head, 0) & 0xF0) == 0x50 && u(head, 1) == 0x2A && u(head, 2) == 0x4D && u(head, 3) == 0x18))) {
            return ZSTD;
        }
        if (length >= 10 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9'
                && (startsWith(head, 4, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)
                    || startsWith(head, 4, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90))) {
            return BZIP2;
        }
        return NONE;
    }

    /** The name users know the format by ({@code gzip}, {@code zstd}, ...). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] b, int at, int... expected) {
        for (int i = 0; i < expected.length; i++) {
            if (u(b, at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
