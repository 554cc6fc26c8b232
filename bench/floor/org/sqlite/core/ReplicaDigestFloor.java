package org.sqlite.core;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A floor for the replica's share of one verify pass (issue #18): the least a fresh JVM needs to read
 * every stored value of a table through sqlite-jdbc and put it through md5. Each value is taken as the
 * bytes SQLite gives for it (one native call per value, no canonical form, no escaping, no key
 * ranges), so anything verify does on top of this is its own cost. bench/floors.sh runs it with the
 * launcher's options and an archive of its own.
 *
 * <p>Prints one line: rows, and the first bytes of the digest (so that nothing is optimised away).
 *
 * <p>Usage: {@code java org.sqlite.core.ReplicaDigestFloor REPLICA.db TABLE}
 */
public final class ReplicaDigestFloor {
    private static final byte[] NULL = {'N'};

    public static void main(String[] args) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        long rows = 0;
        try (Connection replica = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
             Statement statement = replica.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM \"" + args[1] + "\" ORDER BY rowid")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    byte[] value = rs.getBytes(i);
                    md5.update(value == null ? NULL : value);
                    md5.update((byte) ';');
                }
                rows++;
            }
        }
        byte[] digest = md5.digest();
        System.out.printf("%d\t%02x%02x%02x%02x%n", rows, digest[0], digest[1], digest[2], digest[3]);
    }
}
