package com.csvtokafka.compress;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * bzip2 with Apache Commons Compress, any number of concatenated streams (pbzip2 and lbzip2 write one stream per
 * 900 kB block, {@code cat} concatenates files). Each stream is decoded by its own
 * {@link BZip2CompressorInputStream} with {@code decompressConcatenated = false}, which (as documented) stops after
 * its stream and leaves the input at the next byte: it reads bits byte by byte and a stream ends on a byte boundary.
 * So every stream's compressed start offset is known and a pbzip2 file resumes at the stream holding the row.
 */
final class Bzip2Decoder extends Decoder {
    private BZip2CompressorInputStream stream;
    private boolean end;

    Bzip2Decoder(InputStream in, Seek from, SeekTable seeks) {
        super(Compression.BZIP2, in, from, seeks);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!end) {
            if (stream == null && !startStream()) {
                end = true;
                break;
            }
            int n;
            try {
                n = stream.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw decodingFailure(e);
            }
            if (n > 0) {
                decoded += n;
                return n;
            }
            if (n < 0) {
                stream = null;
            }
        }
        return -1;
    }

    /** Starts the next stream at the current position; false at the end of the input. */
    private boolean startStream() throws IOException {
        byte[] head = new byte[Compression.MAGIC_BYTES];
        int n = 0;
        while (n < head.length && raw.peek(n) >= 0) {
            head[n] = (byte) raw.peek(n);
            n++;
        }
        if (Compression.detect(head, n) != Compression.BZIP2) {
            expectEnd(Compression.MAGIC_BYTES);
            return false;
        }
        memberStarts();
        try {
            stream = new BZip2CompressorInputStream(raw, false);
        } catch (IOException | RuntimeException e) {
            throw decodingFailure(e);
        }
        return true;
    }

    /** A failure of the source passes as it is; anything else the library throws means the data is bad. */
    private IOException decodingFailure(Exception e) {
        if (raw.isSourceFailure(e)) {
            return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("nexpected end of stream")
                ? corrupt("truncated data: the input ends inside a stream")
                : corrupt("invalid bzip2 data (" + message + ")");
    }
}
