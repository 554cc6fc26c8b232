package dev.replicate.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Trouble with the SQLite file itself: its directory missing, the file read-only, the disk full. The
 * run stops with a clear message and exit 74, and leaves nothing half-written: the file passes
 * {@code PRAGMA integrity_check} and every table's watermark matches its rows.
 */
public abstract class SqliteTroubleScenarios extends FaultScenarioBase {

    @Test
    void aMissingDirectoryExits74WithAClearMessageAndCreatesNothing() {
        createTable("nodir_items", true);
        insertRows("nodir_items", 1, 10, 1);
        Path missing = work.resolve("no/such/dir");
        CliRun result = run(config(sourceJson(tableJson("nodir_items", ""))), missing.resolve("replica.db"));
        assertEquals(74, result.status, result::toString);
        assertEquals("replicate: the directory of the SQLite file does not exist: " + missing + "\n", result.err);
        assertFalse(Files.exists(work.resolve("no")), "nothing may be created on the way");
    }

    @Test
    void aReadOnlyFileExits74AndIsLeftExactlyAsItWas() throws Exception {
        String table = "ro_items";
        createTable(table, true);
        insertRows(table, 1, 500, 1);
        Path config = config(sourceJson(tableJson(table, "")));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createDirectory(work.resolve("ro"));
        // Root writes through file permissions, so as root the whole filesystem is made read-only.
        SmallFilesystem filesystem = null;
        if (root) {
            try {
                filesystem = SmallFilesystem.mount(dir, "16m");
            } catch (IOException e) {
                Assumptions.abort("as root, only a read-only mount makes the file read-only, and mounting failed: "
                        + e.getMessage());
            }
        }
        try {
            Path replica = dir.resolve("replica.db");
            runOk(config, replica);
            insertRows(table, 501, 100, 1);
            if (root) {
                filesystem.remount("ro");
            } else {
                Files.setPosixFilePermissions(replica, PosixFilePermissions.fromString("r--r--r--"));
            }
            byte[] before = digest(replica);
            CliRun result = run(config, replica);
            assertEquals(74, result.status, result::toString);
            assertTrue(result.err.toLowerCase().contains("read-only"), "the message should say read-only: " + result.err);
            assertEquals(1, result.err.split(java.util.regex.Pattern.quote(dir.toString()), -1).length - 1,
                    "the message should name the file once: " + result.err);
            assertArrayEquals(before, digest(replica), "the read-only file changed");
            if (root) {
                // A WAL-mode file on read-only media cannot even be read without its -shm file (SQLite's
                // rule, see the README, "What it cannot do"); the digest above already shows it is unchanged.
                filesystem.remount("rw");
            }
            assertIntegrityOk(replica);
            assertConsistentWithWatermark(replica, table);
            System.out.println("[faults] read-only: " + result.err.strip());
        } finally {
            if (filesystem != null) {
                filesystem.close();
            }
        }
    }

    @Test
    void aFullDiskExits74AndLeavesNothingHalfWrittenThenCatchesUp() throws Exception {
        String table = "full_items";
        createTable(table, true);
        insertRows(table, 1, 40_000, 3);
        Path config = config(sourceJson(tableJson(table, "\"pageSize\": 500")));
        Path dir = Files.createDirectory(work.resolve("small"));
        SmallFilesystem filesystem;
        try {
            filesystem = SmallFilesystem.mount(dir, "1m");
        } catch (IOException e) {
            Assumptions.abort("cannot make a small filesystem to fill: " + e.getMessage());
            return;
        }
        try (filesystem) {
            Path replica = dir.resolve("replica.db");
            CliRun full = run(config, replica);
            System.out.println("[faults] disk full: " + full.err.strip());
            assertEquals(74, full.status, full::toString);
            assertTrue(full.err.contains("disk is full"), "the message should say the disk is full: " + full.err);
            assertIntegrityOk(replica);
            assertConsistentWithWatermark(replica, table);
            long partial = countOrZero(replica, table);
            assertTrue(partial < 40_000, "the disk did not fill");

            filesystem.remount("size=64m");
            runOk(config, replica);
            assertIntegrityOk(replica);
            assertReplicaEqualsSource(replica, table);
        }
    }

    private static byte[] digest(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}
