package dev.replicate.testing;

import dev.replicate.cli.Environment;
import dev.replicate.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process, as cron would (no terminal), and keeps what it printed. */
public final class CliRun {
    public final int status;
    public final String out;
    public final String err;

    private CliRun(int status, String out, String err) {
        this.status = status;
        this.out = out;
        this.err = err;
    }

    /** {@code command --config CONFIG --db DATABASE} and then {@code more}. */
    public static CliRun on(Path workingDir, String command, Path config, Path database, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command, "--config", config.toString(),
                "--db", database.toString()));
        args.addAll(java.util.List.of(more));
        return run(workingDir, args.toArray(String[]::new));
    }

    public static CliRun run(Path workingDir, String... args) {
        return run(workingDir, Map.of(), false, Clock.systemUTC(), args);
    }

    public static CliRun run(Path workingDir, Map<String, String> variables, boolean interactive, Clock clock,
                             String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(variables);
        int status = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new Environment(env, interactive, workingDir), clock, args);
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
