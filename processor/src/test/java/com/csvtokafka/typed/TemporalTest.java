package com.csvtokafka.typed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written readers and writers of dates and timestamps against java.time's own, on generated values
 * (differential tests, as for the framer).
 */
class TemporalTest {
    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void timestampsAndDatesAreWrittenAsInstantAndLocalDateWriteThem() {
        List<Long> micros = new ArrayList<>(List.of(0L, -1L, 1L, 999L, 1000L, 1_000_000L, -1_000_000L,
                Instant.parse("2024-02-29T23:59:59.999999Z").toEpochMilli() * 1000 + 999,
                Instant.parse("0000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L,
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() * 1_000_000L + 123_000,
                Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L,
                Instant.parse("-0001-12-31T00:00:00Z").getEpochSecond() * 1_000_000L));
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L - 86_400L * 800, 253_402_300_800L + 86_400L * 800);
            int kind = random.nextInt(3);
            long fraction = kind == 0 ? 0 : kind == 1 ? random.nextInt(1000) * 1000L : random.nextInt(1_000_000);
            micros.add(seconds * 1_000_000L + fraction);
        }
        for (long m : micros) {
            Instant instant = Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000L);
            assertThat(Temporal.formatTimestamp(m)).as("%d", m).isEqualTo(instant.toString());
            int day = (int) Math.floorDiv(Math.floorDiv(m, 1_000_000L), 86_400L);
            assertThat(Temporal.formatDate(day)).isEqualTo(LocalDate.ofEpochDay(day).toString());
        }
    }

    @Test
    void aNumericPatternIsReadAsItsStrictDateTimeFormatterReadsIt() {
        List<String> patterns = List.of("yyyy-M-d'T'H:mm:ssX", "dd/MM/yyyy HH:mm:ss", "yyyyMMddHHmmss",
                "uuuu-MM-dd HH:mm:ss.SSSXXX", "yyyy-MM-dd", "d.M.yyyy H:mm", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXX",
                "MM/dd/yyyy HH:mm:ss.SSSSSS", "yyyy-MM-dd''HH:mm:ss");
        int compared = 0;
        int accepted = 0;
        int refused = 0;
        for (String pattern : patterns) {
            Temporal fast = new Temporal(pattern);
            Temporal reference = new Temporal(pattern, false);
            assertThat(fast.fast()).as(pattern).isTrue();
            java.time.format.DateTimeFormatter writer = Temporal.formatter(pattern);
            for (int i = 0; i < 20_000; i++) {
                String text = mutate(writer.format(randomDateTime()));
                Long a = read(fast, text);
                Long b = read(reference, text);
                assertThat(a).as("%s read as %s", text, pattern).isEqualTo(b);
                compared++;
                if (a == null) {
                    refused++;
                } else {
                    accepted++;
                }
            }
        }
        assertThat(compared).isEqualTo(patterns.size() * 20_000);
        // both sides of the comparison are exercised: values read, and values refused
        assertThat(accepted).isGreaterThan(compared / 3);
        assertThat(refused).isGreaterThan(compared / 10);
        for (String other : List.of("yyyy-MMM-dd", "EEE, dd MMM yyyy HH:mm:ss z", "yyMMdd", "yyyy-MM-dd HH",
                "yyyy-MM-ddX", "yyyyMd", "yyyy-MM-dd hh:mm a")) {
            assertThat(new Temporal(other).fast()).as(other).isFalse();
        }
    }

    private java.time.OffsetDateTime randomDateTime() {
        LocalDate day = LocalDate.ofEpochDay(random.nextLong(LocalDate.of(1, 1, 1).toEpochDay(),
                LocalDate.of(9999, 12, 31).toEpochDay()));
        java.time.ZoneOffset offset = random.nextInt(3) == 0 ? java.time.ZoneOffset.UTC
                : java.time.ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
        return java.time.OffsetDateTime.of(day, java.time.LocalTime.ofNanoOfDay(random.nextLong(86_400_000_000_000L)
                / 1000 * 1000), offset);
    }

    /** The text as it is, or with one character replaced, dropped or doubled, or a leap day moved to 2023. */
    private String mutate(String text) {
        int i = random.nextInt(text.length());
        return switch (random.nextInt(6)) {
            case 0 -> text.substring(0, i) + (char) ('0' + random.nextInt(10)) + text.substring(i + 1);
            case 1 -> text.substring(0, i) + text.substring(i + 1);
            case 2 -> text.substring(0, i) + text.charAt(i) + text.substring(i);
            case 3 -> text.replace("29", "31").replace("12", "13");
            default -> text;
        };
    }

    private static Long read(Temporal temporal, String text) {
        try {
            return temporal.timestamp(text);
        } catch (BadValue e) {
            return null;
        }
    }
}
