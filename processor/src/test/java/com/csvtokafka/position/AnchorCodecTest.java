package com.csvtokafka.position;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class AnchorCodecTest {
    private final AnchorCodec codec = new AnchorCodec("job-1", "s3://b/k.csv", "etag=\"x\"", null);

    @Test
    void anAnchorReadsBackAsThePositionItWasWrittenWith() {
        for (Headers start : new Headers[] {new RecordHeaders(), new RecordHeaders(new org.apache.kafka.common.header.Header[] {
                AnchorCodec.rowHeader(41)}), new RecordHeaders(codec.positionSet(41, 4000, 4100))}) {
            Position resume = Position.plain(0, 4321, 44, 41, 2);
            codec.writeAnchor(start, 41, 4000, resume);
            assertThat(AnchorCodec.isAnchorOf(start, "job-1")).isTrue();
            assertThat(AnchorCodec.isAnchorOf(start, "job-2")).isFalse();
            Anchor a = AnchorCodec.read(start, 99);
            assertThat(a).isEqualTo(new Anchor("job-1", 41, 4000, resume, "s3://b/k.csv", "etag=\"x\"", null, 2, 99));
            assertThat(start.headers(AnchorCodec.ROW)).as("one row header, whatever the mode").hasSize(1);
        }
    }

    @Test
    void anAnchorReplacesOnlyThePositionHeadersTheCodecPutThereNeverARecordsOwnOfTheSameName() {
        // a record copied from a topic this tool wrote: its own csv.row and csv.job came with it, last
        Header[] own = {new RecordHeader("trace", utf8("t")), new RecordHeader(AnchorCodec.ROW, utf8("7")),
            new RecordHeader(AnchorCodec.JOB, utf8("upstream"))};
        for (boolean rowMode : new boolean[] {false, true}) {
            Headers h = new RecordHeaders(own);
            if (rowMode) {
                h.add(AnchorCodec.rowHeader(41));
            }
            codec.writeAnchor(h, 41, 4000, Position.plain(0, 4001, 42, 41, 0));
            Header[] all = h.toArray();
            assertThat(Arrays.copyOf(all, 3)).as("the record's own headers, first and unchanged")
                    .containsExactly(own);
            assertThat(h.headers(AnchorCodec.ROW)).as("its own csv.row and the anchor's").hasSize(2);
            assertThat(AnchorCodec.read(h, 9).next()).isEqualTo(Position.plain(0, 4001, 42, 41, 0));
            assertThat(AnchorCodec.isAnchorOf(h, "job-1")).isTrue();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aResetJobsAnchorsCarryTheirGenerationAndGenerationZeroWritesNoHeader() {
        Headers reset = new RecordHeaders();
        new AnchorCodec("job-1", "s3://b/k.csv", "e", null, 1_765_000_000_000L)
                .writeAnchor(reset, 1, 10, Position.plain(0, 20, 2, 1, 0));
        assertThat(AnchorCodec.read(reset, 0).generation()).isEqualTo(1_765_000_000_000L);
        assertThat(AnchorCodec.string(reset, AnchorCodec.GEN)).contains("1765000000000");

        Headers never = new RecordHeaders();
        codec.writeAnchor(never, 1, 10, Position.plain(0, 20, 2, 1, 0));
        assertThat(never.lastHeader(AnchorCodec.GEN)).as("as earlier releases wrote it").isNull();
        assertThat(AnchorCodec.read(never, 0).generation()).isZero();
    }

    @Test
    void aCompressedInputsSeekPointTravelsWithTheAnchor() {
        Headers h = new RecordHeaders();
        Position resume = new Position(3, 10_000, 200, 150, 0, new Position.Seek(2_048, 8_192));
        new AnchorCodec("job-1", "s3://b/p/part-3.csv.gz", "e", "0123abcd").writeAnchor(h, 199, 9_900, resume);
        assertThat(AnchorCodec.read(h, 5).next()).isEqualTo(resume);
        assertThat(AnchorCodec.read(h, 5).set()).isEqualTo("0123abcd");
    }

    @Test
    void recordsThatOnlyCarryTheJobAreNotAnchors() {
        // --headers all: every record carries the job id, only a transaction's last one is an anchor
        Headers h = new RecordHeaders(codec.positionSet(1, 0, 10));
        assertThat(AnchorCodec.isAnchorOf(h, "job-1")).isFalse();
    }

    /** The exact headers 0.1 wrote on a transaction's last record with --headers row (its only layout version). */
    @Test
    void anchorsWrittenBy01ReadAsFormat1() {
        Headers h = new RecordHeaders();
        add(h, "csv.row", "41");
        add(h, "csv.offset", "4000");
        add(h, "csv.source", "s3://b/k.csv");
        add(h, "csv.version", "etag=\"x\"");
        add(h, "csv.job", "job-1");
        add(h, "csv.next", "4321");
        add(h, "csv.sent", "41");
        add(h, "csv.skipped", "2");
        add(h, "csv.next.row", "44");
        assertThat(AnchorCodec.isAnchorOf(h, "job-1")).isTrue();
        Anchor a = AnchorCodec.read(h, 7);
        assertThat(a.format()).isEqualTo(1);
        assertThat(a.next()).isEqualTo(Position.plain(0, 4321, 44, 41, 2));

        // the earliest 0.1 anchors had neither csv.next.row nor csv.skipped
        h.remove("csv.next.row");
        h.remove("csv.skipped");
        assertThat(AnchorCodec.read(h, 7).next()).isEqualTo(Position.plain(0, 4321, 42, 41, 0));
    }

    @Test
    void asciiIsTheDecimalDigits() {
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong() >>> random.nextInt(64);
            assertThat(new String(AnchorCodec.ascii(v), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }

    private static void add(Headers h, String key, String value) {
        h.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
