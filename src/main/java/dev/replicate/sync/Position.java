package dev.replicate.sync;

import dev.replicate.config.Lookback;
import dev.replicate.source.IsoInstants;
import dev.replicate.source.IsoLocalDateTimes;
import dev.replicate.source.WatermarkKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where a read stands: a watermark (or, in a first sync's snapshot, a key) with the kind that says
 * how it is stored in the state table (full precision, parsed back to the same value), ordered, and
 * moved back by a lookback. Values are never compared as text.
 *
 * <p>The value is of the Java type its {@link WatermarkKind} names, as a {@code RowStream} hands it
 * over: sources, plug-ins among them, speak raw values ({@link dev.replicate.source.ReadRequest},
 * {@link dev.replicate.source.RowStream#position()}), and the engine wraps them here at that edge.
 * The page loop ({@link PageCopy}) keeps the raw values per row and compares them with
 * {@link #compareValues}, so that a row costs no allocation; a Position is made per page.
 */
public record Position(WatermarkKind kind, Object value) implements Comparable<Position> {
    /**
     * PostgreSQL's infinite dates and times, as the drivers hand them over: they sort after (before)
     * every finite value and stay infinite under a lookback.
     */
    private static final Set<Object> INFINITY_MAX = Set.of(LocalDate.MAX, LocalDateTime.MAX, Instant.MAX);
    private static final Set<Object> INFINITY_MIN = Set.of(LocalDate.MIN, LocalDateTime.MIN, Instant.MIN);

    public Position {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /** The value in its state-table text form (see {@link #decode}). */
    public String encode() {
        if (!isFinite()) {
            return INFINITY_MAX.contains(value) ? "infinity" : "-infinity";
        }
        if (kind == WatermarkKind.DECIMAL) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof Instant instant) {
            return IsoInstants.format(instant);
        }
        return value instanceof LocalDateTime timestamp ? IsoLocalDateTimes.format(timestamp) : value.toString();
    }

    /**
     * A value from its state-table text form.
     *
     * @throws RuntimeException (a {@link java.time.format.DateTimeParseException} or
     *                          {@link NumberFormatException}) when the text is no value of the kind
     */
    public static Position decode(WatermarkKind kind, String text) {
        return new Position(kind, decodeValue(kind, text));
    }

    private static Object decodeValue(WatermarkKind kind, String text) {
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
            case TIMESTAMP -> IsoLocalDateTimes.parse(text);
            case TIMESTAMPTZ -> IsoInstants.parse(text);
        };
    }

    /** False for an infinite date or time, which no cursor may hold (see the README, "Watermarks that are not finite"). */
    public boolean isFinite() {
        return !INFINITY_MAX.contains(value) && !INFINITY_MIN.contains(value);
    }

    /**
     * Where a read starts for a cursor here: this position less the lookback. Empty means "from the
     * very beginning" (the lookback reaches past the smallest value the kind can hold).
     *
     * @throws IllegalArgumentException when the lookback does not fit the kind
     */
    public Optional<Position> minus(Optional<Lookback> lookback) {
        if (lookback.isEmpty() || !isFinite()) {
            return Optional.of(this);
        }
        Lookback back = lookback.get();
        try {
            return Optional.of(new Position(kind, switch (kind) {
                case INTEGER -> Math.subtractExact((Long) value, wholeUnits(amount(back)));
                case DECIMAL -> ((BigDecimal) value).subtract(amount(back));
                case DATE -> ((LocalDate) value).minusDays(wholeDays(span(back)));
                case TIMESTAMP -> ((LocalDateTime) value).minus(span(back));
                case TIMESTAMPTZ -> ((Instant) value).minus(span(back));
                case TEXT -> throw new IllegalArgumentException(
                        "a lookback needs a numeric or date/time watermark; this one is text");
            }));
        } catch (ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Positions of one kind, in the source's order; text by Java's, as the engine knows no collation,
     * which is why a cursor read takes text's order from the rows' own (CursorCommit).
     */
    @Override
    public int compareTo(Position other) {
        if (other.kind != kind) {
            throw new IllegalArgumentException("a " + kind + " position compared with a " + other.kind + " one");
        }
        return compareValues(value, other.value);
    }

    /**
     * Two raw values of one kind, for the page loop, which compares a position per row without
     * making one. Each kind's Java type is comparable with itself (see {@link WatermarkKind}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    /** The text form, as notes show it. */
    @Override
    public String toString() {
        return encode();
    }

    private BigDecimal amount(Lookback lookback) {
        if (lookback instanceof Lookback.Amount amount) {
            return amount.amount();
        }
        throw new IllegalArgumentException("the lookback " + lookback + " is a duration, but the watermark is "
                + kind.name().toLowerCase(Locale.ROOT) + "; give a number such as 100");
    }

    private Duration span(Lookback lookback) {
        if (lookback instanceof Lookback.Span span) {
            return span.duration();
        }
        throw new IllegalArgumentException("the lookback " + lookback + " is a number, but the watermark is a "
                + kind.name().toLowerCase(Locale.ROOT) + "; give an ISO-8601 duration such as PT5M");
    }

    private static long wholeUnits(BigDecimal amount) {
        return amount.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static long wholeDays(Duration duration) {
        long days = duration.toDays();
        return duration.equals(Duration.ofDays(days)) ? days : days + 1;
    }
}
