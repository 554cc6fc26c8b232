package dev.replicate.demo;

import dev.replicate.log.Counted;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.ReplicaException;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code replicate demo}: the tool at work on data that is safe to play with. It starts its own
 * PostgreSQL, fills it with a small shop, writes a configuration, and runs replicate twice with the
 * real commands in between changes at the source, so what it prints is what replicate prints.
 */
public final class Demo {
    /** Runs a replicate command line in-process and returns its exit status. */
    @FunctionalInterface
    public interface Replicate {
        int run(List<String> args);
    }

    /** Where the demo left its files, and what the SQLite file held at the end. */
    public record Result(Path directory, Path database, Path config, Map<String, Long> facts) {
    }

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private final Path directory;
    private final Path workingDir;
    private final PrintStream out;
    private final Replicate replicate;
    private final boolean runsReport;

    /**
     * @param directory   the folder for the configuration and the SQLite file
     * @param workingDir  where paths are shown relative to
     * @param runsReport  whether {@code replicate run} prints a line per table itself (at a terminal);
     *                    if not, the demo says what each run pulled
     */
    public Demo(Path directory, Path workingDir, PrintStream out, Replicate replicate, boolean runsReport) {
        this.directory = directory.toAbsolutePath().normalize();
        this.workingDir = workingDir.toAbsolutePath().normalize();
        this.out = out;
        this.replicate = replicate;
        this.runsReport = runsReport;
    }

