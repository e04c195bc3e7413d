package com.csvtokafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class InputSnifferTest {
    private static final String CSV = "id,name,note\n1,Zoë,\"a, b\"\n2,日本,x\n";

    @Test
    void csvTextPasses() {
        assertThatCode(() -> InputSniffer.check(bytes(CSV, StandardCharsets.UTF_8), "s3://b/k.csv")).doesNotThrowAnyException();
        assertThatCode(() -> InputSniffer.check(bytes("\ufeff" + CSV, StandardCharsets.UTF_8), "k.csv"))
                .doesNotThrowAnyException();
        assertThatCode(() -> InputSniffer.check(bytes("a;b\n\u00e9;\u00fc\n", StandardCharsets.ISO_8859_1), "k.csv"))
                .doesNotThrowAnyException();
        assertThatCode(() -> InputSniffer.check(new byte[0], "empty.csv")).doesNotThrowAnyException();
    }

    /** The bad-input corpus's nul-bytes.csv: one NUL inside a field is data, not a binary file. */
    @Test
    void aStrayNulInAFieldIsData() {
        byte[] corpusFile = bytes("id,name,note\n1,a,x\n2,\"b, c\",y\n3,\u00fc,\"z\nz\"\n4,a\0b,y\n5,d,w\n6,e,v\n",
                StandardCharsets.UTF_8);
        assertThatCode(() -> InputSniffer.check(corpusFile, "nul-bytes.csv")).doesNotThrowAnyException();
    }

    @Test
    void zipArchive() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("data.csv"));
            z.write(bytes(CSV, StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> InputSniffer.check(zip.toByteArray(), "file:///data/export.zip"))
                .isInstanceOf(NotCsvException.class)
                .hasMessageContaining("file:///data/export.zip is a ZIP archive")
                .hasMessageContaining("unzip it first")
                .hasMessageContaining("unzip -p export.zip > out.csv")
                .satisfies(e -> assertThat(((NotCsvException) e).remedy()).startsWith("unzip it first"));
    }

    @Test
    void utf16AndUtf32ByByteOrderMark() {
        for (Charset utf16 : new Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            byte[] text = bytes("\ufeff" + CSV, utf16);
            assertThatThrownBy(() -> InputSniffer.check(text, "/tmp/wide.csv"))
                    .isInstanceOf(NotCsvException.class)
                    .hasMessageContaining("is UTF-16 text")
                    .hasMessageContaining("iconv -f UTF-16 -t UTF-8 wide.csv > out.csv");
        }
        for (String name : new String[] {"UTF-32LE", "UTF-32BE"}) {
            byte[] text = bytes("\ufeff" + CSV, Charset.forName(name));
            assertThatThrownBy(() -> InputSniffer.check(text, "wide.csv"))
                    .isInstanceOf(NotCsvException.class)
                    .hasMessageContaining("is UTF-32 text")
                    .hasMessageContaining("iconv -f UTF-32 -t UTF-8 wide.csv > out.csv");
        }
    }

    @Test
    void utf16WithoutByteOrderMark() {
        assertThatThrownBy(() -> InputSniffer.check(bytes(CSV, StandardCharsets.UTF_16LE), "s3://bucket/dir/w.csv"))
                .isInstanceOf(NotCsvException.class)
                .hasMessageContaining("looks like UTF-16LE text without a byte order mark")
                .hasMessageContaining("iconv -f UTF-16LE -t UTF-8 w.csv > out.csv");
        assertThatThrownBy(() -> InputSniffer.check(bytes(CSV, StandardCharsets.UTF_16BE), "w.csv"))
                .hasMessageContaining("UTF-16BE");
    }

    @Test
    void parquet() {
        byte[] parquet = concat(bytes("PAR1", StandardCharsets.US_ASCII), new byte[] {0x15, 0x04, 0x15, 0, 0, 0, 0x1c});
        assertThatThrownBy(() -> InputSniffer.check(parquet, "s3://lake/t/part-0.parquet"))
                .isInstanceOf(NotCsvException.class)
                .hasMessageContaining("s3://lake/t/part-0.parquet is an Apache Parquet file")
                .hasMessageContaining("export it as CSV first");
    }

    @Test
    void binaryData() {
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        assertThatThrownBy(() -> InputSniffer.check(random, "binary-garbage.csv"))
                .isInstanceOf(NotCsvException.class)
                .hasMessageContaining("holds binary data (NUL bytes and control characters in its first 4096 bytes)");
        byte[] records = new byte[1000]; // fixed-width binary records: mostly NUL
        for (int i = 0; i < records.length; i += 10) {
            records[i] = (byte) i;
            records[i + 1] = 'A';
        }
        assertThatThrownBy(() -> InputSniffer.check(records, "r.csv")).hasMessageContaining("binary data");
    }

    @Test
    void compressedDataStillCompressedOrInAFormatNotRead() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(bytes(CSV, StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> InputSniffer.check(gz.toByteArray(), "double.csv.gz.gz"))
                .isInstanceOf(NotCsvException.class)
                .hasMessageContaining("is gzip-compressed data")
                .hasMessageContaining("--compression auto");
        byte[] xz = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0, 0, 4, (byte) 0xE6, (byte) 0xD6};
        assertThatThrownBy(() -> InputSniffer.check(xz, "data.csv.xz"))
                .hasMessageContaining("is xz-compressed data, a format csv-to-kafka does not decompress")
                .hasMessageContaining("recompress it with gzip, zstd or bzip2");
    }

    @Test
    void officeDocuments() {
        byte[] xls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};
        assertThatThrownBy(() -> InputSniffer.check(xls, "book.xls")).hasMessageContaining("Microsoft Office document")
                .hasMessageContaining("save it as CSV");
    }

    @Test
    void checkedStreamGivesBackEveryByte() throws IOException {
        byte[] big = new byte[InputSniffer.FIRST_BLOCK * 3 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        try (InputStream in = InputSniffer.checked(new ByteArrayInputStream(big), "big.csv")) {
            assertThat(in.readAllBytes()).isEqualTo(big);
        }
        assertThatThrownBy(() -> InputSniffer.checked(new ByteArrayInputStream(bytes("PAR1xxxx", StandardCharsets.US_ASCII)),
                "p.parquet")).isInstanceOf(NotCsvException.class);
    }

    private static byte[] bytes(String s, Charset charset) {
        return s.getBytes(charset);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
