package com.csvtokafka.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvColumns;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.transfer.JobConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnViewTest {
    private static final List<String> HEADER = List.of("id", "name", "city");

    @Test
    void renamesThenChoosesAndOrdersColumnsByNewOrOriginalName() throws Exception {
        ColumnView view = ColumnView.of(HEADER, Map.of("name", "who"), List.of("city", "who", "id"));
        assertThat(view.names()).containsExactly("city", "who", "id");
        assertThat(view.selected()).containsExactly(2, 1, 0);
        assertThat(view.indexOf("name")).isEqualTo(1);
        assertThat(view.indexOf("who")).isEqualTo(1);
        assertThat(view.identity()).isFalse();
        assertThat(ColumnView.of(HEADER, Map.of(), List.of()).identity()).isTrue();
    }

    @Test
    void unknownColumnsAreConfigurationErrorsNamingTheHeader() {
        assertThatThrownBy(() -> ColumnView.of(HEADER, Map.of("nme", "x"), List.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("--rename nme=x: no column nme")
                .hasMessageContaining("[id, name, city]");
        assertThatThrownBy(() -> ColumnView.of(HEADER, Map.of(), List.of("id", "zip")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("--columns: no column zip");
    }

    @Test
    void chosenCsvFieldsKeepTheirBytes() {
        byte[] row = "1,\"a, \"\"b\"\"\",,x".getBytes(StandardCharsets.UTF_8);
        Fields f = new Fields(CsvDialect.RFC4180).split(row, 0, row.length);
        CsvColumns csv = new CsvColumns(CsvDialect.RFC4180);
        assertThat(new String(csv.raw(f, new int[] {3, 1, 2}), StandardCharsets.UTF_8)).isEqualTo("x,\"a, \"\"b\"\"\",");
    }

    @Test
    void aKeyOfSeveralColumnsIsParsedAndEmptyNamesAreRefused() {
        assertThat(JobConfig.KeyMode.parse("column:a,b").columns()).containsExactly("a", "b");
        assertThat(JobConfig.KeyMode.parse("column:a,b")).hasToString("column:a,b");
        assertThatThrownBy(() -> JobConfig.KeyMode.parse("column:a,,b")).isInstanceOf(IllegalArgumentException.class);
    }
}
