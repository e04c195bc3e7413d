package com.csvtokafka.compress;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens the input's raw (compressed) bytes at a byte offset without reading what comes before it: a ranged GET
 * for S3, {@code FileChannel.position} for files; e.g. {@code offset -> source.open(info, offset)}.
 */
@FunctionalInterface
public interface RawOpener {
    InputStream open(long rawOffset) throws IOException;
}
