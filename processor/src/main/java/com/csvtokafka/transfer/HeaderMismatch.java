package com.csvtokafka.transfer;

import com.csvtokafka.events.Plural;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.SourceInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a file of a set was refused for its header, and the way out that fits: most often a file that is no part of
 * the export lies beside its parts (a README.txt, a manifest.json), and the fix is an --include of the parts' own
 * name pattern, not reading a stray file by its own header.
 */
final class HeaderMismatch {
    private HeaderMismatch() {
    }

    static String message(String jobId, InputSet inputs, int index, List<String> header, List<String> first, long sent) {
        String what = "the header of " + inputs.describe(index) + " is " + header + ", not the first file's " + first
                + ": rows before it are committed exactly once (" + Plural.of(sent, "record") + "); nothing of it was sent";
        String suffix = commonSuffix(inputs);
        List<String> strays = suffix == null ? List.of() : inputs.inputs().stream().map(SourceInfo::uri)
                .filter(u -> !name(u).endsWith(suffix)).map(HeaderMismatch::name).toList();
        boolean strayInvolved = !strays.isEmpty() && (!name(inputs.get(index).uri()).endsWith(suffix)
                || !name(inputs.get(0).uri()).endsWith(suffix));
        if (!strayInvolved) {
            return what + ". Fix the file set (a new set needs a new --job-id), or rerun with --header-mismatch allow "
                    + "to read each file by its own header";
        }
        String leaveOut = inputs.uri().endsWith("/")
                ? "run with --include '*" + suffix + "' to move only those"
                : "leave " + (strays.size() == 1 ? "it" : "them") + " out of the manifest";
        return what + ".\n" + String.join(", ", strays) + (strays.size() == 1 ? " is" : " are") + " not named like the "
                + "other files (*" + suffix + "): " + leaveOut + ", with a new --job-id or after `csv-to-kafka reset "
                + "--job-id " + jobId + "` (the file set is part of the job); or, if every file belongs, rerun with "
                + "--header-mismatch allow to read each file by its own header";
    }

    /**
     * The extension most files of the set share ({@code .csv}, or {@code .csv.gz} for a compressed one), when more
     * than half share it and some do not; null otherwise.
     */
    static String commonSuffix(InputSet inputs) {
        Map<String, Integer> counts = new HashMap<>();
        for (SourceInfo input : inputs.inputs()) {
            counts.merge(extension(name(input.uri())), 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .filter(e -> !e.getKey().isEmpty() && e.getValue() * 2 > inputs.size() && e.getValue() < inputs.size())
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return "";
        }
        if (List.of(".gz", ".zst", ".bz2").contains(name.substring(dot))) {
            int before = name.lastIndexOf('.', dot - 1);
            return before <= 0 ? name.substring(dot) : name.substring(before);
        }
        return name.substring(dot);
    }

    private static String name(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }
}
