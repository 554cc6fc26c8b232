package dev.replicate.source.mysql;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import dev.replicate.source.TemporalText;
import dev.replicate.source.jdbc.StoredTextKeys;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * MySQL's and MariaDB's date, datetime and timestamp keys, cut at their stored text: the server's own
 * text (years 0000 to 9999, the timestamp in the session's UTC with a T and +00:00), the fraction without
 * the zeros the server pads it with, which sorts as the values do (see {@link TemporalText#year}). A zero
 * date, or one with a zero month or day, has no such text (the readers store NULL). A bound is cast back
 * to the value at the microsecond, which a column of less precision compares exactly; an instant's text
 * as the UTC wall clock it is in the session.
 */
final class MysqlStoredTextKeys implements StoredTextKeys {

    @Override
    public Optional<String> parameter(SourceColumn keyColumn) {
        if (keyColumn.sqliteType() != SqliteType.TEXT) {
            return Optional.empty();
        }
        return switch (MysqlTypes.category(keyColumn.sourceType())) {
            case DATE -> Optional.of("CAST(? AS DATE)");
            case DATETIME -> Optional.of("CAST(? AS DATETIME(6))");
            // 2024-01-01T08:00:00.5+00:00 as 2024-01-01 08:00:00.5
            case TIMESTAMP -> Optional.of("CAST(SUBSTRING_INDEX(REPLACE(?, 'T', ' '), '+', 1) AS DATETIME(6))");
            default -> Optional.empty();
        };
    }

    @Override
    public boolean bound(SourceColumn keyColumn, String text) {
        OptionalInt year = TemporalText.year(keyColumn.watermarkKind().orElseThrow(), text);
        return year.isPresent() && year.getAsInt() >= 0 && year.getAsInt() <= 9999;
    }

    /**
     * A zero date or one with a zero month or day: it sorts among the real dates (2024-05-00 just before
     * 2024-05-01), so no end of the index finds it; the query reads the key's values once.
     */
    @Override
    public String outsideQuery(SourceColumn keyColumn, String quoted, String from) {
        return "SELECT CAST(" + quoted + " AS CHAR) FROM " + from + " WHERE MONTH(" + quoted + ") = 0 OR DAYOFMONTH("
                + quoted + ") = 0 LIMIT 1";
    }

    @Override
    public String domain() {
        return "the real dates (no zero date, no zero month or day)";
    }
}
