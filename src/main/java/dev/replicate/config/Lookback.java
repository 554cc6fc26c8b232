package dev.replicate.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How far behind the newest synced watermark each run starts reading again, so that rows which
 * committed late (stamped earlier than rows already synced) are still picked up.
 * A duration for date/time watermarks, a number for numeric ones.
 */
public sealed interface Lookback {

    /** ISO-8601 duration such as {@code PT5M}; for date, timestamp and timestamptz watermarks. */
    record Span(Duration duration) implements Lookback {
        @Override
        public String toString() {
            return duration.toString();
        }
    }

    /** A plain number subtracted from a numeric watermark. */
    record Amount(BigDecimal amount) implements Lookback {
        @Override
        public String toString() {
            return amount.toPlainString();
        }
    }
}
