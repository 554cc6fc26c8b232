package dev.replicate.source;

/**
 * What kind of value a watermark column holds, which decides how it is stored in the state table,
 * bound back into the source query, compared, and moved back by a lookback.
 * The Java type a {@link RowStream} hands over for each kind is given beside it.
 */
public enum WatermarkKind {
    /** {@link Long}. */
    INTEGER,
    /** {@link java.math.BigDecimal}: numeric, decimal, and unsigned 64-bit integers. */
    DECIMAL,
    /** {@link String}, compared by the source's collation. */
    TEXT,
    /** {@link java.time.LocalDate}. */
    DATE,
    /** {@link java.time.LocalDateTime}: a wall-clock time without a zone. */
    TIMESTAMP,
    /** {@link java.time.Instant}: an instant, whatever zone the source shows it in. */
    TIMESTAMPTZ
}
