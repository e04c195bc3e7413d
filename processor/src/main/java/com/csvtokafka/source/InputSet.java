package com.csvtokafka.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A job's ordered input set, pinned when the job starts: each input's URI, size and version. One job moves the set
 * file after file, in this order, into its partition. A one-file job is a set of one whose URI is the file's.
 *
 * <p>{@link #uri()} is what the job was given (the file, the prefix or directory, or the manifest); {@link #inputs()}
 * the inputs in order.
 */
public final class InputSet {
    private final String uri;
    private final List<SourceInfo> inputs;
    /** Where each input starts in the whole set (bytes before it): a set of 100,000 files is walked once. */
    private final long[] starts;
    private String digest;

    public InputSet(String uri, List<SourceInfo> inputs) {
        this.uri = uri;
        this.inputs = List.copyOf(inputs);
        this.starts = new long[this.inputs.size() + 1];
        for (int i = 0; i < this.inputs.size(); i++) {
            starts[i + 1] = starts[i] + this.inputs.get(i).size();
        }
    }

    public String uri() {
        return uri;
    }

    public List<SourceInfo> inputs() {
        return inputs;
    }

    /** The set of one file. */
    public static InputSet single(SourceInfo file) {
        return new InputSet(file.uri(), List.of(file));
    }

    /** True for a prefix, directory or manifest (even of one file); false for a one-file job. */
    public boolean isSet() {
        return !(inputs.size() == 1 && inputs.get(0).uri().equals(uri));
    }

    public int size() {
        return inputs.size();
    }

    public SourceInfo get(int index) {
        return inputs.get(index);
    }

    public long totalBytes() {
        return starts[inputs.size()];
    }

    /** The bytes of the inputs before {@code index}: where input {@code index} starts in the whole set. */
    public long bytesBefore(int index) {
        return starts[Math.max(0, Math.min(index, inputs.size()))];
    }

    /** A SHA-256 of the pinned list (URIs, sizes, versions): anchors carry it, so a topic names its set. */
    public synchronized String digest() {
        if (digest == null) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(encode().getBytes(StandardCharsets.UTF_8));
                digest = HexFormat.of().formatHex(hash, 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return digest;
    }

    /**
     * The set as one source, as the checkpoint records it: the job's URI, the total size, and as version the set's
     * digest and size ({@code set=DIGEST;files=N}). A one-file job is its file.
     */
    public SourceInfo summary() {
        return isSet() ? new SourceInfo(uri, totalBytes(), "set=" + digest() + ";files=" + size()) : inputs.get(0);
    }

    /** One line per input: {@code size TAB version TAB uri}. */
    public String encode() {
        StringBuilder out = new StringBuilder();
        for (SourceInfo i : inputs) {
            out.append(i.size()).append('\t').append(i.version()).append('\t').append(i.uri()).append('\n');
        }
        return out.toString();
    }

    public static InputSet decode(String uri, String text) {
        List<SourceInfo> inputs = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", 3);
            inputs.add(new SourceInfo(f[2], Long.parseLong(f[0]), f[1]));
        }
        return new InputSet(uri, inputs);
    }

    /** {@code file 3 of 20 (s3://b/p/part-00002.csv.gz)}, or the file's URI for a one-file job. */
    public String describe(int index) {
        if (!isSet()) {
            return inputs.get(0).uri();
        }
        return "file " + (index + 1) + " of " + size() + (index < size() ? " (" + inputs.get(index).uri() + ")" : "");
    }
}
