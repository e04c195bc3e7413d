package com.csvtokafka.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a job moves, written down with its checkpoint: source, topic, partition, record format, key, header mode,
 * header columns,
 * CSV dialect, and the record shape (schema, registry use, columns, renames, timestamp column, null marker,
 * timestamp format). A rerun of the job id with any of these changed would mix two transfers in one topic or report a
 * finished job for a transfer that never happened, so it is refused, naming what differs. (--on-bad-row is not part
 * of it: rerunning a failed job with skip or dlq:TOPIC is the way past a bad row.)
 *
 * <p>Written as {@code name=value} lines, values escaped so that the text is one line per setting.
 */
public final class JobSpec {
    private JobSpec() {
    }

    static String of(Map<String, String> settings) {
        StringBuilder out = new StringBuilder();
        settings.forEach((k, v) -> out.append(k).append('=').append(escape(v)).append('\n'));
        return out.toString();
    }

    public static Map<String, String> parse(String spec) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : spec.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                settings.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
            }
        }
        return settings;
    }

    /** How rows are read: a job that has handled no row yet may change these without a reset. */
    static final Set<String> READING = Set.of("--delimiter", "--quote", "--encoding", "--header");

    /** What differs, as {@code --topic was a, now b}; settings the older spec does not have are not compared. */
    static List<String> differences(String before, String now) {
        return differences(before, now, Set.of());
    }

    /** As {@link #differences(String, String)}, not comparing the settings in {@code ignored}. */
    static List<String> differences(String before, String now, Set<String> ignored) {
        Map<String, String> a = parse(before);
        Map<String, String> b = parse(now);
        List<String> out = new ArrayList<>();
        a.forEach((name, was) -> {
            String is = b.get(name);
            if (is != null && !is.equals(was) && !ignored.contains(name)) {
                out.add(name + " was " + show(was) + ", now " + show(is));
            }
        });
        return out;
    }

    /** A value as a reader sees it: a delimiter or quote character in quotes ({@code ','}), a tab named. */
    private static String show(String value) {
        if (value.isEmpty()) {
            return "(none)";
        }
        if (value.equals("\t")) {
            return "tab";
        }
        return value.length() == 1 && !Character.isLetterOrDigit(value.charAt(0)) ? "'" + value + "'" : value;
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String v) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                out.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
