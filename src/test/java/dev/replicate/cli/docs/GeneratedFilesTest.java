package dev.replicate.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The committed completion script and man pages are what the command model generates today. */
class GeneratedFilesTest {
    private static final String HOW = "; regenerate with bin/generate-docs and commit the result";
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @Test
    void committedFilesMatchTheCommandModel() throws IOException {
        for (Map.Entry<String, String> file : GeneratedFiles.all().entrySet()) {
            Path path = PROJECT.resolve(file.getKey());
            if (!Files.exists(path)) {
                fail(file.getKey() + " is missing" + HOW);
            }
            if (!Files.readString(path, StandardCharsets.UTF_8).equals(file.getValue())) {
                fail(file.getKey() + " is out of date with the commands" + HOW);
            }
        }
    }

    @Test
    void noManPageIsLeftOverFromARemovedCommand() throws IOException {
        Set<String> expected = GeneratedFiles.all().keySet().stream().filter(k -> k.startsWith("man/"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> committed;
        try (Stream<Path> pages = Files.list(PROJECT.resolve("man"))) {
            committed = pages.map(p -> "man/" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(expected, committed, "man/ holds other files than the commands' pages" + HOW);
    }

    @Test
    void everyCommandHasAPageWithTheRequiredSections() {
        Map<String, String> files = GeneratedFiles.all();
        for (String command : List.of("replicate", "replicate-run", "replicate-status", "replicate-validate-config",
                "replicate-reflect", "replicate-reset", "replicate-demo")) {
            String page = files.get("man/" + command + ".1");
            assertTrue(page != null, command + " has no man page");
            for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "ENVIRONMENT", "FILES",
                    "EXIT STATUS", "EXAMPLES")) {
                assertTrue(page.contains(".SH \"" + section + "\"\n"), command + " lacks " + section);
                int start = page.indexOf(".SH \"" + section + "\"\n") + section.length() + 6;
                assertTrue(!page.startsWith(".SH", start), command + ": " + section + " is empty");
            }
        }
    }

    /**
     * A user's test: after {@code dpkg --purge replicate}, {@code man replicate} had not said that the
     * launcher keeps start-up files in each user's ~/.cache/replicate/ (the purge leaves them, as the
     * README says), nor that no usable Java is exit 2, which only the README's cron section told.
     */
    @Test
    void theTopPageNamesTheLaunchersFilesAndItsExitStatus() {
        String page = GeneratedFiles.all().get("man/replicate.1");
        assertTrue(page.contains("\\fI~/.cache/replicate/\\fR"), page);
        assertTrue(page.contains("XDG_CACHE_HOME"), page);
        assertTrue(page.contains("no Java 17 or newer there or on the PATH is exit status 2"), page);
        // The launcher reads and unsets Java's own variables; its exit 2s are named with the others.
        assertTrue(page.contains("\\fBJAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, _JAVA_OPTIONS\\fR\nJava's own option variables:"
                + " bin/replicate reads them"), page);
        assertTrue(page.contains("and unsets them, so Java prints no \"Picked up\" line"), page);
        assertTrue(page.contains("also bin/replicate's own, before Java starts: no Java 17 or newer"), page);
        // Only the launcher's files move to cache/ or target/: the demo's programs never do (DemoPrograms).
        assertTrue(page.contains("(an unpacked archive the user can write keeps them in cache/ beside its lib/ instead, a clone in"
                + " target/); and the demo's PostgreSQL programs"), page);
        assertTrue(page.contains("always here, whatever the install. $XDG_CACHE_HOME/replicate/ when XDG_CACHE_HOME is set."), page);
    }

    @Test
    void completionServesBashAndZshAndKnowsEveryCommand() {
        String script = GeneratedFiles.all().get(GeneratedFiles.COMPLETION);
        assertTrue(script.contains("bashcompinit"), "zsh support missing");
        assertTrue(script.contains("complete -F _complete_replicate"), script);
        assertTrue(script.contains("local commands=\"run status validate-config reflect reset verify demo help\""), script);
        assertTrue(script.contains("--metrics-file"), "run's options missing");
    }

    /**
     * A user's test: {@code replicate run -v --con<TAB>} completed nothing. picocli's generator lists the
     * repeatable flag -v/--verbose (a boolean[], for -vv) among the options that take a value, so the
     * word after it was taken for -v's value. Every option that takes no value must be a flag there.
     */
    @Test
    void completionTakesNoWordAfterAFlag() {
        String script = GeneratedFiles.all().get(GeneratedFiles.COMPLETION);
        for (CommandLine sub : dev.replicate.cli.Main.model().getSubcommands().values()) {
            String name = sub.getCommandName();
            int function = script.indexOf("function _picocli_replicate_" + name.replace("-", "") + "() {");
            assertTrue(function >= 0, name);
            int start = script.indexOf("local arg_opts=\"", function);
            String argOpts = script.substring(start, script.indexOf('\n', start));
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (option.arity().max() == 0) {
                    for (String optionName : option.names()) {
                        assertFalse(argOpts.contains("'" + optionName + "'"), name + " " + optionName + " is a flag,"
                                + " completed as an option with a value: " + argOpts);
                        assertFalse(script.substring(function, script.indexOf("\n}", function))
                                .contains("'" + optionName + "')"), name + " " + optionName + " awaits a value");
                    }
                }
            }
        }
    }
}
