package dev.replicate.source.postgres;

import dev.replicate.source.jdbc.KeyBlockQuery;
import java.util.Optional;

/**
 * PostgreSQL's SQL for a reconcile's key blocks ({@code Source#readKeyBlocks}) of a smallint, integer
 * or bigint key: {@code key >> 6} is the block (an arithmetic shift, so a negative key's block is the
 * floor of key / 64, as the blocks are numbered) and {@code bit_or(1::bigint << (key & 63))} its bits
 * (key & 63 is the key's place in its block, negative keys too, and bit 63 makes a negative bigint:
 * its 64 bits are what count).
 *
 * <p>Grouped in a materialized CTE, then ordered: the planner, which cannot estimate how many blocks
 * there are, otherwise sorts every key before grouping them (0.31 s for 1M keys, against 0.15 s for a
 * hash aggregate and a sort of the 15,600 blocks; measured by hand for issue #15). Before PostgreSQL
 * 12 a CTE is always materialized and MATERIALIZED is not known. Each row is one block (pgjdbc reads
 * the 15,600 rows in some 20 ms, so runs of full blocks would save little).
 */
final class PostgresKeyBlocks {
    /** Fewer rows than this per block of the key's range are listed one by one (see JdbcSource#keysFillBlocks). */
    static final int KEYS_PER_BLOCK = 16;

    private PostgresKeyBlocks() {
    }

    /**
     * @param column       the key column, quoted and qualified
     * @param from         what the rows are read from
     * @param where        the table's filter
     * @param majorVersion the server's major version
     */
    static KeyBlockQuery query(String column, String from, Optional<String> where, int majorVersion) {
        String grouped = "SELECT " + column + " >> 6 AS replicate_block, bit_or(1::bigint << (" + column
                + " & 63)::int) AS replicate_bits FROM " + from + where.map(w -> " WHERE (" + w + ")").orElse("")
                + " GROUP BY 1";
        return new KeyBlockQuery("WITH replicate_blocks AS " + (majorVersion >= 12 ? "MATERIALIZED " : "") + "("
                + grouped + ") SELECT replicate_block, replicate_block, replicate_bits FROM replicate_blocks ORDER BY"
                + " replicate_block", 0, false);
    }
}
