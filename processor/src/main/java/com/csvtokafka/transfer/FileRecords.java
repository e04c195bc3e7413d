package com.csvtokafka.transfer;

import com.csvtokafka.position.ByteRange;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.RecordSource;
import com.csvtokafka.source.RecordSourceException;
import com.csvtokafka.source.Source;
import java.io.IOException;
import java.util.List;

/**
 * The records of a job's pinned files (docs/architecture.md, "Record sources"): each input opened through a
 * {@link RowPipeline} (decode, sniff, frame, encode) at a Position whose offset is a byte of the decoded file; a
 * shard of one big file reads its byte range only.
 */
final class FileRecords implements RecordSource {
    private final Source source;
    private final InputSet inputs;
    private final ByteRange range;
    private final JobConfig config;
    private final TopicLimits limits;
    private final TooLargeRows tooLarge;

    /** @param range the shard's byte range of its one input, or null for inputs moved whole */
    FileRecords(Source source, InputSet inputs, ByteRange range, JobConfig config, TopicLimits limits,
                TooLargeRows tooLarge) {
        this.source = source;
        this.inputs = inputs;
        this.range = range;
        this.config = config;
        this.limits = limits;
        this.tooLarge = tooLarge;
    }

    /** The input's first byte: its header row when the files have one, else its first data row. */
    @Override
    public Position start(int index) {
        return Position.plain(index, 0, config.dialect().header() ? 0 : 1, 0, 0);
    }

    @Override
    public RowPipeline open(Position from) throws IOException, RecordSourceException {
        long end = range == null ? ByteRange.TO_THE_END : range.end();
        return RowPipeline.open(source, inputs.get(from.input()), from, end, config, limits, tooLarge);
    }

    @Override
    public List<String> header(int index) throws IOException, RecordSourceException {
        return RowPipeline.header(source, inputs.get(index), config);
    }

    /** A plain position past its file's size; a compressed one's offset counts decoded bytes, which can be more. */
    @Override
    public boolean pastEnd(Position at) {
        return at.input() > inputs.size() || (at.input() < inputs.size() && at.seek().isPlain(at.offset())
                && at.offset() > inputs.get(at.input()).size());
    }
}