    public Result run() throws DemoException {
        DemoFolder folder;
        try {
            folder = DemoFolder.prepare(directory);
        } catch (IOException e) {
            throw new DemoException(DemoException.Kind.USAGE, "cannot prepare the folder " + directory + ": " + e.getMessage(), e);
        }
        out.println("replicate demo: a throw-away PostgreSQL, a SQLite file and two runs."
                + " Your own databases are not touched.");
        out.println();
        Path data;
        try {
            data = Files.createTempDirectory("replicate-demo-postgres");
        } catch (IOException e) {
            throw new DemoException(DemoException.Kind.STEP_FAILED, "cannot create a temporary folder: " + e.getMessage(), e);
        }
        step(1, "Starting an embedded PostgreSQL (its data in " + data + ", deleted at the end)");
        long started = System.nanoTime();
        DemoServer server;
        try {
            server = DemoServer.start(data);
        } catch (IOException | RuntimeException e) {
            throw new DemoException(DemoException.Kind.STEP_FAILED, "the embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
        Map<String, Long> facts;
        try (server) {
            out.printf(Locale.ROOT, "   listening on 127.0.0.1:%d (started in %.1f s)%n", server.port(), (System.nanoTime() - started) / 1e9);
            facts = play(server, folder);
        } catch (IOException e) {
            throw new DemoException(DemoException.Kind.STEP_FAILED, "cannot stop the embedded PostgreSQL: " + e.getMessage(), e);
        }
        out.println();
        out.println("The embedded PostgreSQL has stopped and its data is gone. Your files are in " + folder.directory() + ":");
        out.println("  " + DemoFolder.CONFIG + "  the configuration (it names the demo's PostgreSQL, which has stopped)");
        out.println("  " + DemoFolder.DATABASE + "         the SQLite file, kept for you to look into");
        out.println();
        out.println("The SQLite file: " + folder.database());
        out.println("Look inside:");
        out.println("  sqlite3 " + shell(folder.database().toString())
                + " 'select status, count(*), sum(total) from orders group by status'");
        out.println("  sqlite3 " + shell(folder.database().toString())
                + " 'select target, last_value, last_rows_pulled from _replicate_watermarks'");
        return new Result(folder.directory(), folder.database(), folder.config(), facts);
    }

    private Map<String, Long> play(DemoServer server, DemoFolder folder) throws DemoException {
        try (Connection source = server.connect()) {
            step(2, "Creating a small shop: " + DemoShop.CUSTOMERS + " customers and " + DemoShop.ORDERS
                    + " orders (updated in place, watermark updated_at), " + DemoShop.EVENTS
                    + " events (append-only, no primary key)");
            DemoShop.create(source);

            step(3, "Writing the configuration " + show(folder.config()));
            try {
                DemoConfig.write(folder.config(), server.replicateUrl(), folder.database());
            } catch (IOException e) {
                throw new DemoException(DemoException.Kind.STEP_FAILED, "cannot write " + folder.config() + ": " + e.getMessage(), e);
            }

            step(4, "First run: every row is new");
            replicate(folder, "run");
            report(folder);

            step(5, "Changing the source: " + DemoShop.SHIPPED_ORDERS + " orders ship (updates), "
                    + DemoShop.NEW_CUSTOMERS + " new customers, " + DemoShop.NEW_ORDERS + " new orders, "
                    + DemoShop.NEW_EVENTS + " new events");
            DemoShop.change(source);

            step(6, "Second run: what changed, plus the rows at the last watermark, which every run reads again"
                    + " (--force, since the tables ran a moment ago and are due again in a minute)");
            replicate(folder, "run", "--force");
            report(folder);

            step(7, "What replicate knows about each table");
            replicate(folder, "status");

            return check(source, folder);
        } catch (SQLException e) {
            throw new DemoException(DemoException.Kind.STEP_FAILED, "the demo's PostgreSQL refused: " + e.getMessage(), e);
        }
    }

    private void replicate(DemoFolder folder, String... command) throws DemoException {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--config", show(folder.config()), "--db", show(folder.database())));
        out.println("   $ replicate " + args.stream().map(Demo::shell).collect(Collectors.joining(" ")));
        out.flush();
        List<String> absolute = new ArrayList<>(List.of(command));
        absolute.addAll(List.of("--config", folder.config().toString(), "--db", folder.database().toString()));
        int status = replicate.run(absolute);
        if (status != 0) {
            throw new DemoException(DemoException.Kind.STEP_FAILED, "`replicate " + String.join(" ", command)
                    + "` ended with exit status " + status + "; the files are left in " + folder.directory());
        }
    }

    /** What the last run pulled, from the state table every run keeps. */
    private void report(DemoFolder folder) throws DemoException {
        if (runsReport) {
            return;
        }
        try (Replica replica = Replica.openForReading(folder.database())) {
            List<TableState> states = new StateStore(replica).all();
            out.println("   pulled: " + states.stream().map(Demo::pulled).collect(Collectors.joining(", ")));
        } catch (ReplicaException | SQLException e) {
            throw new DemoException(DemoException.Kind.STEP_FAILED, "cannot read " + folder.database() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A table's last run: its rows, and apart those re-read at or behind the watermark it started from
     * (the rest are past it: new or changed since the run before).
     */
    private static String pulled(TableState state) {
        long reread = state.lastRowsReread();
        return state.target() + " " + Counted.rows(state.lastRowsPulled()) + (reread == 0 ? ""
                : " (" + (state.lastRowsPulled() - reread) + " new or changed, " + reread + " re-read)");
    }

    /** The SQLite file must now hold exactly what the source holds. */
    private Map<String, Long> check(Connection source, DemoFolder folder) throws SQLException, DemoException {
        Map<String, Long> expected = DemoShop.facts(source, false);
        Map<String, Long> actual;
        try (Connection sqlite = java.sql.DriverManager.getConnection("jdbc:sqlite:" + folder.database())) {
            actual = DemoShop.facts(sqlite, true);
        }
        if (!expected.equals(actual)) {
            throw new DemoException(DemoException.Kind.STEP_FAILED, "the SQLite file does not match the source: "
                    + actual + " instead of " + expected);
        }
        out.println();
        out.println("Checked: " + show(folder.database()) + " matches the source ("
                + actual.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ").");
        return actual;
    }

    private void step(int number, String text) {
        out.println(number + ". " + text);
        out.flush();
    }

    /** A path as the user would type it from where they are. */
    private String show(Path path) {
        return path.startsWith(workingDir) ? workingDir.relativize(path).toString() : path.toString();
    }

    static String shell(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
