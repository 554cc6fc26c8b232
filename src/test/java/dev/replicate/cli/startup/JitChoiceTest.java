package dev.replicate.cli.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitChoiceTest {
    private static final Instant NOW = Instant.parse("2026-12-07T22:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aRunBelowTheLinesSaysFewRowsOrFewRowsOfManyTablesAndOneAtItManyRows() throws Exception {
        Path file = dir.resolve("replicate-run-0000abcd.jit");
        JitChoice.record(file, 0, 1, NOW);
        assertEquals("few rows\n", Files.readString(file));
        JitChoice.record(file, JitChoice.FEW_ROWS - 1, 1, NOW);
        assertEquals("few rows\n", Files.readString(file));
        JitChoice.record(file, JitChoice.FEW_ROWS, 1, NOW);
        assertEquals("many rows\n", Files.readString(file));
        JitChoice.record(file, 3, 1, NOW);
        assertEquals("few rows\n", Files.readString(file));
        JitChoice.record(file, JitChoice.FEW_ROWS - 1, JitChoice.MANY_TABLES - 1, NOW);
        assertEquals("few rows\n", Files.readString(file));
        JitChoice.record(file, JitChoice.FEW_ROWS - 1, JitChoice.MANY_TABLES, NOW);
        assertEquals("few rows, many tables\n", Files.readString(file));
        JitChoice.record(file, JitChoice.FEW_ROWS, JitChoice.MANY_TABLES, NOW);
        assertEquals("many rows\n", Files.readString(file));
        assertEquals(List.of(file), files(), "no temporary file is left");
    }

    /**
     * Cron runs every minute while a table is due hourly: the 59 runs with nothing due must not tell the launcher
     * anything, or the due run after them would always start with C1, however many rows that line pulled last.
     */
    @Test
    void aRunWithNoTableDueLeavesTheChoiceAsItWasAndWritesNoneWhereThereWasNone() throws Exception {
        Path file = dir.resolve("replicate-run-0000abce.jit");
        JitChoice.record(file, 0, 0, NOW);
        assertEquals(List.of(), files(), "a run with no table due makes no file");
        JitChoice.record(file, JitChoice.FEW_ROWS, 1, NOW.minus(Duration.ofDays(2)));
        JitChoice.record(file, 0, 0, NOW);
        assertEquals("many rows\n", Files.readString(file));
        assertEquals(NOW, Files.getLastModifiedTime(file).toInstant(), "touched: its command line still runs");
    }

    /** The file's age says when its command line last ran, for the removal of files no line uses any more. */
    @Test
    void anUnchangedChoiceIsTouchedAndFilesUnusedForAMonthGoWhenANewOneIsMade() throws Exception {
        Path kept = dir.resolve("replicate-run-00000001.jit");
        JitChoice.record(kept, 5, 1, NOW.minus(Duration.ofDays(40)));
        JitChoice.record(kept, 5, 1, NOW.minus(Duration.ofDays(1)));
        assertEquals(NOW.minus(Duration.ofDays(1)), Files.getLastModifiedTime(kept).toInstant());
        Path old = Files.writeString(dir.resolve("replicate-run-00000002.jit"), "many rows\n");
        Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofDays(31))));
        Path notOurs = Files.writeString(dir.resolve("notes.jit"), "");
        Files.setLastModifiedTime(notOurs, FileTime.from(NOW.minus(Duration.ofDays(300))));

        JitChoice.record(dir.resolve("replicate-run-00000003.jit"), 5, 1, NOW);
        assertEquals(List.of(notOurs, kept, dir.resolve("replicate-run-00000003.jit")), files());
    }

    /** Only start-up time depends on the file: one that cannot be written never fails the run, nor leaves a temporary file. */
    @Test
    void aFileThatCannotBeWrittenIsLeftAsItWasAndTheRunAlone() throws Exception {
        Path taken = Files.createDirectories(dir.resolve("replicate-run-00000004.jit/inside"));
        JitChoice.record(taken.getParent(), 1, 1, NOW);
        JitChoice.record(taken.getParent(), JitChoice.FEW_ROWS, 1, NOW);
        assertTrue(Files.isDirectory(taken));
        assertEquals(List.of(taken.getParent()), files());
        JitChoice.record(dir.resolve("missing/replicate-run-00000005.jit"), 1, 1, NOW);
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
