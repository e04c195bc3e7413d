package com.csvtokafka.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRowEncoderTest {

    private static String encode(String csvRow, CsvDialect dialect, List<String> header) throws IOException {
        Row row = new Row();
        try (RowFramer framer = new RowFramer(new ByteArrayInputStream(csvRow.getBytes(dialect.charset())), 0, 1,
                dialect, 1 << 20)) {
            assertThat(framer.next(row)).isTrue();
        }
        return new String(new JsonRowEncoder(dialect, header).encode(row), StandardCharsets.UTF_8);
    }

    @Test
    void objectInHeaderOrderWithQuotesAndEscapes() throws IOException {
        String json = encode("1,\"a, \"\"b\"\"\",\"x\ny\",tab\there,back\\slash,ü", CsvDialect.RFC4180,
                List.of("id", "q", "nl", "t", "bs", "u"));
        assertThat(json).isEqualTo("{\"id\":\"1\",\"q\":\"a, \\\"b\\\"\",\"nl\":\"x\\ny\",\"t\":\"tab\\there\","
                + "\"bs\":\"back\\\\slash\",\"u\":\"ü\"}");
    }

    @Test
    void arrayWithoutHeaderAndEmptyFields() throws IOException {
        assertThat(encode(",\"\",x,", CsvDialect.RFC4180, null)).isEqualTo("[\"\",\"\",\"x\",\"\"]");
    }

    @Test
    void otherEncodingsAreTranscodedToUtf8() throws IOException {
        CsvDialect latin1 = CsvDialect.of(';', '"', Charset.forName("ISO-8859-1"), true);
        assertThat(encode("caf\u00e9;\"a;b\"", latin1, List.of("w", "v"))).isEqualTo("{\"w\":\"café\",\"v\":\"a;b\"}");
    }

    @Test
    void controlCharactersAreEscaped() throws IOException {
        assertThat(encode("\"a\u0001b\"", CsvDialect.RFC4180, null)).isEqualTo("[\"a\\u0001b\"]");
    }
}
