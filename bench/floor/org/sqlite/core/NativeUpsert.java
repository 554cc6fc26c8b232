package org.sqlite.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The incremental floors' write: every row of a source's result upserted into the replica's table by its
 * key (the first column, id) through sqlite-jdbc's package-private native binds, one call per value, as
 * replicate's DirectUpsert does; each value the bytes of the server's text, as the driver received them.
 */
final class NativeUpsert {
    private static final int SQLITE_DONE = 101;

    /** What was written: the rows, and the last one's watermark (the second column), null when none. */
    record Written(int rows, byte[] watermark) {
    }

    private NativeUpsert() {
    }

    static Written all(Connection replica, String target, ResultSet rs) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        StringBuilder sql = new StringBuilder("INSERT INTO \"" + target + "\" VALUES (?" + ",?".repeat(columns - 1)
                + ") ON CONFLICT (id) DO UPDATE SET ");
        for (int i = 2; i <= columns; i++) {
            String name = rs.getMetaData().getColumnName(i);
            sql.append(i > 2 ? ", " : "").append('"').append(name).append("\" = excluded.\"").append(name).append('"');
        }
        int rows = 0;
        byte[] watermark = null;
        try (PreparedStatement upsert = replica.prepareStatement(sql.toString())) {
            NativeDB db = (NativeDB) ((CoreStatement) upsert).getDatabase();
            long pointer = ((CoreStatement) upsert).pointer.safeRunLong((database, handle) -> handle);
            while (rs.next()) {
                check(db, db.bind_long(pointer, 1, rs.getLong(1)));
                for (int i = 2; i <= columns; i++) {
                    byte[] value = rs.getBytes(i);
                    check(db, value == null ? db.bind_null(pointer, i) : db.bind_text_utf8(pointer, i, value));
                }
                watermark = rs.getBytes(2);
                int rc = db.step(pointer);
                if (rc != SQLITE_DONE) {
                    db.reset(pointer);
                    db.throwex(rc);
                }
                db.reset(pointer);
                rows++;
            }
        }
        return new Written(rows, watermark);
    }

    private static void check(NativeDB db, int rc) throws SQLException {
        if (rc != 0) {
            db.throwex(rc);
        }
    }
}
