package dev.replicate.source.mysql;

import dev.replicate.source.jdbc.KeyBlockQuery;
import java.util.Optional;

/**
 * MySQL's and MariaDB's SQL for a reconcile's key blocks ({@code Source#readKeyBlocks}) of an integer
 * key that fits a signed 64-bit number (every integer type but bigint unsigned, which the replica
 * stores as text and which never comes here).
 *
 * <p>Bit operators work on unsigned 64-bit numbers there: a negative key is taken as its two's
 * complement, so {@code key & 63} is its place in its block, and {@code key >> 6} its block's number
 * as 58 unsigned bits, in which negative blocks come after the others. Flipping the top one of those
 * 58 bits ({@code ^ 2^57}) numbers every block from 0 in the keys' order (the block plus 2^57, the
 * offset the reader takes off). {@code key DIV 64} and {@code key MOD 64} would not do: they round
 * towards zero, and put -1 and 1 in one block. {@code BIT_OR} answers an unsigned number, up to
 * 2^64-1 when bit 63 is set, which the reader takes as 64 bits.
 *
 * <p>The server groups the keys in a temporary table and sorts the blocks (for 1M keys 0.18-0.31 s,
 * against 0.5 s to read them in key order and some 0.75 s for Connector/J to stream them; measured
 * by hand for issue #15). No condition on the key is added: {@code key >= 0}, say, turns the scan of
 * the smallest covering index into a range scan of the clustered one, with the rows' pages.
 *
 * <p>Then each run of consecutive full blocks becomes one row (a window numbers the full blocks: a
 * block's number less its rank is the same along a run). Connector/J costs a fresh JVM some 13 µs a
 * row: the 15,600 blocks of 1M keys with 1,000 gone took 240-350 ms to stream, as 2,000 rows 80-100
 * ms, against some 60 ms more in the server (measured on a busy machine, for issue #15).
 */
final class MysqlKeyBlocks {
    /** Fewer rows than this per block of the key's range are listed one by one (see JdbcSource#keysFillBlocks). */
    static final int KEYS_PER_BLOCK = 8;
    /** 2^57, the top bit of a block's number as 58 unsigned bits. */
    static final long OFFSET = 1L << 57;
    /** All 64 bits, as BIT_OR gives them. */
    private static final String FULL = "18446744073709551615";

    private MysqlKeyBlocks() {
    }

    /**
     * @param column the key column, quoted and qualified
     * @param from   what the rows are read from
     * @param where  the table's filter
     */
    static KeyBlockQuery query(String column, String from, Optional<String> where) {
        // Parenthesised throughout: ^ binds tighter than >> in MySQL.
        String block = "((" + column + " >> 6) ^ " + OFFSET + ")";
        String blocks = "SELECT " + block + " AS replicate_block, BIT_OR(1 << (" + column + " & 63)) AS replicate_bits"
                + " FROM " + from + where.map(w -> " WHERE (" + w + ")").orElse("") + " GROUP BY " + block;
        // The k-th full block's number is at least k - 1, so number + 1 - k never goes below 0 (the
        // numbers are unsigned). Blocks that are not full have no run: each is a group of its own.
        String runs = "SELECT replicate_block, replicate_bits, CASE WHEN replicate_bits = " + FULL
                + " THEN replicate_block + 1 - ROW_NUMBER() OVER (PARTITION BY replicate_bits = " + FULL
                + " ORDER BY replicate_block) END AS replicate_run FROM (" + blocks + ") AS replicate_blocks";
        return new KeyBlockQuery("SELECT MIN(replicate_block) AS replicate_first, MAX(replicate_block) AS"
                + " replicate_last, MAX(replicate_bits) AS replicate_bits FROM (" + runs + ") AS replicate_runs"
                + " GROUP BY replicate_run, CASE WHEN replicate_run IS NULL THEN replicate_block END"
                + " ORDER BY replicate_first", OFFSET, true);
    }
}
