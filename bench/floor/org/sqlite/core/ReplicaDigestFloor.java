package org.sqlite.core;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * A floor for the replica's share of one verify pass (issue #18): the least a fresh JVM needs to read
 * every stored value of a table through sqlite-jdbc and put it through md5. Each value costs two
 * native calls, the fewest that tell a NULL and a value's type (which a digest must) and fetch it:
 * its type, then its integer, its double or SQLite's own bytes of a text or blob (a text's UTF-8).
 * Each row's values go through md5 at once. No canonical form, no escaping, no key ranges, and no JDBC layer, so anything verify does on
 * top of this is its own cost. It lives in sqlite-jdbc's package for the statement's native handle.
 * bench/floors.sh runs it with the launcher's options and an archive of its own.
 *
 * <p>Prints one line: rows, and the first bytes of the digest (so that nothing is optimised away).
 *
 * <p>Usage: {@code java org.sqlite.core.ReplicaDigestFloor REPLICA.db TABLE}
 */
public final class ReplicaDigestFloor {
    private static final int SQLITE_ROW = 100;
    private static final int SQLITE_INTEGER = 1;
    private static final int SQLITE_FLOAT = 2;
    private static final int SQLITE_NULL = 5;

    public static void main(String[] args) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        // A row's values go into one buffer, and md5 takes each row at once.
        ByteBuffer row = ByteBuffer.allocate(1 << 16);
        long rows = 0;
        try (Connection replica = ReplicaFile.open(args[0]);
             PreparedStatement select = replica.prepareStatement("SELECT * FROM \"" + args[1] + "\" ORDER BY rowid")) {
            NativeDB db = (NativeDB) ((CoreStatement) select).getDatabase();
            long pointer = ((CoreStatement) select).pointer.safeRunLong((database, handle) -> handle);
            int columns = db.column_count(pointer);
            while (db.step(pointer) == SQLITE_ROW) {
                row.clear();
                for (int i = 0; i < columns; i++) {
                    int type = db.column_type(pointer, i);
                    if (type == SQLITE_NULL) {
                        row.put((byte) 'N');
                    } else if (type == SQLITE_INTEGER) {
                        row.putLong(db.column_long(pointer, i));
                    } else if (type == SQLITE_FLOAT) {
                        row.putDouble(db.column_double(pointer, i));
                    } else {
                        row.put(db.column_blob(pointer, i));
                    }
                    row.put((byte) ';');
                }
                md5.update(row.array(), 0, row.position());
                rows++;
            }
            db.reset(pointer);
        }
        byte[] digest = md5.digest();
        System.out.printf("%d\t%02x%02x%02x%02x%n", rows, digest[0], digest[1], digest[2], digest[3]);
    }
}
