package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.RowDigests;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.StoredRows;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica's side of verify reads the same canonical texts through sqlite-jdbc's native methods
 * and through its JDBC layer (the fallback, see StoredRows), and they are the texts RowDigests defines,
 * written out here by hand for values of every storage class.
 */
class ReplicaDigestsTest {
    @TempDir
    Path dir;

    private static final List<String> ROWS = List.of(
            "(1, 'h\u00e9llo \uD83D\uDE00', x'00ff10', NULL, 2.5, -7, '', 1.5, 2.5)",
            "(2, '', x'', 0.0, -0.0, -9223372036854775808, 'NULL', 'x', 7)",
            "(3, NULL, NULL, 9e999, 5e-324, 9223372036854775807, 'NaN', NULL, 'a;b')",
            "(4, 'a''b;c\\d\\;', 'text in a blob column', -9e999, 0.1, 0, ';', x'3b5c', -0.0)",
            "(5, 'nul' || char(0) || 'byte', CAST('a' || char(0) AS BLOB), 1, '2.5', 3.0, ' \\;', -5, 'a;b')");

    /** Row 1's canonical text as RowDigests defines it. */
    private static final String ROW_1 = "I1;" + "Th\u00e9llo \uD83D\uDE00;" + "B00ff10;" + "N" + "R4004000000000000;"
            + "I-7;" + "T;" + "R3ff8000000000000;" + "R4004000000000000;";
    /** Row 4's, with its backslashes and semicolons escaped. */
    private static final String ROW_4 = "I4;" + "Ta'b\\;c\\\\d\\\\\\;;" + "Ttext in a blob column;" + "R" + "fff0000000000000;"
            + "R3fb999999999999a;" + "I0;" + "T\\;;" + "B3b5c;" + "I0;";
    /**
     * Row 5's: a NUL inside a text and a blob, values the columns' affinities converted (the text '2.5' in a
     * REAL column, 3.0 in an INTEGER one), and a text a NUMERIC column kept.
     */
    private static final String ROW_5 = "I5;" + "Tnul\u0000byte;" + "B6100;" + "R3ff0000000000000;" + "R4004000000000000;"
            + "I3;" + "T \\\\\\;;" + "I-5;" + "Ta\\;b;";

    @Test
    void theNativeAndTheJdbcPathsReadTheSameCanonicalTexts() throws Exception {
        Path path = dir.resolve("replica.db");
        Replica.openForWriting(path).close();
        ReplicaReader.edit(path, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b BLOB, c REAL, d REAL, e INTEGER,"
                + " f TEXT, g, h NUMERIC)", "INSERT INTO t VALUES " + String.join(", ", ROWS));
        try (Replica replica = Replica.openForReading(path)) {
            assertTrue(StoredRows.linked(replica.connection()), "this sqlite-jdbc has the native methods");
        }
        List<String> columns = List.of("id", "a", "b", "c", "d", "e", "f", "G", "h");
        List<Object> seen = new ArrayList<>();
        for (boolean direct : List.of(true, false)) {
            for (List<Boolean> inSql : List.of(List.of(true, true, true, true, true, true, true, true, true),
                    List.of(true, false, true, false, true, false, true, true, false))) {
                try (Replica replica = Replica.openForReading(path)) {
                    ReplicaDigests digests = new ReplicaDigests(replica, "t", List.of("id"), columns, inSql, direct);
                    List<Object> pass = new ArrayList<>();
                    digests.pass(3, key -> true, (range, digest) -> pass.add(List.of(range, digest)));
                    Map<List<Object>, String> rows = digests.rowDigests(KeyRange.ALL);
                    RangeDigest all = digests.rangeDigest(KeyRange.ALL);
                    seen.add(List.of(inSql, pass, rows, all));
                    if (!inSql.contains(false)) {
                        assertEquals(RowDigests.md5(RowDigests.md5(ROW_1)), rows.get(List.of(1L)), "direct: " + direct);
                        assertEquals(RowDigests.md5(RowDigests.md5(ROW_4)), rows.get(List.of(4L)), "direct: " + direct);
                        assertEquals(RowDigests.md5(RowDigests.md5(ROW_5)), rows.get(List.of(5L)), "direct: " + direct);
                        assertEquals(List.of(new KeyRange(Optional.empty(), Optional.of(List.of(3L))),
                                new KeyRange(Optional.of(List.of(3L)), Optional.empty())),
                                pass.stream().map(p -> ((List<?>) p).get(0)).toList());
                        assertEquals(5, all.rows());
                    }
                }
            }
        }
        assertEquals(seen.subList(0, 2), seen.subList(2, 4), "the native path reads what the JDBC path reads");
    }

    @Test
    void aKeyThatCannotBeABoundEndsNoRangeOfThePass() throws Exception {
        Path path = dir.resolve("stray.db");
        Replica.openForWriting(path).close();
        ReplicaReader.edit(path, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)",
                "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
        try (Replica replica = Replica.openForReading(path)) {
            ReplicaDigests digests = new ReplicaDigests(replica, "t", List.of("id"), List.of("id", "a"),
                    List.of(true, true), true);
            List<KeyRange> ranges = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            digests.pass(1, key -> !key.equals(List.of(2L)), (range, digest) -> {
                ranges.add(range);
                counts.add(digest.rows());
            });
            assertEquals(List.of(new KeyRange(Optional.empty(), Optional.of(List.of(1L))),
                    new KeyRange(Optional.of(List.of(1L)), Optional.of(List.of(3L))),
                    new KeyRange(Optional.of(List.of(3L)), Optional.of(List.of(4L))),
                    new KeyRange(Optional.of(List.of(4L)), Optional.empty())), ranges);
            assertEquals(List.of(1L, 2L, 1L, 0L), counts);
        }
    }
}
