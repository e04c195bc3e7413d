package com.csvtokafka.typed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueShapesTest {

    @ParameterizedTest(name = "[{0}] is {1}")
    @CsvSource(delimiter = '|', value = {
            "0|LONG", "-0|LONG", "+5|LONG", "42|LONG", "-9223372036854775808|LONG", "9223372036854775807|LONG",
            "9223372036854775808|BIG_INTEGER", "-99999999999999999999999|BIG_INTEGER",
            "007|NONE", "-01|NONE", "00.5|NONE",
            "1.5|DECIMAL", "0.5|DECIMAL", ".5|DECIMAL", "5.|DECIMAL", "-2.5E-3|DECIMAL", "1e5|DECIMAL", "1E+5|DECIMAL",
            "NaN|NON_FINITE", "Infinity|NON_FINITE", "-Infinity|NON_FINITE", "+Infinity|NON_FINITE",
            "1e400|NON_FINITE",
            "nan|NONE", "inf|NONE", "-|NONE", ".|NONE", "1e|NONE", "e5|NONE", "1.2.3|NONE", "0x1F|NONE",
            "1_000|NONE", "'1,000'|NONE", "' 42'|NONE", "'42 '|NONE", "1d|NONE", "1f|NONE", "''|NONE", "١٢|NONE"})
    void numbers(String text, ValueShapes.Number expected) {
        assertThat(ValueShapes.number(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] is {1}")
    @CsvSource(delimiter = '|', value = {
            "2024-02-29|DATE_ONLY", "2023-02-29|NONE", "1900-02-29|NONE", "2000-02-29|DATE_ONLY", "2024-04-31|NONE",
            "2024-13-01|NONE", "2024-1-01|NONE", "24-01-01|NONE",
            "2024-02-29T13:45|LOCAL", "2024-02-29T13:45:30|LOCAL", "2024-02-29 13:45:30|LOCAL",
            "2024-02-29t13:45:30.5|LOCAL", "2024-02-29T13:45:30,123|LOCAL",
            "2024-02-29T13:45:30Z|ZONED", "2024-02-29T13:45:30z|ZONED", "2024-02-29T13:45:30+05:30|ZONED",
            "2024-02-29T13:45:30.123-0800|ZONED", "2024-02-29T13:45:30+05|ZONED", "2024-02-29T13:45:30+18:00|ZONED",
            "2024-02-29T13:45:30+18:30|NONE", "2024-02-29T13:45:30+5|NONE", "2024-02-29T13:45:30 UTC|NONE",
            "2024-02-29T13:45:30[Europe/Paris]|NONE", "2024-02-29T24:00:00|NONE", "2024-02-29T13:60|NONE",
            "2024-02-29T13:45:30.|NONE", "2024-02-29T13:45:30.1234567890|NONE",
            "2024-02-29T13:45:30.123456789Z|NONE", "2024-02-29T13:45:30.123456000Z|ZONED",
            "2024-02-29_13:45|NONE", "13:45:30|NONE"})
    void timestamps(String text, ValueShapes.Timestamp expected) {
        assertThat(ValueShapes.timestamp(text, new boolean[1])).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] past the millisecond: {1}")
    @CsvSource(delimiter = '|', value = {
            "2024-02-29T13:45:30|false", "2024-02-29T13:45:30.1|false", "2024-02-29T13:45:30.123|false",
            "2024-02-29T13:45:30.123000|false", "2024-02-29T13:45:30.123000000Z|false",
            "2024-02-29T13:45:30.1234|true", "2024-02-29T13:45:30.000001Z|true", "2024-02-29T13:45:30.123456000|true"})
    void subMillisecondDigits(String text, boolean expected) {
        boolean[] sub = new boolean[1];
        assertThat(ValueShapes.timestamp(text, sub)).isNotEqualTo(ValueShapes.Timestamp.NONE);
        assertThat(sub[0]).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] is a date: {1}")
    @CsvSource(delimiter = '|', value = {"2024-02-29|true", "2023-02-29|false", "2024-02-29T00:00|false",
            "2024/02/29|false", "0000-01-01|true"})
    void dates(String text, boolean expected) {
        assertThat(ValueShapes.isDate(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] is a boolean: {1}")
    @CsvSource(delimiter = '|', value = {"true|true", "FALSE|true", "True|true", "1|false", "0|false", "yes|false",
            "t|false", "' true'|false"})
    void booleans(String text, boolean expected) {
        assertThat(ValueShapes.isBoolean(text)).isEqualTo(expected);
    }
}
