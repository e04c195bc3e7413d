package com.csvtokafka.transfer;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CloseNames;

import com.csvtokafka.typed.ColumnView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * What the job's options ask of a header row, checked where the header is first read (the run's first input, before
 * any network work, and each input again as its rows are encoded): the names a record's value takes from it are
 * distinct, and every {@code --header-column} names one of its columns.
 */
public final class HeaderBinding {
    private HeaderBinding() {
    }

    /**
     * Checks {@code header} (null without a header row) against the job's options.
     *
     * @param where names the input whose header this is, for the message
     */
    public static void check(JobConfig config, List<String> header, String where) throws ConfigurationException {
        if (header == null) {
            return;
        }
        ColumnView view = ColumnView.of(header, config.shape().renames(), config.shape().columns());
        requireDistinctNames(config, view, where);
        headerColumns(config, view, where);
    }

    /**
     * Refuses column names a record's value would hold twice: a JSON object's keys (a parser keeps one of them) or
     * the columns a typed record's fields bind to (only the first would be read). Raw CSV values keep every column
     * as it is, so {@code --format csv} needs no distinct names.
     */
    static void requireDistinctNames(JobConfig config, ColumnView view, String where) throws ConfigurationException {
        if (!Encoders.namesColumns(config.format())) {
            return;
        }
        List<String> names = view.names();
        Map<String, List<Integer>> twice = new LinkedHashMap<>();
        int[] selected = view.selected();
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != names.lastIndexOf(names.get(i)) && used(config, names.get(i))) {
                twice.computeIfAbsent(names.get(i), n -> new ArrayList<>()).add(selected[i] + 1);
            }
        }
        if (twice.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        twice.forEach((name, columns) -> parts.add("'" + name + "' (columns " + join(columns) + ")"));
        String first = twice.keySet().iterator().next();
        String what = config.shape().typed() ? "the fields of --schema would read only the first of each"
                : "each JSON object would hold the key twice, and JSON parsers keep only one";
        throw new ConfigurationException("the header of " + where + " has more than one column named "
                + String.join(", ", parts) + (view.identity() ? "" : " (after --rename and --columns)") + ": " + what
                + "\nname them apart with --rename " + first + "=NEW (renames the first " + first + "), choose the "
                + "columns to send with --columns, or send the rows as they are with --format csv");
    }

    /** With typed records, a name matters only when a field of the schema binds to it. */
    private static boolean used(JobConfig config, String name) {
        if (!config.shape().typed()) {
            return true;
        }
        for (Schema.Field f : config.shape().schema().avro().getFields()) {
            if (f.name().equals(name) || f.aliases().contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** The index in the file's row of each --header-column, in order. */
    static int[] headerColumns(JobConfig config, ColumnView view, String where) throws ConfigurationException {
        List<HeaderColumn> columns = config.shape().headerColumns();
        int[] indexes = new int[columns.size()];
        for (int i = 0; i < indexes.length; i++) {
            HeaderColumn c = columns.get(i);
            indexes[i] = view.indexOf(c.column());
            if (indexes[i] < 0) {
                Optional<String> close = CloseNames.closest(c.column(), view.header());
                throw new ConfigurationException("--header-column " + c + ": no column " + c.column()
                        + " in the header of " + where + " " + view.header()
                        + close.map(n -> "\ndid you mean --header-column " + n
                                + (c.header().equals(c.column()) ? "" : ":" + c.header()) + "?").orElse(""));
            }
        }
        return indexes;
    }

    private static String join(List<Integer> columns) {
        List<String> out = new ArrayList<>();
        columns.forEach(c -> out.add(Integer.toString(c)));
        return out.size() == 2 ? out.get(0) + " and " + out.get(1) : String.join(", ", out);
    }
}
