package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.sqlite.ReplicaException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a command throws becomes its exit status in one place (Main's handler and picocli's exit-code
 * mapper), not in a catch per command: a command that does not catch still ends as documented.
 */
class ExitStatusMappingTest {
    @TempDir
    Path dir;

    static Stream<String> commands() {
        return ReplicateCommand.SUBCOMMANDS.keySet().stream().filter(name -> !name.equals("help"));
    }

    /** The command with what it needs to parse: reset wants a target. */
    private static String[] args(String command, String... more) {
        Stream<String> required = command.equals("reset") ? Stream.of("orders") : Stream.empty();
        return Stream.of(Stream.of(command), Stream.of(more), required).flatMap(s -> s).toArray(String[]::new);
    }

    /**
     * Every command reads the environment variables before anything else can fail (the connectors'
     * class path, or for the demo the variables it passes on), so a map that fails there makes every
     * command meet a ReplicaException, although none of them catches one for it: the status must come
     * from the mapping alone.
     */
    @ParameterizedTest
    @MethodSource("commands")
    void aReplicaExceptionFromAnyCommandIs74WithItsMessage(String command) {
        Environment environment = new Environment(new FailingVariables(), false, dir);
        String[] args = args(command);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, Clock.systemUTC(), args);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitStatus.REPLICA_ERROR, status, command + ": " + stderr);
        assertEquals("replicate: " + FailingVariables.MESSAGE + System.lineSeparator(), stderr, command);
        assertFalse(stderr.contains("internal error"), command);
    }

    /** picocli asks the same mapper about a command line it cannot parse: that stays a usage error. */
    @ParameterizedTest
    @MethodSource("commands")
    void anUnknownOptionToAnyCommandIsStillAUsageError(String command) {
        Cli.Result result = Cli.run(Cli.cron(dir), args(command, "--no-such-option"));
        assertEquals(ExitStatus.USAGE, result.status(), result::toString);
        assertTrue(result.err().contains("--no-such-option"), result::toString);
    }

    /** The real thing for a command that opens the file: not a SQLite file is 74, said in SQLite's words. */
    @Test
    void aFileThatIsNotSqliteIs74ForStatusAndReset() throws Exception {
        Path config = dir.resolve("replicate.json");
        Files.writeString(config, """
                [ { "source": "postgres", "conn": "postgres://u@127.0.0.1:1/db",
                    "tables": [ { "name": "orders", "watermark": "updated_at", "target": "orders" } ] } ]""");
        Path notSqlite = dir.resolve("replica.db");
        Files.writeString(notSqlite, "not a database, although its name says so".repeat(100));
        for (String[] command : new String[][] {{"status"}, {"reset", "orders"}}) {
            String[] args = Stream.concat(Stream.of(command), Stream.of("--config", config.toString(), "--db",
                    notSqlite.toString())).toArray(String[]::new);
            Cli.Result result = Cli.run(Cli.cron(dir), args);
            assertEquals(ExitStatus.REPLICA_ERROR, result.status(), result::toString);
            assertTrue(result.err().startsWith("replicate: ") && !result.err().contains("internal error"),
                    result::toString);
        }
    }

    @Test
    void theMappingItself() {
        assertEquals(ExitStatus.REPLICA_ERROR, ExitStatus.of(new ReplicaException("disk full")));
        assertEquals(ExitStatus.LOCKED, ExitStatus.of(ReplicateException.quiet(ExitStatus.LOCKED, "held")));
        assertEquals(ExitStatus.USAGE, ExitStatus.of(new ReplicateException(ExitStatus.USAGE, "bad")));
        assertEquals(ExitStatus.SOFTWARE, ExitStatus.of(new IllegalStateException("a bug")));
    }

    /** Environment variables whose reading fails as the SQLite file would: a checked exception, thrown unchecked. */
    private static final class FailingVariables extends AbstractMap<String, String> {
        static final String MESSAGE = "disk I/O error (the test's)";

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return FailingVariables.<RuntimeException>sneaky(new ReplicaException(MESSAGE));
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> Set<Map.Entry<String, String>> sneaky(Throwable thrown) throws E {
            throw (E) thrown;
        }
    }
}
