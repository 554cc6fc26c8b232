package dev.replicate.sync;

import dev.replicate.config.Lookback;
import dev.replicate.source.WatermarkKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * Typed watermark values: their text form in the state table (full precision, parsed back to the same
 * value), their order, and how a lookback moves them back. Values are never compared as text.
 */
public final class Watermarks {
    private Watermarks() {
    }

    public static String encode(WatermarkKind kind, Object value) {
        if (isInfinite(value)) {
            return INFINITY_MAX.contains(value) ? "infinity" : "-infinity";
        }
        return switch (kind) {
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            default -> value.toString();
        };
    }

    public static Object decode(WatermarkKind kind, String text) {
        if (text.equals("infinity") || text.equals("-infinity")) {
            boolean max = text.equals("infinity");
            switch (kind) {
                case DATE -> {
                    return max ? LocalDate.MAX : LocalDate.MIN;
                }
                case TIMESTAMP -> {
                    return max ? LocalDateTime.MAX : LocalDateTime.MIN;
                }
                case TIMESTAMPTZ -> {
                    return max ? Instant.MAX : Instant.MIN;
                }
                default -> {
                    // a text watermark that says "infinity" is just text
                }
            }
        }
        return switch (kind) {
            case INTEGER -> Long.parseLong(text);
            case DECIMAL -> new BigDecimal(text);
            case TEXT -> text;
            case DATE -> LocalDate.parse(text);
            case TIMESTAMP -> LocalDateTime.parse(text);
            case TIMESTAMPTZ -> Instant.parse(text);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    public static Object max(Object a, Object b) {
        return compare(a, b) >= 0 ? a : b;
    }

    /**
     * Where a run starts reading: the last value minus the lookback. Empty means "from the very
     * beginning" (the lookback reaches past the smallest value the type can hold).
     *
     * @throws IllegalArgumentException when the lookback does not fit the watermark's kind
     */
    public static Optional<Object> startFrom(WatermarkKind kind, Object last, Optional<Lookback> lookback) {
        if (lookback.isEmpty() || isInfinite(last)) {
            return Optional.of(last);
        }
        Lookback back = lookback.get();
        try {
            return Optional.of(switch (kind) {
                case INTEGER -> Math.subtractExact((Long) last, wholeUnits(numeric(back, kind)));
                case DECIMAL -> ((BigDecimal) last).subtract(numeric(back, kind));
                case DATE -> ((LocalDate) last).minusDays(wholeDays(span(back, kind)));
                case TIMESTAMP -> ((LocalDateTime) last).minus(span(back, kind));
                case TIMESTAMPTZ -> ((Instant) last).minus(span(back, kind));
                case TEXT -> throw new IllegalArgumentException(
                        "a lookback needs a numeric or date/time watermark; this one is text");
            });
        } catch (ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * PostgreSQL's infinite dates and times, as the drivers hand them over: they sort after (before)
     * every finite value and stay infinite under a lookback.
     */
    private static final java.util.Set<Object> INFINITY_MAX = java.util.Set.of(LocalDate.MAX, LocalDateTime.MAX, Instant.MAX);
    private static final java.util.Set<Object> INFINITY_MIN = java.util.Set.of(LocalDate.MIN, LocalDateTime.MIN, Instant.MIN);

    static boolean isInfinite(Object value) {
        return INFINITY_MAX.contains(value) || INFINITY_MIN.contains(value);
    }

    private static BigDecimal numeric(Lookback lookback, WatermarkKind kind) {
        if (lookback instanceof Lookback.Amount amount) {
            return amount.amount();
        }
        throw new IllegalArgumentException("the lookback " + lookback + " is a duration, but the watermark is "
                + kind.name().toLowerCase() + "; give a number such as 100");
    }

    private static Duration span(Lookback lookback, WatermarkKind kind) {
        if (lookback instanceof Lookback.Span span) {
            return span.duration();
        }
        throw new IllegalArgumentException("the lookback " + lookback + " is a number, but the watermark is a "
                + kind.name().toLowerCase() + "; give an ISO-8601 duration such as PT5M");
    }

    private static long wholeUnits(BigDecimal amount) {
        return amount.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static long wholeDays(Duration duration) {
        long days = duration.toDays();
        return duration.equals(Duration.ofDays(days)) ? days : days + 1;
    }
}
