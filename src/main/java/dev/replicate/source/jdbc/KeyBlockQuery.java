package dev.replicate.source.jdbc;

/**
 * A database's SQL for a reconcile's key blocks ({@link JdbcSource#keyBlockQuery}): each row is a run
 * of blocks that share their bits (most often one block), in ascending order: its first and last
 * block numbers, each plus {@code blockOffset} (a database whose shift is unsigned numbers the blocks
 * from an offset that keeps them in order), then the bits. The bits are a signed 64-bit number, or,
 * when {@code unsignedBits}, an unsigned one (MySQL's BIT_OR, up to 2^64-1), read as text and taken as
 * the same 64 bits.
 */
public record KeyBlockQuery(String sql, long blockOffset, boolean unsignedBits) {
}
