package dev.replicate.source;

/**
 * A reconcile's listing of an integer key in blocks ({@link Source#readKeyBlocks}): block {@code b}
 * stands for the 64 keys {@code b * 64} to {@code b * 64 + 63} (that is {@code b << 6 | i}, so a
 * negative key's block is the floor of key / 64), and bit {@code i} of its bits ({@code 1L << i})
 * says whether key {@code b * 64 + i} is listed. Each block is an exact set of keys, not a digest:
 * a key whose bit is clear is a key the source does not have, and the replica deletes its row.
 *
 * <p>Blocks come in ascending order of their number. A block may come more than once in a row (the
 * listing is the union of its bits); a block whose keys are all absent may be left out. One row may
 * stand for a run of blocks that share their bits ({@link #lastBlock}: a run of full blocks, say, is
 * one row). Like {@link Source#readKeys}, it must stream and fail rather than end early.
 */
public interface KeyBlocks extends AutoCloseable {
    /** Keys per block: one bit of a {@code long} each. */
    int SIZE = 64;

    /** Moves to the next row of blocks; false at the end. */
    boolean next() throws Exception;

    /** The current row's (first) block number, between {@code Long.MIN_VALUE >> 6} and {@code Long.MAX_VALUE >> 6}. */
    long block();

    /**
     * The current row's last block number, at or above {@link #block}: each block from {@code block()}
     * to this holds {@link #bits}. By default the row is one block.
     */
    default long lastBlock() {
        return block();
    }

    /** The current row's keys in each of its blocks: bit {@code i} set when key {@code block << 6 | i} is listed. */
    long bits();

    @Override
    void close() throws Exception;
}
