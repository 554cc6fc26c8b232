package dev.replicate.source;

import java.util.Optional;

/**
 * A column as reflected from the source.
 *
 * @param name           the column's name at the source
 * @param sourceType     the source's own type name, for people (such as {@code numeric(12,2)})
 * @param sqliteType     how it is stored in SQLite
 * @param watermarkKind  present when the column can serve as a watermark
 */
public record SourceColumn(String name, String sourceType, SqliteType sqliteType, Optional<WatermarkKind> watermarkKind) {

    // equals and hashCode written out, as TableName's: a record's generated ones link an invokedynamic
    // call site on first use (java.lang.runtime.ObjectMethods), which cost every run about 15 ms on the
    // benchmark's machine (issue #17), and a run compares columns (TablePlanner#excluded).

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceColumn column && name.equals(column.name) && sourceType.equals(column.sourceType)
                && sqliteType == column.sqliteType && watermarkKind.equals(column.watermarkKind);
    }

    @Override
    public int hashCode() {
        return ((name.hashCode() * 31 + sourceType.hashCode()) * 31 + sqliteType.hashCode()) * 31
                + watermarkKind.hashCode();
    }
}
