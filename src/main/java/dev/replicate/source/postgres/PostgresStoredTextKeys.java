package dev.replicate.source.postgres;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import dev.replicate.source.TemporalText;
import dev.replicate.source.jdbc.StoredTextKeys;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * PostgreSQL's date, timestamp and timestamptz keys, cut at their stored text: within the years 1 to 9999
 * that text is PostgreSQL's own (the session prints ISO dates, instants in UTC) and sorts as the values
 * do (see {@link TemporalText#year}); a BC year, a year past 9999 or an infinity does not. A bound is
 * cast back with the type's input function, which reads every text the readers write exactly (six
 * fractional digits at most, the +00:00 of an instant); a column of less precision holds no value finer
 * than its own, so the comparison with the uncut type is exact.
 */
final class PostgresStoredTextKeys implements StoredTextKeys {
    private static final int FIRST_YEAR = 1;
    private static final int LAST_YEAR = 9999;

    @Override
    public Optional<String> parameter(SourceColumn keyColumn) {
        if (keyColumn.sqliteType() != SqliteType.TEXT) {
            return Optional.empty();
        }
        return switch (PostgresTypes.category(keyColumn.sourceType())) {
            case "date" -> Optional.of("CAST(? AS date)");
            case "timestamp" -> Optional.of("CAST(? AS timestamp)");
            case "timestamptz" -> Optional.of("CAST(? AS timestamptz)");
            default -> Optional.empty();
        };
    }

    @Override
    public boolean bound(SourceColumn keyColumn, String text) {
        OptionalInt year = TemporalText.year(keyColumn.watermarkKind().orElseThrow(), text);
        return year.isPresent() && year.getAsInt() >= FIRST_YEAR && year.getAsInt() <= LAST_YEAR;
    }

    /**
     * The least value when it lies before the year 1 (a BC date, -infinity), else the greatest when it lies
     * past 9999 (infinity): each an end of the key's index when the column leads it (PostgreSQL answers
     * min and max from the index), one read of the table otherwise.
     */
    @Override
    public String outsideQuery(SourceColumn keyColumn, String quoted, String from) {
        String type = switch (PostgresTypes.category(keyColumn.sourceType())) {
            case "date" -> "date";
            case "timestamp" -> "timestamp";
            default -> "timestamptz";
        };
        String zone = type.equals("timestamptz") ? " 00:00:00+00" : "";
        return "SELECT CASE WHEN min(" + quoted + ") < " + type + " '0001-01-01" + zone + "' THEN min(" + quoted
                + ")::text WHEN max(" + quoted + ") >= " + type + " '10000-01-01" + zone + "' THEN max(" + quoted
                + ")::text END FROM " + from;
    }

    @Override
    public String domain() {
        return "the years 1 to 9999 (no BC year, no infinity)";
    }
}
