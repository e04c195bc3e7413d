package com.csvtokafka.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Zstandard (RFC 8878) with zstd-jni's streaming decompression context: any number of frames (as {@code cat},
 * {@code pzstd} and {@code zstd -T0} write them), skippable frames included.
 *
 * <p>{@link ZstdDecompressCtx#decompressDirectByteBufferStream} returns true exactly when a frame has been decoded
 * and flushed ({@code ZSTD_decompressStream} returned 0), with the input positioned just after that frame, so every
 * frame's compressed start offset is known exactly. ({@code ZstdInputStream} hides frame ends, hence the context.)
 * The context needs direct buffers: {@code src} holds a copy of the first bytes the raw reader has not consumed,
 * and the raw reader is advanced by what the context consumed, so its position is always the exact compressed
 * position.
 *
 * <p>Frames whose window is larger than zstd's default decoding limit (128 MiB: {@code --long=28} and up) are
 * refused with the library's message, as the {@code zstd} tool refuses them without {@code --memory}.
 */
final class ZstdDecoder extends Decoder {
    private static final int IN_SIZE = 1 << 17;
    private static final int OUT_SIZE = 1 << 17;

    private final ZstdDecompressCtx ctx = new ZstdDecompressCtx();
    /** Invariant: its remaining bytes are the first {@code src.remaining()} unconsumed bytes of the raw reader. */
    private final ByteBuffer src = ByteBuffer.allocateDirect(IN_SIZE).limit(0);
    /** Decoded bytes not yet handed on. */
    private final ByteBuffer dst = ByteBuffer.allocateDirect(OUT_SIZE).limit(0);
    private final byte[] head = new byte[4];
    private boolean atFrameStart = true;
    /** The last call filled the output: the context may hold more decoded bytes, to be had without more input. */
    private boolean outputWasFull;
    private boolean end;

    ZstdDecoder(InputStream in, Seek from, SeekTable seeks) {
        super(Compression.ZSTD, in, from, seeks);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!dst.hasRemaining()) {
            if (end || !decode()) {
                end = true;
                return -1;
            }
        }
        int n = Math.min(len, dst.remaining());
        dst.get(b, off, n);
        return n;
    }

    /** Decodes the next piece into {@code dst} (possibly nothing); false at the end of the input. */
    private boolean decode() throws IOException {
        if (atFrameStart) {
            int n = 0;
            while (n < 4 && raw.peek(n) >= 0) {
                head[n] = (byte) raw.peek(n);
                n++;
            }
            if (Compression.detect(head, n) != Compression.ZSTD) {
                src.limit(0);
                expectEnd(4);
                return false;
            }
            memberStarts();
            atFrameStart = false;
        }
        if (!src.hasRemaining()) {
            if (raw.buffered() == 0 && !outputWasFull && !raw.fill()) {
                throw corrupt("truncated data: the input ends inside a frame");
            }
            src.clear();
            src.put(raw.buf, raw.pos, Math.min(raw.buffered(), IN_SIZE)).flip();
        }
        int before = src.position();
        dst.clear();
        boolean frameDone;
        try {
            frameDone = ctx.decompressDirectByteBufferStream(dst, src);
        } catch (ZstdException e) {
            throw corrupt("invalid zstd data (" + describe(e) + ")");
        }
        raw.pos += src.position() - before;
        outputWasFull = !dst.hasRemaining();
        dst.flip();
        decoded += dst.remaining();
        atFrameStart = frameDone;
        return true;
    }

    /**
     * The library's name for the error. zstd-jni's streaming call builds its exception's message from the error
     * code with the wrong sign ("No error detected"), and the sign differs between its versions: the name is looked
     * up again here from the code's magnitude.
     */
    private static String describe(ZstdException e) {
        long code = Math.abs(e.getErrorCode());
        String name = code == 0 ? String.valueOf(e.getMessage()) : Zstd.getErrorName(-code);
        if (code == Zstd.errFrameParameterWindowTooLarge()) {
            name += "; it was compressed with a window over 128 MiB (zstd --long=28 or more): recompress it without"
                    + " --long, or with --long=27";
        }
        return name;
    }

    @Override
    public void close() throws IOException {
        ctx.close();
        super.close();
    }
}
