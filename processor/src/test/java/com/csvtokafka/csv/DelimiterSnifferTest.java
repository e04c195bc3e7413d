package com.csvtokafka.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DelimiterSnifferTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static char detect(String text) {
        return DelimiterSniffer.detect(bytes(text), true, '"', false);
    }

    private static Optional<Character> better(String text, char given) {
        return DelimiterSniffer.better(bytes(text), true, given, '"', false);
    }

    @Test
    void findsEachCandidate() {
        assertThat(detect("order_id,customer_id,city\n1,7,Oslo\n2,8,Rome\n")).isEqualTo(',');
        assertThat(detect("order_id;customer_id;city\n1;7;Oslo\n2;8;Rome\n")).isEqualTo(';');
        assertThat(detect("order_id\tcustomer_id\tcity\n1\t7\tOslo\n2\t8\tRome\n")).isEqualTo('\t');
        assertThat(detect("order_id|customer_id|city\n1|7|Oslo\n2|8|Rome\n")).isEqualTo('|');
    }

    @Test
    void commasInsideValuesDoNotMakeACommaFile() {
        // a tab file whose values hold commas: ',' splits the rows unevenly, tab evenly
        assertThat(detect("name\tdescription\nA\tred, small\nB\tblue, large, new\n")).isEqualTo('\t');
        // European decimals in a ';' file
        assertThat(detect("id;price;qty\n1;3,50;2\n2;10,00;1\n")).isEqualTo(';');
    }

    @Test
    void delimitersInsideQuotesDoNotCount() {
        assertThat(detect("\"a,b\";c\n\"1,2\";3\n\"x,y\";z\n")).isEqualTo(';');
        assertThat(detect("id,note\n1,\"a;b;c\"\n2,\"x;y;z\"\n")).isEqualTo(',');
    }

    @Test
    void aOneColumnFileIsReadWithTheDefault() {
        assertThat(detect("name\nAda\nGrace\n")).isEqualTo(',');
    }

    @Test
    void aHeaderWithoutRowsIsEnough() {
        assertThat(detect("a;b;c\n")).isEqualTo(';');
    }

    @Test
    void twoDelimitersThatBothFitAreReportedNotGuessed() {
        assertThatThrownBy(() -> detect("a;b,c\n1;2,3\n4;5,6\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than one delimiter").hasMessageContaining("','").hasMessageContaining("';'")
                .hasMessageContaining("--delimiter");
    }

    @Test
    void aBadRowAmongTheFirstDoesNotHideTheDelimiter() {
        assertThat(detect("a;b;c\n1;2;3\n4;5\n6;7;8\n")).isEqualTo(';');
    }

    @Test
    void rowsThatFitNoDelimiterEvenlyAreReported() {
        assertThatThrownBy(() -> detect("a;b;c\n1;2\n3;4;5;6\n1,2\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no delimiter splits the first rows evenly").hasMessageContaining("';'");
    }

    @Test
    void aSampleCutInsideARowIgnoresThatRow() {
        String text = "a;b;c\n1;2;3\n4;5";
        assertThat(DelimiterSniffer.fit(bytes(text), false, ';', '"', false))
                .isEqualTo(new DelimiterSniffer.Fit(';', 3, 1, 1));
        assertThat(DelimiterSniffer.fit(bytes(text), true, ';', '"', false))
                .isEqualTo(new DelimiterSniffer.Fit(';', 3, 2, 1));
    }

    @Test
    void aSemicolonFileReadWithCommasIsCaughtAndTheOtherWayRound() {
        String semicolons = "order_id;customer_id;city\n1;7;Oslo\n2;8;Rome\n";
        assertThat(better(semicolons, ',')).contains(';');
        assertThat(better(semicolons, ';')).isEmpty();
        String commas = "order_id,customer_id,city\n1,7,Oslo\n";
        assertThat(better(commas, '\t')).contains(',');
        assertThat(better(commas, ',')).isEmpty();
        assertThat(better("a|b\n1|2\n", ',')).contains('|');
    }

    @Test
    void aGenuineOneColumnFileIsNotRefused() {
        assertThat(better("name\nAda\nGrace\n", ',')).isEmpty();
        // its header holds a ';' but the rows do not split alike
        assertThat(better("a;b\nx\ny\n", ',')).isEmpty();
        // quoted: one column on purpose
        assertThat(better("\"a;b\"\n\"1;2\"\n", ',')).isEmpty();
        // a delimiter given that splits the header is the user's call
        assertThat(better("a,b;c\n1,2;3\n", ';')).isEmpty();
    }

    // ---- differential: the sniffer's framing against a plain reference parser, on random tables ----

    private static final char[] CANDIDATES = {',', ';', '\t', '|'};

    /**
     * A strict RFC 4180 reader written for clarity, not speed: the field count of each row, or -1 for a malformed
     * row. A quote opens a field only at its start; a closing quote is followed by the delimiter or the row's end.
     */
    private static List<Integer> referenceCounts(String text, char d) {
        List<Integer> rows = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (text.charAt(i) == '\n' || (text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n')) {
                i += text.charAt(i) == '\r' ? 2 : 1; // an empty line is not a row
                continue;
            }
            int fields = 1;
            boolean bad = false;
            boolean atFieldStart = true;
            boolean inQuotes = false;
            while (i < n) {
                char c = text.charAt(i);
                if (inQuotes) {
                    if (c == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            i += 2;
                            continue;
                        }
                        inQuotes = false;
                        i++;
                        if (i < n && text.charAt(i) != d && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                            bad = true;
                        }
                        continue;
                    }
                    i++;
                    continue;
                }
                if (c == '\n' || (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n')) {
                    i += c == '\r' ? 2 : 1;
                    break;
                }
                if (c == d) {
                    fields++;
                    atFieldStart = true;
                    i++;
                    continue;
                }
                if (c == '"') {
                    if (atFieldStart) {
                        inQuotes = true;
                    } else {
                        bad = true;
                    }
                }
                atFieldStart = false;
                i++;
            }
            if (inQuotes) {
                bad = true; // open at the end of the text
            }
            rows.add(bad ? -1 : fields);
        }
        return rows;
    }

    /** The decision the sniffer's rule gives on the reference's counts: the delimiter, or null for an error. */
    private static Character referenceDecision(String text, boolean complete) {
        List<Character> fitting = new ArrayList<>();
        List<Character> mostly = new ArrayList<>();
        boolean allOne = true;
        for (char d : CANDIDATES) {
            List<Integer> rows = referenceCounts(text, d);
            if (!complete && !rows.isEmpty() && rows.size() <= DelimiterSniffer.ROWS + 1) {
                rows.remove(rows.size() - 1);
            }
            rows = rows.subList(0, Math.min(rows.size(), DelimiterSniffer.ROWS + 1));
            if (rows.isEmpty()) {
                continue;
            }
            int first = Math.max(rows.get(0), 0);
            allOne &= first <= 1;
            long alike = rows.stream().skip(1).filter(c -> c == first).count();
            if (first >= 2 && alike == rows.size() - 1) {
                fitting.add(d);
            }
            if (first >= 2 && alike * 2 >= rows.size() - 1) {
                mostly.add(d);
            }
        }
        if (fitting.size() == 1) {
            return fitting.get(0);
        }
        if (!fitting.isEmpty()) {
            return null;
        }
        return allOne ? Character.valueOf(',') : mostly.size() == 1 ? mostly.get(0) : null;
    }

    private static String value(Random random, char d, boolean others) {
        String alphabet = "abcxyz019 .-" + (others ? ",;\t|\"\n" : "");
        StringBuilder v = new StringBuilder();
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            v.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String s = v.toString();
        boolean mustQuote = s.indexOf(d) >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0;
        return mustQuote || random.nextInt(8) == 0 ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String table(Random random, char d, int columns, int rows, boolean others) {
        StringBuilder out = new StringBuilder();
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    out.append(d);
                }
                String v = value(random, d, others);
                out.append(r == 0 && v.isEmpty() ? "h" + c : v); // header names are not empty
            }
            out.append(random.nextInt(4) == 0 ? "\r\n" : "\n");
        }
        return out.toString();
    }

    @Test
    void agreesWithAReferenceParserOnRandomTables() {
        Random random = new Random(20261206);
        int detectedAsWritten = 0;
        for (int t = 0; t < 1500; t++) {
            char d = CANDIDATES[random.nextInt(CANDIDATES.length)];
            String text = table(random, d, 1 + random.nextInt(6), random.nextInt(30), random.nextBoolean());
            boolean complete = random.nextInt(3) > 0;
            String sample = complete ? text : text.substring(0, random.nextInt(text.length() + 1));
            Character expected = referenceDecision(sample, complete);
            Character actual;
            try {
                actual = DelimiterSniffer.detect(bytes(sample), complete, '"', false);
            } catch (IllegalArgumentException e) {
                actual = null;
            }
            assertThat(actual).as("sample %s (complete %s, written with '%s')", sample.replace("\n", "\\n")
                    .replace("\t", "\\t"), complete, d).isEqualTo(expected);
            detectedAsWritten += actual != null && actual == d ? 1 : 0;
        }
        assertThat(detectedAsWritten).as("most random tables are detected as written").isGreaterThan(750);
    }

    @Test
    void aTableOfTwoOrMoreColumnsWithoutOtherDelimitersInItsValuesIsAlwaysDetected() {
        Random random = new Random(7);
        for (int t = 0; t < 800; t++) {
            char d = CANDIDATES[random.nextInt(CANDIDATES.length)];
            String text = table(random, d, 2 + random.nextInt(6), random.nextInt(30), false);
            assertThat(DelimiterSniffer.detect(bytes(text), true, '"', false)).as(text).isEqualTo(d);
            for (char other : CANDIDATES) {
                if (other != d) {
                    assertThat(DelimiterSniffer.better(bytes(text), true, other, '"', false)).as(text).contains(d);
                }
            }
        }
    }
}
