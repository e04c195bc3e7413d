package com.csvtokafka.shard;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.compress.Compression;
import com.csvtokafka.compress.DecodedInput;
import com.csvtokafka.compress.Seek;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.RangeStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The planning pass against a reference: the file framed whole. Every split must be a row boundary of the whole
 * file with its row number, and the shards' ranges read one after the other must give the file's rows exactly.
 */
class ShardPlannerTest {
    private static final CsvDialect HEADER = CsvDialect.of(',', '"', StandardCharsets.UTF_8, true);
    private static final CsvDialect NO_HEADER = CsvDialect.of(',', '"', StandardCharsets.UTF_8, false);

    /** A framed row: number, offset, bytes. */
    private record Framed(long number, long offset, String text) {
    }

    @Test
    void quotedNewlinesRightAtTheWouldBeSplitPointsAreNeverSplit() throws IOException {
        // one long quoted field full of line breaks spans each place size*k/4 falls on
        StringBuilder csv = new StringBuilder("id,text\n");
        int id = 0;
        for (int block = 0; block < 4; block++) {
            csv.append(++id).append(",short\n");
            csv.append(++id).append(",\"").append("line\n".repeat(200)).append("\"\"quoted\"\"\r\nend\"\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        List<Position> splits = split(bytes, Compression.NONE, HEADER, 4);
        List<Framed> whole = frame(bytes, HEADER);
        for (int k = 1; k < 4; k++) {
            long target = (long) bytes.length * k / 4;
            assertThat(bytes[(int) target - 1]).as("the target is inside a quoted field").isNotEqualTo((byte) '\n');
        }
        assertRowBoundaries(splits, whole);
        assertThat(splits).extracting(Position::row).doesNotHaveDuplicates();
        assertThat(readShards(bytes, splits, HEADER)).isEqualTo(dataRows(whole, HEADER));
    }

    @Test
    void randomFilesSplitAtRowBoundariesWithinARowOfTheTarget() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 60; round++) {
            boolean header = random.nextBoolean();
            CsvDialect dialect = header ? HEADER : NO_HEADER;
            byte[] bytes = randomCsv(random, 1 + random.nextInt(400), random.nextBoolean(), header);
            int count = 1 + random.nextInt(8);
            List<Position> splits = split(bytes, Compression.NONE, dialect, count);
            List<Framed> whole = frame(bytes, dialect);
            assertThat(splits).hasSize(count - 1);
            assertRowBoundaries(splits, whole);
            int longest = whole.stream().mapToInt(r -> r.text().length() + 2).max().orElse(0);
            for (int k = 1; k < count; k++) {
                long target = (long) bytes.length * k / count;
                Position s = splits.get(k - 1);
                assertThat(s.offset()).isGreaterThanOrEqualTo(Math.min(target, bytes.length));
                assertThat(s.offset() - target).as("split %d of %d", k, count).isLessThanOrEqualTo(longest);
                assertThat(s.seek()).isEqualTo(Position.Seek.plain(s.offset()));
            }
            assertThat(readShards(bytes, splits, dialect)).isEqualTo(dataRows(whole, dialect));
        }
    }

    @Test
    void crlfRowsSplitAfterTheLineFeed() throws IOException {
        byte[] bytes = ("id,v\r\n1,a\r\n2,\"x\r\ny\"\r\n3,c\r\n4,d\r\n5,e\r\n")
                .getBytes(StandardCharsets.UTF_8);
        List<Position> splits = split(bytes, Compression.NONE, HEADER, 3);
        for (Position s : splits) {
            assertThat(bytes[(int) s.offset() - 1]).isEqualTo((byte) '\n');
            assertThat(bytes[(int) s.offset() - 2]).isEqualTo((byte) '\r');
        }
        assertRowBoundaries(splits, frame(bytes, HEADER));
        assertThat(readShards(bytes, splits, HEADER)).isEqualTo(dataRows(frame(bytes, HEADER), HEADER));
    }

