package com.csvtokafka.position;

/**
 * Where a job stands: the one position type of the engine (docs/architecture.md, "Position"). Recovery, the
 * checkpoint, the anchor headers, progress, status and error messages all speak it.
 *
 * <p>A Position always describes a row boundary: the next row to read and how much of the job is done before it.
 * Read source-neutrally (docs/architecture.md, "Record sources"), it says where the next record starts in input
 * {@code input}: for files a byte offset of the decoded input, for a Kafka partition as source the next source
 * offset (input = source partition, seek plain).
 *
 * @param input   index of the input in the job's pinned input set (0 for a one-file job)
 * @param offset  byte offset in that input's decoded stream where the next row starts
 * @param row     the number of the row at {@code offset} within its input (1-based data rows; 0 is the header row
 *                of an input read from its start)
 * @param sent    records this job has committed to Kafka before this position, over the whole input set
 * @param skipped bad rows handled (skipped or dead-lettered) before this position, over the whole input set
 * @param seek    where a reader can start decoding to reach {@code offset}: the offset itself for plain inputs, a
 *                member or frame start for compressed ones
 */
public record Position(int input, long offset, long row, long sent, long skipped, Seek seek) {

    public Position {
        if (input < 0 || offset < 0 || row < 0 || sent < 0 || skipped < 0) {
            throw new IllegalArgumentException("negative position: " + input + "/" + offset + "/" + row + "/" + sent
                    + "/" + skipped);
        }
        if (seek == null || seek.decoded() > offset) {
            throw new IllegalArgumentException("seek " + seek + " is past offset " + offset);
        }
    }

    /**
     * A decoder restart point: the input is opened at raw byte {@code raw}, which decodes to offset {@code decoded};
     * bytes up to the position's offset are then decoded and skipped. Plain inputs seek to the offset itself.
     */
    public record Seek(long raw, long decoded) {
        public static Seek plain(long offset) {
            return new Seek(offset, offset);
        }

        public boolean isPlain(long offset) {
            return raw == offset && decoded == offset;
        }
    }

    /** The start of a job: the first input's first byte (its header row, when the file has one). */
    public static Position start(boolean header) {
        return new Position(0, 0, header ? 0 : 1, 0, 0, Seek.plain(0));
    }

    /** A plain input's position (the reader can open the input right at {@code offset}). */
    public static Position plain(int input, long offset, long row, long sent, long skipped) {
        return new Position(input, offset, row, sent, skipped, Seek.plain(offset));
    }

    /** True when this position comes before {@code other} in the job's input (by input, then byte offset). */
    public boolean before(Position other) {
        return input < other.input || (input == other.input && offset < other.offset);
    }

    /** True when the row of input {@code rowInput} starting at byte {@code rowOffset} comes before this position. */
    public boolean after(int rowInput, long rowOffset) {
        return rowInput < input || (rowInput == input && rowOffset < offset);
    }

    /** This place in the input with other counts: {@code sent} and {@code skipped} records before it. */
    public Position withCounts(long sent, long skipped) {
        return new Position(input, offset, row, sent, skipped, seek);
    }

    /** True at the very start of an input: its header row (if any) is the next thing read. */
    public boolean atInputStart() {
        return offset == 0;
    }

    /** The last row handled before this position (0 when none). */
    public long lastRow() {
        return Math.max(0, row - 1);
    }

    /** For messages: {@code row 41 (byte offset 1234)}, with the input's index when the job has several. */
    public String describe() {
        return "row " + row + " (byte offset " + offset + ")";
    }
}
