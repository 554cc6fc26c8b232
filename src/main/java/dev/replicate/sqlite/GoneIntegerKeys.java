package dev.replicate.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The gone keys a merge of integer keys finds ({@link IntegerKeyMerge}, {@link KeyBlockMerge}), written
 * as they come into the TEMP table {@link GoneKeys} deletes from, a few hundred per INSERT (a statement
 * step saved per key when many are gone), the rest when {@link #finish}ed.
 */
final class GoneIntegerKeys {
    /** Gone keys per INSERT statement. */
    private static final int GROUP_ROWS = 256;

    private final Replica replica;
    private final PreparedStatement group;
    private final PreparedStatement single;
    private final GoneKeys keys;
    private final long[] held = new long[GROUP_ROWS];
    private int heldCount;
    private long count;

    private GoneIntegerKeys(Replica replica, PreparedStatement group, PreparedStatement single, GoneKeys keys) {
        this.replica = replica;
        this.group = group;
        this.single = single;
        this.keys = keys;
    }

    /**
     * Commits what the run has written so far, makes the TEMP table of gone keys for {@code target}'s
     * key column {@code key} ({@link GoneKeys#enter}) and prepares the INSERTs into it.
     */
    static GoneIntegerKeys begin(Replica replica, String target, String key) throws SQLException {
        Connection connection = replica.connection();
        GoneKeys.enter(replica, statement -> statement.execute("CREATE TEMP TABLE " + GoneKeys.TABLE + " ("
                + SqliteSql.quote(key) + " INTEGER)"), GoneKeys.TABLE);
        PreparedStatement group = null;
        try {
            String insert = "INSERT INTO temp." + GoneKeys.TABLE + " VALUES ";
            group = connection.prepareStatement(insert + String.join(", ", Collections.nCopies(GROUP_ROWS, "(?)")));
            PreparedStatement single = connection.prepareStatement(insert + "(?)");
            return new GoneIntegerKeys(replica, group, single, new GoneKeys(replica, target, List.of(key)));
        } catch (SQLException | RuntimeException e) {
            if (group != null) {
                try {
                    group.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            replica.rollbackQuietly();
            GoneKeys.restore(connection, e, GoneKeys.TABLE);
            throw e;
        }
    }

    /** One more gone key, above the one before: the batches delete them in this order. */
    void add(long key) throws SQLException {
        count++;
        held[heldCount++] = key;
        if (heldCount == GROUP_ROWS) {
            for (int i = 0; i < GROUP_ROWS; i++) {
                group.setLong(i + 1, held[i]);
            }
            group.executeUpdate();
            heldCount = 0;
        }
    }

    /** The gone keys found so far. */
    long count() {
        return count;
    }

    /** Writes the keys held back and commits: the table of gone keys is complete. */
    void finish() throws SQLException {
        for (int i = 0; i < heldCount; i++) {
            single.setLong(1, held[i]);
            single.executeUpdate();
        }
        heldCount = 0;
        replica.commit();
        keys.counted(count);
    }

    /** The table of gone keys, for the counts and the batches of deletes. */
    GoneKeys keys() {
        return keys;
    }

    /**
     * The end of the merge, finished or failed: closes {@code open} (the merge's own statements) and
     * the INSERTs, rolls back what is uncommitted, drops the TEMP table ({@link GoneKeys#end}).
     */
    void end(List<GoneKeys.Open> open) throws SQLException {
        List<GoneKeys.Open> all = new ArrayList<>(open);
        all.add(group::close);
        all.add(single::close);
        GoneKeys.end(replica, all, GoneKeys.TABLE);
    }
}
