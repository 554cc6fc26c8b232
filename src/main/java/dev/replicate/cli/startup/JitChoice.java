package dev.replicate.cli.startup;

import dev.replicate.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Tells the launcher how to compile the next run of the same command line: a run that pulled fewer than
 * {@link #FEW_ROWS} rows writes {@value #FEW} into the file the launcher names ({@code -Dreplicate.jit.hint}),
 * or {@value #FEW_MANY_TABLES} when it ran at least {@link #MANY_TABLES} tables, any other {@value #MANY}. On
 * the first two the launcher starts that command line's next run with C1 alone, on the second also compiling
 * sooner (bin/replicate says why; the figures are in BENCHMARKS.md). Cron's every-minute runs pull few rows;
 * a first sync or a big catch-up pulls many, and the run after it keeps C2. A run with no table due leaves the
 * file as it was.
 *
 * <p>Only start-up speed depends on the file: one that cannot be written stays as it was (a debug line), and
 * the run's outcome never changes. It holds one of the two phrases and nothing else (the launcher names it
 * by a hash of the command line, so no argument is written anywhere either).
 */
public final class JitChoice {
    static final String PROPERTY = "replicate.jit.hint";
    /**
     * Below this, C1 alone: a first sync of 100,000 rows took 0.72 s with it against 0.78 s with C2 (a
     * million rows: 18% longer), so the line sits where C1 still wins, not at the break-even.
     */
    static final long FEW_ROWS = 100_000;
    /**
     * From here on, C1 compiles sooner as well: a method run once per table is then worth compiling early.
     * With a quarter of the thresholds, 500 tables with nothing to pull took 18-21% less time; one table took
     * 10% more and 50 tables as long, each for 0.1 s more CPU: the line sits between.
     */
    static final int MANY_TABLES = 200;
    static final String FEW = "few rows";
    static final String FEW_MANY_TABLES = "few rows, many tables";
    static final String MANY = "many rows";
    /** Files of command lines not run for this long are removed when a new one is written. */
    static final Duration UNUSED = Duration.ofDays(30);

    private JitChoice() {
    }

    /** Records a finished run's rows and tables for the launcher, if it named a file. */
    public static void record(long rowsPulled, int tables) {
        String file = System.getProperty(PROPERTY, "");
        if (!file.isEmpty()) {
            record(Path.of(file), rowsPulled, tables, Instant.now());
        }
    }

    static void record(Path file, long rowsPulled, int tables, Instant now) {
        String choice = rowsPulled >= FEW_ROWS ? MANY : tables >= MANY_TABLES ? FEW_MANY_TABLES : FEW;
        try {
            boolean existed = Files.exists(file);
            if (tables == 0) {
                // Nothing was due (cron every minute, a table due hourly): such a run says nothing of the next due
                // one, which should start as the last due run did, so the choice stays; its line still runs.
                if (existed) {
                    Files.setLastModifiedTime(file, FileTime.from(now));
                }
                return;
            }
            if (existed && Files.readString(file, StandardCharsets.UTF_8).strip().equals(choice)) {
                // As it was: touched only, so that its age says when its command line last ran.
                Files.setLastModifiedTime(file, FileTime.from(now));
                return;
            }
            // Whole or not at all: the launcher reads it while other runs may write it.
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".replicate-run-", ".tmp");
            try {
                Files.writeString(temporary, choice + "\n", StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            if (!existed) {
                removeUnused(file.toAbsolutePath().getParent(), now);
            }
        } catch (IOException | RuntimeException e) {
            Log.debug(e, "JIT choice: cannot write {}", file);
        }
    }

    /** Removes the files of command lines that have not run for {@link #UNUSED}: one is made per command line. */
    private static void removeUnused(Path folder, Instant now) throws IOException {
        Instant before = now.minus(UNUSED);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "replicate-run-*.jit")) {
            for (Path old : files) {
                try {
                    if (Files.getLastModifiedTime(old).toInstant().isBefore(before)) {
                        Files.delete(old);
                    }
                } catch (NoSuchFileException gone) {
                    // another run removed it
                }
            }
        }
    }
}
