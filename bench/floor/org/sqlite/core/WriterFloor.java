package org.sqlite.core;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A floor for a first sync's writer (issue #17): the least a JVM needs to write a table's rows into a
 * new SQLite file through sqlite-jdbc, the way replicate's writer must (WAL, one transaction per page
 * of PAGE rows, replicate's pragmas). The rows are the exact values of a replica a first sync wrote
 * (loaded into memory first, not timed), and they are written with a plain INSERT (the cheapest
 * statement for an empty table) by sqlite-jdbc's own native binds, one call per value, as replicate's
 * DirectUpsert does: no source, no reader thread, no conversion, no state. It lives in sqlite-jdbc's
 * package for those package-private binds. bench/floors.sh compiles and runs it in a fresh JVM with
 * the launcher's options, so its JIT is as cold as a first sync's writer.
 *
 * <p>Prints one line: milliseconds of the write (first row bound to last commit), rows. A first sync
 * cannot take less than a JVM's start (bench/JvmFloor.java) plus this.
 *
 * <p>Usage: {@code java org.sqlite.core.WriterFloor REPLICA.db TABLE NEW.db PAGE [CHUNK]}
 */
public final class WriterFloor {
    private static final int SQLITE_DONE = 101;

    public static void main(String[] args) throws Exception {
        String table = args[1];
        int page = Integer.parseInt(args[3]);
        // Rows are loaded CHUNK at a time (not timed), so that a 10M-row table does not need its rows in
        // memory at once; only the writes are timed, and they are one sequence of pages as in a sync.
        int chunk = args.length > 4 ? Integer.parseInt(args[4]) : Integer.MAX_VALUE;
        try (Connection from = ReplicaFile.open(args[0]);
             Statement statement = from.createStatement();
             Connection to = ReplicaFile.open(args[2])) {
            String create;
            try (ResultSet rs = statement.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")) {
                rs.next();
                create = rs.getString(1);
            }
            try (Statement setup = to.createStatement()) {
                setup.execute("PRAGMA page_size = 8192");
                setup.execute("PRAGMA journal_mode = WAL");
                setup.execute("PRAGMA synchronous = NORMAL");
                // replicate's page cache while a first sync appends in integer key order (Replica#appending)
                setup.execute("PRAGMA cache_size = -16384");
                setup.execute("PRAGMA temp_store = MEMORY");
                setup.execute(create);
            }
            to.setAutoCommit(false);
            long written = 0;
            long nanos = 0;
            int inPage = 0;
            try (ResultSet rs = statement.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY rowid")) {
                int columns = rs.getMetaData().getColumnCount();
                String marks = "?" + ",?".repeat(columns - 1);
                try (PreparedStatement insert = to.prepareStatement("INSERT INTO \"" + table + "\" VALUES (" + marks + ")")) {
                    NativeDB db = (NativeDB) ((CoreStatement) insert).getDatabase();
                    long pointer = ((CoreStatement) insert).pointer.safeRunLong((database, handle) -> handle);
                    List<Object[]> rows = new ArrayList<>();
                    boolean more = true;
                    while (more) {
                        rows.clear();
                        while (rows.size() < chunk && (more = rs.next())) {
                            Object[] row = new Object[columns];
                            for (int i = 0; i < columns; i++) {
                                Object value = rs.getObject(i + 1);
                                row[i] = value instanceof Integer n ? Long.valueOf(n) : value;
                            }
                            rows.add(row);
                        }
                        long start = System.nanoTime();
                        for (Object[] row : rows) {
                            write(db, pointer, row, columns);
                            if (++inPage == page) {
                                to.commit();
                                inPage = 0;
                            }
                        }
                        nanos += System.nanoTime() - start;
                        written += rows.size();
                    }
                    long start = System.nanoTime();
                    to.commit();
                    nanos += System.nanoTime() - start;
                }
            }
            System.out.printf("%d\t%d%n", nanos / 1_000_000, written);
        }
    }

    /** One row, one native call per value, as replicate's DirectUpsert binds them. */
    private static void write(NativeDB db, long pointer, Object[] row, int columns) throws SQLException {
        for (int i = 0; i < columns; i++) {
            Object value = row[i];
            int rc;
            if (value == null) {
                rc = db.bind_null(pointer, i + 1);
            } else if (value instanceof Long n) {
                rc = db.bind_long(pointer, i + 1, n);
            } else if (value instanceof Double d) {
                rc = db.bind_double(pointer, i + 1, d);
            } else if (value instanceof byte[] b) {
                rc = db.bind_blob(pointer, i + 1, b);
            } else {
                rc = db.bind_text_utf8(pointer, i + 1, ((String) value).getBytes(StandardCharsets.UTF_8));
            }
            if (rc != 0) {
                db.throwex(rc);
            }
        }
        int rc = db.step(pointer);
        if (rc != SQLITE_DONE) {
            db.reset(pointer);
            db.throwex(rc);
        }
        db.reset(pointer);
    }
}
