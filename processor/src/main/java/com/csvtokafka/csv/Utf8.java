package com.csvtokafka.csv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) without decoding. */
final class Utf8 {
    /** Eight bytes at a time: one load and one mask tell whether they are all ASCII. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /** Index of the first byte of the first invalid sequence in [from, to), or -1 when all is valid. */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            // ASCII fast path, eight bytes at a time when possible
            while (i + 8 <= to && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= to) {
                return -1;
            }
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            if (c >= 0xC2 && c <= 0xDF) { // two bytes (Latin, Greek, Cyrillic, ...): the common case, checked first
                if (i + 1 >= to || (b[i + 1] & 0xC0) != 0x80) {
                    return i;
                }
                i += 2;
                continue;
            }
            int need;
            int min;
            if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + need >= to) {
                return i; // the sequence runs past the end of the row
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xC0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i;
            }
            i += need + 1;
        }
        return -1;
    }

    /**
     * True when [from, to) holds bytes above ASCII and every one of them reads as a printable Windows-1252 character
     * (é, ü, €, “ ...): text written in Windows-1252 or Latin-1 rather than UTF-8, the usual export of older tools.
     */
    static boolean readsAsWindows1252(byte[] b, int from, int to) {
        boolean high = false;
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                continue;
            }
            high = true;
            // the five bytes Windows-1252 leaves undefined
            if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D) {
                return false;
            }
        }
        return high;
    }
}
