package com.csvtokafka.compress;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that reads in bulk ({@link #read(byte[], int, int)}); its one-byte {@link #read()} is a bulk read
 * of a single byte: the base of the decoders and of {@link DecodeAhead}.
 */
abstract class BulkInputStream extends InputStream {
    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }
}
