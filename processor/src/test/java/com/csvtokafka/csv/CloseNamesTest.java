package com.csvtokafka.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CloseNamesTest {
    private final List<String> header = List.of("id", "customer_id", "city", "amount");

    @Test
    void theSameNameButForCaseComesFirst() {
        assertThat(CloseNames.closest("Id", header)).contains("id");
        assertThat(CloseNames.closest("CITY", header)).contains("city");
    }

    @Test
    void aFewLettersApartAreCloseInProportionToTheName() {
        assertThat(CloseNames.closest("ammount", header)).contains("amount");
        assertThat(CloseNames.closest("customerid", header)).contains("customer_id");
        assertThat(CloseNames.closest("cty", header)).contains("city");
    }

    @Test
    void nothingCloseIsEmpty() {
        assertThat(CloseNames.closest("zip", header)).isEmpty();
        assertThat(CloseNames.closest("region", header)).isEmpty();
        assertThat(CloseNames.closest("x", List.of())).isEmpty();
    }
}
