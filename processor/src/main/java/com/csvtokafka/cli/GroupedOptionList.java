package com.csvtokafka.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's option list in help, under headings ("Source:", "Kafka:", ...) instead of one list of fifty: each
 * heading lists its options in the order given, each with its own text, env name and default as picocli renders
 * them. Options are grouped by name here rather than with picocli's argument groups because the same mixins serve
 * several commands, grouped differently or not at all. An option no heading names still shows, under "Other
 * options:" (a test keeps that list empty for {@code run}).
 */
final class GroupedOptionList implements CommandLine.IHelpSectionRenderer {
    static final String OTHER = "Other options";

    private final Map<String, List<String>> groups;

    /** @param groups heading → the names of its options (any of each option's names), in the order to show them */
    GroupedOptionList(Map<String, List<String>> groups) {
        this.groups = groups;
    }

    /** Puts this list in place of {@code cli}'s plain option list. */
    void install(CommandLine cli) {
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, this);
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
    }

    /** The command's options under each heading; those no heading names come last, under {@link #OTHER}. */
    Map<String, List<OptionSpec>> sections(CommandLine.Model.CommandSpec spec) {
        Map<String, List<OptionSpec>> out = new LinkedHashMap<>();
        Set<OptionSpec> placed = new LinkedHashSet<>();
        groups.forEach((heading, names) -> {
            List<OptionSpec> options = new ArrayList<>();
            for (String name : names) {
                OptionSpec option = spec.findOption(name);
                if (option != null && !option.hidden() && placed.add(option)) {
                    options.add(option);
                }
            }
            if (!options.isEmpty()) {
                out.put(heading, options);
            }
        });
        List<OptionSpec> rest = spec.options().stream().filter(o -> !o.hidden() && !placed.contains(o)).toList();
        if (!rest.isEmpty()) {
            out.put(OTHER, rest);
        }
        return out;
    }

    @Override
    public String render(Help help) {
        Map<String, List<OptionSpec>> sections = sections(help.commandSpec());
        List<OptionSpec> all = sections.values().stream().flatMap(List::stream).toList();
        StringBuilder out = new StringBuilder();
        sections.forEach((heading, options) -> {
            // one layout per section, with the column widths of all options, so that the sections line up
            Help.Layout layout = help.createDefaultLayout(all, List.of(), help.colorScheme());
            out.append(heading).append(":%n".formatted())
                    .append(help.optionListExcludingGroups(options, layout, null, help.createDefaultParamLabelRenderer()))
                    .append("%n".formatted());
        });
        return out.toString();
    }
}
