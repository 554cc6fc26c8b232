package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.cli.help.VersionProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HelpTest {
    private static final Environment ENV = Cli.cron(Path.of("").toAbsolutePath());

    static Stream<String> subcommands() {
        return Main.model().getSubcommands().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void everySubcommandsHelpListsOptionsEnvironmentExitStatusAndExamples(String subcommand) {
        Cli.Result result = Cli.run(ENV, subcommand, "--help");
        assertEquals(0, result.status(), result::toString);
        assertTrue(result.out().contains("Usage: replicate " + subcommand), result::toString);
        assertTrue(result.out().contains("Exit status:"), result::toString);
        assertTrue(result.out().contains("Examples:"), result::toString);
        if (!subcommand.equals("help")) {
            assertTrue(result.out().contains("Environment:"), result::toString);
            assertTrue(result.out().contains("--help"), result::toString);
        }
    }

    @Test
    void helpSectionsComeInManPageOrder() {
        String help = Cli.run(ENV, "run", "--help").out();
        List<String> headings = List.of("Usage:", "--config=FILE", "Environment:", "Files:", "Exit status:", "Examples:");
        int last = -1;
        for (String heading : headings) {
            int at = help.indexOf(heading);
            assertTrue(at > last, heading + " out of order in\n" + help);
            last = at;
        }
        assertTrue(help.contains("REPLICATE_DB"), help);
        assertTrue(help.contains("--metrics-file"), help);
    }

    @Test
    void rootHelpListsEveryCommandAndTheExitStatuses() {
        Cli.Result result = Cli.run(ENV, "--help");
        assertEquals(0, result.status());
        for (String command : List.of("run", "status", "validate-config", "reflect", "reset", "demo")) {
            assertTrue(result.out().contains("  " + command + " "), command);
        }
        assertTrue(result.out().contains("75"), result.out());
    }

    @Test
    void helpAndAnUnknownCommandStillSeeEveryCommand() {
        Cli.Result help = Cli.run(ENV, "help");
        Cli.Result unknown = Cli.run(ENV, "statsu");
        assertEquals(0, help.status(), help::toString);
        assertEquals(2, unknown.status(), unknown::toString);
        for (String command : List.of("run", "status", "validate-config", "reflect", "reset", "demo")) {
            assertTrue(help.out().contains("  " + command + " "), command + " in\n" + help.out());
        }
        assertTrue(unknown.err().contains("status"), "the suggestion: " + unknown.err());
        assertTrue(Cli.run(ENV, "help", "status").out().contains("Usage: replicate status"));
    }

    @Test
    void aCallBuildsOnlyTheSubcommandItRuns() {
        Context context = new Context(System.out, System.err, ENV, java.time.Clock.systemUTC());
        assertEquals(List.of("run"), List.copyOf(Main.commandLine(context, "run").getSubcommands().keySet()));
        assertEquals(ReplicateCommand.SUBCOMMANDS.keySet(), Main.commandLine(context, "help").getSubcommands().keySet());
        assertEquals(ReplicateCommand.SUBCOMMANDS.keySet(), Main.commandLine(context, null).getSubcommands().keySet());
        assertEquals("status", Main.invokedSubcommand("status", "-v", "--config", "x.json"));
        assertEquals(null, Main.invokedSubcommand("-h", "run"));
    }

    @Test
    void anOptionBeforeTheCommandStillListsEveryCommand() {
        for (String option : List.of("-h", "--help")) {
            Cli.Result result = Cli.run(ENV, option, "run");
            for (String command : List.of("run", "status", "validate-config", "reflect", "reset", "demo")) {
                assertTrue(result.out().contains("  " + command + " "), option + " run: " + command + " in\n" + result.out());
            }
        }
    }

    @Test
    void theSubcommandTableUsesEachCommandsOwnName() {
        ReplicateCommand.SUBCOMMANDS.forEach((name, type) ->
                assertEquals(name, new picocli.CommandLine(type).getCommandName(), type.getName()));
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Cli.Result result = Cli.run(ENV, "--version");
        assertEquals(0, result.status());
        assertTrue(result.out().startsWith("replicate " + VersionProvider.version() + System.lineSeparator()), result.out());
        assertTrue(VersionProvider.version().matches("\\d+\\.\\d+\\.\\d+.*"), VersionProvider.version());
        assertEquals(result.out(), Cli.run(ENV, "status", "--version").out());
    }

    @Test
    void noCommandShowsUsageOnStderrWithStatusTwo() {
        Cli.Result result = Cli.run(Cli.environment(Map.of(), false, Path.of("/")));
        assertEquals(2, result.status());
        assertEquals("", result.out());
        assertTrue(result.err().contains("Usage: replicate"));
    }
}
