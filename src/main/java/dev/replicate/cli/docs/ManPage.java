package dev.replicate.cli.docs;

import dev.replicate.cli.help.Sections;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page in roff (the man(7) macros) for one command, from the same picocli model that
 * {@code --help} is printed from: description, options and exit statuses from {@code @Command} and
 * the options, Environment, Files and Examples from {@link dev.replicate.cli.help.HelpSections}. Written by
 * hand rather than through picocli-codegen, whose generator writes AsciiDoc and would need Asciidoctor
 * to become roff.
 */
public final class ManPage {
    private ManPage() {
    }

    /** The page's name: the command's words joined by dashes, as in replicate-run. */
    public static String name(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    public static String render(CommandSpec spec, String version) {
        Roff roff = new Roff();
        roff.comment("Generated from the command model by dev.replicate.cli.docs.GenerateDocs; do not edit.");
        roff.comment("Regenerate with bin/generate-docs.");
        roff.macro(".TH \"" + Roff.escape(name(spec).toUpperCase(Locale.ROOT)) + "\" \"1\" \"\" \"replicate "
                + Roff.escape(version) + "\" \"replicate manual\"");

        // Left-aligned and unhyphenated: option names and paths must come out as they are typed.
        roff.macro(".ad l");
        roff.macro(".nh");
        roff.section("NAME");
        roff.text(Roff.escape(name(spec)) + " \\- " + Roff.escape(summary(spec)));

        roff.section("SYNOPSIS");
        roff.text(synopsis(spec));

        roff.section("DESCRIPTION");
        String[] description = spec.usageMessage().description();
        for (int i = 0; i < description.length; i++) {
            if (i > 0) {
                roff.macro(".PP");
            }
            roff.text(Roff.escape(description[i]));
        }

        roff.section("OPTIONS");
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (!positional.hidden()) {
                roff.item(Roff.italic(positional.paramLabel()) + (positional.isMultiValue() ? "..." : ""),
                        Roff.escape(join(positional.description())));
            }
        }
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                roff.item(optionTerm(option), Roff.escape(join(option.description())));
            }
        }

        Map<String, CommandSpec> subcommands = spec.subcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getCommandSpec(),
                        (a, b) -> a, java.util.LinkedHashMap::new));
        if (!subcommands.isEmpty()) {
            roff.section("COMMANDS");
            subcommands.forEach((commandName, sub) -> roff.item(Roff.bold(commandName),
                    Roff.escape(oneLine(sub))
                            + (isHelp(sub) ? "" : " See " + Roff.bold(name(sub)) + "(1).")));
        }

        Sections sections = Sections.of(spec);
        roff.section("ENVIRONMENT");
        sections.environment().forEach((variable, meaning) -> roff.item(Roff.bold(variable), Roff.escape(meaning)));

        roff.section("FILES");
        sections.files().forEach((file, meaning) -> roff.item(Roff.italic(file), Roff.escape(meaning)));

        roff.section("EXIT STATUS");
        spec.usageMessage().exitCodeList().forEach((status, meaning) ->
                roff.item(Roff.bold(status.strip()), Roff.escape(meaning.strip())));

        roff.section("EXAMPLES");
        boolean first = true;
        for (Sections.Example example : sections.examples()) {
            if (!first) {
                roff.macro(".PP");
            }
            first = false;
            example.comment().ifPresent(comment -> roff.text(Roff.escape(capitalise(comment)) + ":"));
            roff.example(example.command());
        }

        roff.section("SEE ALSO");
        roff.text(seeAlso(spec));
        return roff.toString();
    }

    /** What the command does in a line, as picocli's command list shows it: the header, else the description's first line. */
    private static String oneLine(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String line = header.length > 0 ? header[0] : spec.usageMessage().description()[0];
        return line.replace("%n", " ").strip();
    }

    /** The command's line for NAME, as man pages put it: lower case, no full stop. */
    private static String summary(CommandSpec spec) {
        String first = oneLine(spec);
        if (first.endsWith(".")) {
            first = first.substring(0, first.length() - 1);
        }
        return first.isEmpty() ? first : Character.toLowerCase(first.charAt(0)) + first.substring(1);
    }

    private static String synopsis(CommandSpec spec) {
        List<String> words = new ArrayList<>();
        words.add(Roff.bold(spec.qualifiedName()));
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                String names = option.names().length == 1 ? Roff.bold(option.names()[0])
                        : java.util.Arrays.stream(option.names()).sorted(java.util.Comparator.comparing(String::length))
                                .map(Roff::bold).collect(Collectors.joining("|"));
                words.add("[" + names + param(option) + "]" + (option.isMultiValue() && option.arity().max == 0 ? "..." : ""));
            }
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (!positional.hidden()) {
                String label = Roff.italic(positional.paramLabel()) + (positional.isMultiValue() ? "..." : "");
                words.add(positional.arity().min == 0 ? "[" + label + "]" : label);
            }
        }
        if (!spec.subcommands().isEmpty()) {
            words.add(Roff.italic("COMMAND") + " [" + Roff.italic("OPTION") + "]...");
        }
        return String.join(" ", words);
    }

    private static String optionTerm(OptionSpec option) {
        String names = java.util.Arrays.stream(option.names()).sorted(java.util.Comparator.comparing(String::length))
                .map(Roff::bold).collect(Collectors.joining(", "));
        return names + param(option);
    }

    private static String param(ArgSpec arg) {
        return arg.arity().max == 0 ? "" : "=" + Roff.italic(arg.paramLabel());
    }

    private static String seeAlso(CommandSpec spec) {
        CommandSpec root = spec.root();
        List<String> pages = new ArrayList<>();
        pages.add(Roff.bold(name(root)) + "(1)");
        root.subcommands().values().stream().map(CommandLine::getCommandSpec)
                .filter(s -> !isHelp(s) && !s.usageMessage().hidden())
                .distinct()
                .forEach(s -> pages.add(Roff.bold(name(s)) + "(1)"));
        pages.add(Roff.bold("sqlite3") + "(1)");
        pages.add(Roff.bold("crontab") + "(5)");
        return pages.stream().filter(p -> !p.equals(Roff.bold(name(spec)) + "(1)")).collect(Collectors.joining(", "));
    }

    static boolean isHelp(CommandSpec spec) {
        return spec.userObject() instanceof CommandLine.HelpCommand;
    }

    private static String join(String[] lines) {
        return String.join(" ", lines).strip();
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
