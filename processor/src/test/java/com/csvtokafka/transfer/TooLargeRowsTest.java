package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TooLargeRowsTest {
    @Test
    void aRefusedRowReadsAsPeopleWriteItNotAsARecord() {
        assertThat(new TooLargeRows.RowAt(0, 26)).hasToString("at byte offset 26");
        assertThat(new TooLargeRows.RowAt(2, 26)).hasToString("at byte offset 26 of file 3");
    }
}
