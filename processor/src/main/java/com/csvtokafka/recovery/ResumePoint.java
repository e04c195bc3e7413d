package com.csvtokafka.recovery;

/**
 * Where a run starts: the byte offset of the next row, its number, and the job's totals so far.
 *
 * @param nextRow the number of the row at {@code byteOffset} (0 is the header row of a fresh start with a header)
 */
public record ResumePoint(long byteOffset, long nextRow, long sent, long skipped, boolean fresh) {

    public static ResumePoint start(boolean header) {
        return new ResumePoint(0, header ? 0 : 1, 0, 0, true);
    }
}