    @Test
    void withoutAHeaderRowsAreNumberedFromOne() throws IOException {
        byte[] bytes = "a\nb\nc\nd\n".getBytes(StandardCharsets.UTF_8);
        List<Position> splits = split(bytes, Compression.NONE, NO_HEADER, 2);
        assertThat(splits).containsExactly(Position.plain(0, 4, 3, 0, 0));
        assertThat(readShards(bytes, splits, NO_HEADER)).extracting(Framed::number).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aFileWithFewerRowsThanShardsLeavesShardsEmpty() throws IOException {
        byte[] bytes = "id\n1\n2".getBytes(StandardCharsets.UTF_8); // no line end after the last row
        List<Position> splits = split(bytes, Compression.NONE, HEADER, 5);
        // targets 1, 2, 3, 4 of 6 bytes: row 1 (offset 3) three times, then row 2 (offset 5)
        assertThat(splits).extracting(Position::offset).containsExactly(3L, 3L, 3L, 5L);
        assertThat(splits).extracting(Position::row).containsExactly(1L, 1L, 1L, 2L);
        List<List<Framed>> shards = readEachShard(bytes, splits, HEADER);
        assertThat(shards).extracting(List::size).containsExactly(0, 0, 0, 1, 1);
        // one row, three shards (targets 1 and 3 of 5 bytes): the last shard has the row, the others nothing
        byte[] one = "id\n1\n".getBytes(StandardCharsets.UTF_8);
        List<Position> oneRow = split(one, Compression.NONE, HEADER, 3);
        assertThat(oneRow).extracting(Position::offset).containsExactly(3L, 3L);
        assertThat(readEachShard(one, oneRow, HEADER)).extracting(List::size).containsExactly(0, 0, 1);
        assertThat(split("id\n".getBytes(StandardCharsets.UTF_8), Compression.NONE, HEADER, 3))
                .containsExactly(Position.plain(0, 3, 1, 0, 0), Position.plain(0, 3, 1, 0, 0));
    }

    @Test
    void aCompressedFileSplitsOnDecodedOffsetsWithTheMemberStartToDecodeFrom() throws IOException {
        Random random = new Random(3);
        byte[] plain = randomCsv(random, 3000, true, true);
        // gzip members of about 4 KiB each, cut anywhere (inside rows too)
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        List<long[]> members = new ArrayList<>(); // raw start, decoded start
        for (int at = 0; at < plain.length; at += 4096) {
            members.add(new long[] {gz.size(), at});
            ByteArrayOutputStream member = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(member)) {
                out.write(plain, at, Math.min(4096, plain.length - at));
            }
            gz.write(member.toByteArray());
        }
        byte[] compressed = gz.toByteArray();
        List<Position> splits = split(compressed, Compression.AUTO, HEADER, 4);
        assertThat(splits).isEqualTo(split(plain, Compression.NONE, HEADER, 4).stream()
                .map(p -> {
                    long[] member = members.stream().filter(m -> m[1] <= p.offset()).reduce((a, b) -> b).orElseThrow();
                    return new Position(0, p.offset(), p.row(), 0, 0, new Position.Seek(member[0], member[1]));
                }).toList());
        for (Position s : splits) { // each shard's first row is reached by decoding from its member
            try (DecodedInput in = DecodedInput.open(offset -> stream(compressed, offset), Compression.GZIP,
                    new Seek(s.seek().raw(), s.seek().decoded()), s.offset());
                 RowFramer framer = new RowFramer(in, s.offset(), s.row(), HEADER, 1 << 20)) {
                Row row = new Row();
                assertThat(framer.next(row)).isTrue();
                assertThat(row.offset()).isEqualTo(s.offset());
                assertThat(row.number()).isEqualTo(s.row());
            }
        }
    }

