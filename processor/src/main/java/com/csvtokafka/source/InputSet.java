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
    /** The inputs a job reads: {@code [first, end)}; all of them, or one for a job of {@link #only} one input. */
    private final int first;
    private final int end;
    private String digest;

    public InputSet(String uri, List<SourceInfo> inputs) {
        this.uri = uri;
        this.inputs = List.copyOf(inputs);
        this.starts = new long[this.inputs.size() + 1];
        for (int i = 0; i < this.inputs.size(); i++) {
            starts[i + 1] = starts[i] + this.inputs.get(i).size();
        }
        this.first = 0;
        this.end = this.inputs.size();
    }

    private InputSet(InputSet whole, int index) {
        this.uri = whole.uri;
        this.inputs = whole.inputs;
        this.starts = whole.starts;
        this.first = index;
        this.end = index + 1;
    }

    /**
     * The job that moves input {@code index} of this set and nothing else, keeping its index (a Kafka source's
     * partition copy: input = source partition). It reads as a one-input job: its summary is the input's own.
     */
    public InputSet only(int index) {
        if (index < 0 || index >= inputs.size()) {
            throw new IllegalArgumentException("no input " + index + " in a set of " + inputs.size());
        }
        return new InputSet(this, index);
    }

    /** The first input the job reads. */
    public int first() {
        return first;
    }

    /** Past the last input the job reads. */
    public int end() {
        return end;
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
        return end - first == inputs.size() && !(inputs.size() == 1 && inputs.get(0).uri().equals(uri));
    }

    public int size() {
        return inputs.size();
    }

    public SourceInfo get(int index) {
        return inputs.get(index);
    }

    /** The bytes of the inputs the job reads. */
    public long totalBytes() {
        return starts[end] - starts[first];
    }

    /** The bytes the job reads before input {@code index}: where input {@code index} starts in what it reads. */
    public long bytesBefore(int index) {
        return starts[Math.max(first, Math.min(index, end))] - starts[first];
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
        return isSet() ? new SourceInfo(uri, totalBytes(), "set=" + digest() + ";files=" + size()) : inputs.get(first);
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
            return inputs.get(first).uri();
        }
        return "file " + (index + 1) + " of " + size() + (index < size() ? " (" + inputs.get(index).uri() + ")" : "");
    }
}
