package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class RowRecordTest {

    @Test
    void headersAddRemoveAndFindAsKafkasOwn() {
        RowRecord record = new RowRecord("t", 0, null, new byte[] {'v'}, new RowRecord.ArrayHeaders(new RecordHeader("csv.row", b("7"))));
        Headers headers = record.headers();
        headers.add("csv.offset", b("42")).add("csv.row", b("8"));
        assertThat(keys(headers.toArray())).containsExactly("csv.row", "csv.offset", "csv.row");
        assertThat(headers.lastHeader("csv.row").value()).isEqualTo(b("8"));
        assertThat(headers.headers("csv.row")).extracting(Header::value).containsExactly(b("7"), b("8"));
        headers.remove("csv.row");
        assertThat(keys(headers.toArray())).containsExactly("csv.offset");
        assertThat(headers.lastHeader("csv.row")).isNull();
        assertThat(headers).extracting(Header::key).containsExactly("csv.offset");
        assertThat(record.headers()).isSameAs(headers);
    }

    @Test
    void toArrayIsExactlyTheHeaders() {
        assertThat(new RowRecord.ArrayHeaders().toArray()).isEmpty();
        assertThat(new RowRecord.ArrayHeaders(new RecordHeader("csv.row", b("1"))).toArray()).hasSize(1);
    }

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String[] keys(Header[] headers) {
        return java.util.Arrays.stream(headers).map(Header::key).toArray(String[]::new);
    }
}