    @Test
    void manyRowsAreSampledEvenlyAndStillSplitNearTheTargets() throws IOException {
        StringBuilder csv = new StringBuilder("id,v\n");
        for (int i = 1; i <= 100_000; i++) {
            csv.append(i).append(",value-").append(i % 97).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        List<Position> splits = split(bytes, Compression.NONE, HEADER, 4);
        assertRowBoundaries(splits, frame(bytes, HEADER));
        for (int k = 1; k < 4; k++) {
            long target = (long) bytes.length * k / 4;
            // 100,000 rows kept as every 16th: within 16 rows of the target
            assertThat(splits.get(k - 1).offset() - target).isBetween(0L, 16L * 20);
        }
    }

    private static List<Position> split(byte[] bytes, Compression compression, CsvDialect dialect, int count)
            throws IOException {
        return ShardPlanner.split(offset -> stream(bytes, offset), compression, dialect, 1 << 20, count, () -> { });
    }

    private static InputStream stream(byte[] bytes, long offset) {
        return new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
    }

    private static void assertRowBoundaries(List<Position> splits, List<Framed> whole) {
        long end = whole.isEmpty() ? 0 : whole.get(whole.size() - 1).offset();
        for (Position s : splits) {
            Framed row = whole.stream().filter(r -> r.offset() == s.offset()).findFirst().orElse(null);
            if (row != null) {
                assertThat(row.number()).as("row at offset %d", s.offset()).isEqualTo(s.row());
                assertThat(row.number()).as("the header row is never a split").isGreaterThanOrEqualTo(1);
            } else {
                assertThat(s.offset()).as("a split that is no row's start is the end of the file").isGreaterThan(end);
            }
        }
        for (int i = 1; i < splits.size(); i++) {
            assertThat(splits.get(i).offset()).isGreaterThanOrEqualTo(splits.get(i - 1).offset());
        }
    }

    private static List<Framed> frame(byte[] bytes, CsvDialect dialect) throws IOException {
        return frame(new ByteArrayInputStream(bytes), 0, dialect.header() ? 0 : 1, dialect);
    }

    private static List<Framed> frame(InputStream in, long offset, long row, CsvDialect dialect) throws IOException {
        List<Framed> rows = new ArrayList<>();
        try (RowFramer framer = new RowFramer(in, offset, row, dialect, 1 << 20)) {
            Row r = new Row();
            while (framer.next(r)) {
                rows.add(new Framed(r.number(), r.offset(), new String(r.copyBytes(), StandardCharsets.UTF_8)));
            }
        }
        return rows;
    }

    private static List<Framed> dataRows(List<Framed> rows, CsvDialect dialect) {
        return rows.stream().filter(r -> r.number() >= 1).toList();
    }

    /** Each shard's rows as a shard reads them: from its start (a resume) up to the next shard's first row. */
    private static List<List<Framed>> readEachShard(byte[] bytes, List<Position> splits, CsvDialect dialect)
            throws IOException {
        List<List<Framed>> shards = new ArrayList<>();
        for (int k = 0; k <= splits.size(); k++) {
            long start = k == 0 ? 0 : splits.get(k - 1).offset();
            long row = k == 0 ? (dialect.header() ? 0 : 1) : splits.get(k - 1).row();
            long end = k == splits.size() ? Long.MAX_VALUE : splits.get(k).offset();
            InputStream in = RangeStream.of(stream(bytes, start), end == Long.MAX_VALUE ? end : end - start);
            shards.add(dataRows(frame(in, start, row, dialect), dialect));
        }
        return shards;
    }

    private static List<Framed> readShards(byte[] bytes, List<Position> splits, CsvDialect dialect) throws IOException {
        return readEachShard(bytes, splits, dialect).stream().flatMap(List::stream).toList();
    }

    /** Rows of 1-3 fields, some quoted with delimiters, doubled quotes, CR, LF and CRLF inside. */
    static byte[] randomCsv(Random random, int rows, boolean crlf, boolean header) {
        StringBuilder out = new StringBuilder();
        String end = crlf ? "\r\n" : "\n";
        if (header) {
            out.append("a,b,c").append(end);
        }
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < 3; f++) {
                if (f > 0) {
                    out.append(',');
                }
                switch (random.nextInt(4)) {
                    case 0 -> out.append(i);
                    case 1 -> out.append("\"q\n").append("x".repeat(random.nextInt(30))).append("\r\n,\"\"\"");
                    case 2 -> out.append("w".repeat(random.nextInt(60)));
                    default -> out.append("\"").append("\n".repeat(1 + random.nextInt(3))).append("\"");
                }
            }
            if (i < rows - 1 || random.nextBoolean()) {
                out.append(end);
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
