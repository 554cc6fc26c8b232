package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints aside (AsideCheckpoints): the pages a writer commits reach the file while it writes,
 * with its own automatic checkpoints off; the log is started over, so it stays bounded; every row is
 * there, for another connection too; the writer gets its automatic checkpoints back. Turned off
 * (the fallback, -Dreplicate.sqlite.checkpointAside=false), nothing of that happens.
 */
class AsideCheckpointsTest {
    /**
     * Rows of about 8 KiB each, 20 per page, 96 MiB in all; the log is started over past 256 pages (2 MiB),
     * so that the writer's restart is due many times whatever the timing of the thread aside.
     */
    private static final long RESTART_FRAMES = 256;
    private static final int PAGES = 600;
    private static final int ROWS_PER_PAGE = 20;

    @TempDir
    Path folder;

    @Test
    void theLogIsCheckpointedAsideAndStartedOver() throws Exception {
        Path file = folder.resolve("aside.db");
        Written written = write(file, true);
        assertEquals(0, written.autocheckpointWhileWriting(), "the writer's own checkpoints are off meanwhile");
        assertEquals(1000, written.autocheckpointAfter(), "and back after");
        assertTrue(written.fileGrewWhileWriting(), "pages reached the file before the writes ended");
        assertTrue(written.restarts() >= 1, "the writer had the log started over " + written.restarts() + " times");
        long bound = (long) PAGES * ROWS_PER_PAGE * 8192 / 3;
        assertTrue(written.largestLog() < bound, "the log started over: it reached " + written.largestLog()
                + " bytes of the " + (long) PAGES * ROWS_PER_PAGE * 8192 + " written");
        assertRows(file);
    }

    @Test
    void turnedOffTheWriterCheckpointsItself() throws Exception {
        assertTrue(WriteSettings.DEFAULT.checkpointAside(), "on unless turned off");
        assertFalse(withProperty(), "-Dreplicate.sqlite.checkpointAside=false turns it off");
        Path file = folder.resolve("writer.db");
        Written written = write(file, false);
        assertEquals(1000, written.autocheckpointWhileWriting(), "SQLite's automatic checkpoints stay on");
        assertEquals(1000, written.autocheckpointAfter());
        assertEquals(0, written.restarts());
        assertRows(file);
    }

    private static boolean withProperty() {
        String before = System.getProperty("replicate.sqlite.checkpointAside");
        System.setProperty("replicate.sqlite.checkpointAside", "false");
        try {
            return WriteSettings.fromSystemProperties().checkpointAside();
        } finally {
            if (before == null) {
                System.clearProperty("replicate.sqlite.checkpointAside");
            } else {
                System.setProperty("replicate.sqlite.checkpointAside", before);
            }
        }
    }

    private record Written(int autocheckpointWhileWriting, int autocheckpointAfter, boolean fileGrewWhileWriting,
                           long largestLog, int restarts) {
    }

    private static Written write(Path file, boolean aside) throws Exception {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        try (Replica replica = Replica.openForWriting(file)) {
            TargetTable table = TargetTable.prepare(replica, "t", List.of(
                    new SourceColumn("id", "bigint", SqliteType.INTEGER, Optional.empty()),
                    new SourceColumn("v", "text", SqliteType.TEXT, Optional.empty())), List.of("id"));
            int whileWriting;
            long fileBefore = Files.size(file);
            long fileWhileWriting;
            long largestLog = 0;
            int restarts;
            try (AutoCloseable checkpoints = AsideCheckpoints.start(replica, aside, RESTART_FRAMES);
                 PageWriter writer = new PageWriter(replica, table, WriteSettings.DEFAULT)) {
                whileWriting = autocheckpoint(replica);
                long id = 0;
                for (int page = 0; page < PAGES; page++) {
                    for (int r = 0; r < ROWS_PER_PAGE; r++) {
                        id++;
                        writer.add(new Object[] {id, value(id)}, null);
                    }
                    writer.flush();
                    replica.commit();
                    largestLog = Math.max(largestLog, Files.size(wal));
                }
                fileWhileWriting = Files.size(file);
                restarts = checkpoints instanceof AsideCheckpoints running ? running.restarts() : 0;
            }
            return new Written(whileWriting, autocheckpoint(replica), fileWhileWriting > fileBefore + 8192 * 100,
                    largestLog, restarts);
        }
    }

    private static String value(long id) {
        return (id + ":").repeat(8000 / (Long.toString(id).length() + 1));
    }

    private static int autocheckpoint(Replica replica) throws SQLException {
        try (Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA wal_autocheckpoint")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void assertRows(Path file) throws SQLException {
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = reader.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, v FROM t ORDER BY id")) {
            long expected = 0;
            while (rs.next()) {
                expected++;
                assertEquals(expected, rs.getLong(1));
                assertEquals(value(expected), rs.getString(2));
            }
            assertEquals((long) PAGES * ROWS_PER_PAGE, expected);
        }
    }
}
