package com.csvtokafka.cli;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.kafka.KafkaSetupException;
import com.csvtokafka.source.SourceNotFoundException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Every fatal message in one style: {@code error: <what>} on stderr, one line, and where there is something to
 * do a second line saying it. No timestamps, logger names or stack traces (LOG_LEVEL=DEBUG adds the trace).
 * An exception's message may carry that second line after a newline.
 */
final class Errors {
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");
    /** What a bare word on a subcommand's command line most likely was meant to be. */
    private static final Map<String, String> BARE_WORD = Map.of("run", "--source", "verify", "--source",
            "status", "--job-id", "reset", "--job-id", "generate", "--out", "infer-schema", "--source");

    private Errors() {
    }

    /** Prints {@code error: message}; a line after a newline in the message, then {@code remedy}, follow as they are. */
    static void print(PrintWriter err, String message, String remedy) {
        err.println("error: " + message);
        if (remedy != null && !message.contains("\n")) {
            err.println(remedy);
        }
        err.flush();
    }

    /** True when {@code e} is a usage or configuration error (exit 2), false for a failure (exit 1). */
    static boolean usage(Exception e) {
        return e instanceof IllegalArgumentException || e instanceof ConfigurationException
                || e instanceof SourceNotFoundException || (e instanceof KafkaSetupException k && k.configuration());
    }

    /** An exception out of a command: its message, and the exit code its kind means (README, "Exit codes"). */
    static int failure(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
        boolean usage = e instanceof IllegalArgumentException;
        boolean debug = LogManager.getRootLogger().isDebugEnabled();
        // an exception of no kind the commands expect: the stack trace is what a bug report needs
        boolean unexpected = e instanceof RuntimeException && !usage && !debug;
        print(err, message, usage ? seeHelp(commandLine) : unexpected ? "LOG_LEVEL=DEBUG shows where it happened" : null);
        if (debug) {
            e.printStackTrace(err);
            err.flush();
        }
        if (usage || e instanceof ConfigurationException || e instanceof SourceNotFoundException) {
            return Main.USAGE;
        }
        if (e instanceof KafkaSetupException k) {
            return k.configuration() ? Main.USAGE : Main.FAILED;
        }
        return Main.FAILED;
    }

    /** A command line picocli could not parse: the first thing wrong with it, the closest option, where help is. */
    static int usage(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        print(commandLine.getErr(), describe(e, args), seeHelp(commandLine));
        return Main.USAGE;
    }

    static String seeHelp(CommandLine commandLine) {
        return "see `" + commandLine.getCommandSpec().qualifiedName() + " --help`";
    }

    private static String describe(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        // picocli reports missing required options before arguments it did not recognise; the latter explain the
        // former (a misspelt --bootstrap-server leaves --bootstrap-servers missing), so they come first
        List<String> unmatched = e instanceof UnmatchedArgumentException u ? u.getUnmatched()
                : commandLine.getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            return unmatched(commandLine, unmatched.get(0));
        }
        if (e instanceof MissingParameterException m && m.getMissing() != null && !m.getMissing().isEmpty()) {
            if (e.getMessage().startsWith("Missing required parameter")) { // the option is there, its value is not
                return name(m.getMissing().get(0)) + " needs a value";
            }
            return "missing " + m.getMissing().stream().map(Errors::nameAndEnv).collect(Collectors.joining(", "));
        }
        if (e.getArgSpec() instanceof OptionSpec option && e.getCause() instanceof TypeConversionException) {
            String value = e.getValue();
            String given = Arrays.stream(args).anyMatch(a -> a.equals(option.longestName())
                    || a.startsWith(option.longestName() + "=")) ? "" : env(option).map(v -> " (from " + v + ")").orElse("");
            return option.longestName() + " takes " + kind(option.type()) + ", got '" + value + "'" + given;
        }
        String message = e.getMessage();
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    private static String unmatched(CommandLine commandLine, String arg) {
        if (arg.startsWith("-")) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            List<String> close = new UnmatchedArgumentException(commandLine, List.of(name)).getSuggestions();
            return "unknown option " + name + (close.isEmpty() ? "" : " (did you mean " + close.get(0) + "?)");
        }
        if (!commandLine.getSubcommands().isEmpty()) {
            List<String> close = new UnmatchedArgumentException(commandLine, List.of(arg)).getSuggestions();
            return "unknown command '" + arg + "' (" + (close.isEmpty() ? "commands: "
                    + String.join(", ", commandLine.getSubcommands().keySet()) : "did you mean " + close.get(0) + "?")
                    + ")";
        }
        String option = BARE_WORD.get(commandLine.getCommandName());
        return "unexpected argument '" + arg + "': every value follows its option's name"
                + (option == null ? "" : " (did you mean " + option + " " + arg + "?)");
    }

    private static String kind(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String name(ArgSpec spec) {
        return spec instanceof OptionSpec o ? o.longestName() : spec.paramLabel();
    }

    private static String nameAndEnv(ArgSpec spec) {
        return name(spec) + env(spec).map(v -> " (or " + v + ")").orElse("");
    }

    /** "env NAME" when the option's default comes from an environment variable. */
    private static Optional<String> env(ArgSpec spec) {
        Matcher m = ENV.matcher(String.valueOf(spec.defaultValueString()));
        return m.find() ? Optional.of("env " + m.group(1)) : Optional.empty();
    }
}
