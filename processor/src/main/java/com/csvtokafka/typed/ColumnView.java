package com.csvtokafka.typed;

import com.csvtokafka.config.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The file's columns as the job sees them: renamed by {@code --rename OLD=NEW}, then chosen and ordered by
 * {@code --columns A,B} (all of them, in file order, without it). Names in {@code --columns}, {@code --key} and
 * {@code --timestamp} are the renamed ones; a column's original name is accepted too.
 */
public final class ColumnView {
    private final List<String> original;
    private final List<String> renamed;
    private final int[] selected;

    private ColumnView(List<String> original, List<String> renamed, int[] selected) {
        this.original = original;
        this.renamed = renamed;
        this.selected = selected;
    }

    public static ColumnView of(List<String> header, Map<String, String> renames, List<String> columns)
            throws ConfigurationException {
        List<String> renamed = new ArrayList<>(header);
        for (Map.Entry<String, String> r : renames.entrySet()) {
            int i = header.indexOf(r.getKey());
            if (i < 0) {
                throw new ConfigurationException("--rename " + r.getKey() + "=" + r.getValue() + ": no column "
                        + r.getKey() + " in the header " + header);
            }
            renamed.set(i, r.getValue());
        }
        ColumnView all = new ColumnView(header, renamed, null);
        int[] selected;
        if (columns.isEmpty()) {
            selected = new int[header.size()];
            for (int i = 0; i < selected.length; i++) {
                selected[i] = i;
            }
        } else {
            selected = new int[columns.size()];
            for (int i = 0; i < selected.length; i++) {
                selected[i] = all.indexOf(columns.get(i));
                if (selected[i] < 0) {
                    throw new ConfigurationException("--columns: no column " + columns.get(i) + " in the header "
                            + renamed);
                }
            }
        }
        return new ColumnView(header, renamed, selected);
    }

    /** The index in the file's row of a column named by its new or its original name; -1 when there is none. */
    public int indexOf(String name) {
        int i = renamed.indexOf(name);
        return i >= 0 ? i : original.indexOf(name);
    }

    /** All the file's columns by their new names (--rename), in file order. */
    public List<String> header() {
        return List.copyOf(renamed);
    }

    /** Column names as given (new or original) as their new names; names of no column stay as they are. */
    public List<String> renamed(List<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (String name : names) {
            int i = indexOf(name);
            out.add(i < 0 ? name : renamed.get(i));
        }
        return out;
    }

    /** The chosen columns' indexes in the file's row, in output order. */
    public int[] selected() {
        return selected.clone();
    }

    /** The chosen columns' names (renamed), in output order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(selected.length);
        for (int i : selected) {
            names.add(renamed.get(i));
        }
        return names;
    }

    /** True when the view is the file's row as it is: every column, in order, none renamed. */
    public boolean identity() {
        if (selected.length != original.size() || !renamed.equals(original)) {
            return false;
        }
        for (int i = 0; i < selected.length; i++) {
            if (selected[i] != i) {
                return false;
            }
        }
        return true;
    }
}
