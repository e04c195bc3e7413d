package com.csvtokafka.shard;

import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;
import java.io.IOException;
import java.io.InputStream;

/**
 * A shard's view of the job's source: its share of the pinned input set, read through the job's source. The
 * engine pins and reads it as it would any source, so a shard is an ordinary job over its share.
 */
final class ShareSource implements Source {
    private final Source source;
    private final InputSet share;

    ShareSource(Source source, InputSet share) {
        this.source = source;
        this.share = share;
    }

    @Override
    public SourceInfo describe() {
        return share.summary();
    }

    @Override
    public InputSet pin(String pinnedVersion) {
        return share;
    }

    @Override
    public InputStream open(SourceInfo info, long offset) throws IOException {
        return source.open(info, offset);
    }

    @Override
    public InputStream openStart(SourceInfo info, long length) throws IOException {
        return source.openStart(info, length);
    }

    @Override
    public void onReopen(ReopenListener listener) {
        source.onReopen(listener);
    }

    /** The job's source is closed by whoever opened it. */
    @Override
    public void close() {
    }
}
