package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.TestDatabase;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MysqlReconcileMergeTest extends ReconcileMergeBehaviour {
    private static final BigInteger TWO_TO_THE_63 = BigInteger.ONE.shiftLeft(63);

    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }

    /**
     * bigint unsigned keys up to 2^64-1 (the replica stores them as text): no blocks (a block's key must
     * be a long), the table of keys, exact about 2^63 - 1, 2^63 and the highest key.
     */
    @Test
    void unsignedBigintKeysAboveTwoToThe63AreReconciledExactly() {
        TreeSet<BigInteger> keys = new TreeSet<>();
        BigInteger top = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int i = 0; i < 700; i++) {
            keys.add(top.subtract(BigInteger.valueOf(i)));
        }
        for (int i = -3; i <= 3; i++) {
            keys.add(TWO_TO_THE_63.add(BigInteger.valueOf(i)));
        }
        keys.add(BigInteger.ZERO);
        keys.add(BigInteger.ONE);
        createKeyed("BIGINT UNSIGNED", keys);
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT0S\"}"));
        runVerbose(config);
        Set<BigInteger> gone = Set.of(top, top.subtract(BigInteger.valueOf(63)), top.subtract(BigInteger.valueOf(64)),
                TWO_TO_THE_63, TWO_TO_THE_63.subtract(BigInteger.ONE), BigInteger.ONE);
        deleteKeys(gone);
        db.execute(db.analyze(table));
        CliRun result = runVerbose(config);
        assertTrue(result.err.contains(TABLED), result::toString);
        keys.removeAll(gone);
        assertEquals(keys.stream().map(BigInteger::toString).toList(), replicaKeys());
        assertEquals((long) gone.size(), deletedByLastReconcile(table));
    }

    /**
     * int unsigned keys up to 2^32-1 are longs: blocks, whose bits come from BIT_OR as an unsigned
     * number (bit 63 set in every full block).
     */
    @Test
    void intUnsignedKeysAreMergedInBlocks() {
        long top = 4_294_967_295L;
        TreeSet<BigInteger> keys = new TreeSet<>();
        TreeSet<Long> longs = range(top - 699, top);
        longs.forEach(k -> keys.add(BigInteger.valueOf(k)));
        createKeyed("INT UNSIGNED", keys);
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT0S\"}"));
        runVerbose(config);
        Set<Long> gone = Set.of(top, top - 63, top - 64, top - 699);
        deleteKeys(gone.stream().map(BigInteger::valueOf).collect(Collectors.toSet()));
        db.execute(db.analyze(table));
        longs.removeAll(gone);
        CliRun result = runVerbose(config);
        assertTrue(result.err.contains(blocksOf(longs)), result::toString);
        assertEquals(longs.stream().map(String::valueOf).toList(), replicaKeys());
        assertEquals(4L, deletedByLastReconcile(table));
    }

    private void createKeyed(String type, Set<BigInteger> keys) {
        db.execute("CREATE TABLE " + q(table) + " (id " + type + " NOT NULL PRIMARY KEY, updated_at "
                + db.timestampType() + " NOT NULL)");
        List<String> rows = new ArrayList<>();
        for (BigInteger key : keys) {
            rows.add("(" + key + ", " + db.timestampLiteral("2024-01-01 00:00:" + String.format("%02d", rows.size() % 60))
                    + ")");
        }
        db.execute("INSERT INTO " + q(table) + " (id, updated_at) VALUES " + String.join(", ", rows));
    }

    private void deleteKeys(Set<BigInteger> keys) {
        db.execute("DELETE FROM " + q(table) + " WHERE id IN ("
                + keys.stream().map(BigInteger::toString).collect(Collectors.joining(", ")) + ")");
    }

    /** The replica's keys as text, in the order of their numbers. */
    private List<String> replicaKeys() {
        return ReplicaReader.query(replicaPath(), "SELECT id FROM \"" + table + "\"").stream()
                .map(r -> new BigInteger(String.valueOf(r.get(0)))).sorted().map(BigInteger::toString).toList();
    }
}
