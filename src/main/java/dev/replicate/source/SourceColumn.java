package dev.replicate.source;

import java.util.Optional;

/**
 * A column as reflected from the source.
 *
 * @param name           the column's name at the source
 * @param sourceType     the source's own type name, for people (such as {@code numeric(12,2)})
 * @param sqliteType     how it is stored in SQLite
 * @param watermarkKind  present when the column can serve as a watermark
 * @param bytewise       stored as text, and the source's own order of its values (the order its index
 *                       keeps) is the order of their UTF-8 bytes, SQLite's BINARY: a range of such keys
 *                       can be asked for in the source's own terms, served by its index (PostgreSQL's
 *                       uuid, a text of the "C" collation in a UTF8 database; MySQL's utf8mb4 NO PAD
 *                       binary collations). Decided by the source's reflection; false when in doubt.
 * @param tiesSpeltAlike a text whose values the source holds equal only when they are spelt alike, the
 *                       same characters (PostgreSQL's text and varchar of a deterministic collation, which
 *                       breaks ties by the bytes; not citext, character(n), a case-insensitive collation): a
 *                       read in its order keeps each spelling's rows together without also ordering by the
 *                       exact text ({@link ReadRequest#toldApartByValues}). Carried by the reflection so
 *                       that a read need not ask the catalog again. Decided by the source's reflection, for
 *                       the source's own use; false when in doubt, and for a column that is not text.
 */
public record SourceColumn(String name, String sourceType, SqliteType sqliteType, Optional<WatermarkKind> watermarkKind,
                           boolean bytewise, boolean tiesSpeltAlike) {

    /** A column whose order is not known to be its text's bytes (see {@link #bytewise}). */
    public SourceColumn(String name, String sourceType, SqliteType sqliteType, Optional<WatermarkKind> watermarkKind) {
        this(name, sourceType, sqliteType, watermarkKind, false);
    }

    /** A column whose equal values are not known to be spelt alike (see {@link #tiesSpeltAlike}). */
    public SourceColumn(String name, String sourceType, SqliteType sqliteType, Optional<WatermarkKind> watermarkKind,
                        boolean bytewise) {
        this(name, sourceType, sqliteType, watermarkKind, bytewise, false);
    }

    // equals and hashCode written out, as TableName's: a record's generated ones link an invokedynamic
    // call site on first use (java.lang.runtime.ObjectMethods), which cost every run about 15 ms on the
    // benchmark's machine (issue #17), and a run compares columns (TablePlanner#excluded).

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceColumn column && name.equals(column.name) && sourceType.equals(column.sourceType)
                && sqliteType == column.sqliteType && watermarkKind.equals(column.watermarkKind)
                && bytewise == column.bytewise && tiesSpeltAlike == column.tiesSpeltAlike;
    }

    @Override
    public int hashCode() {
        return ((name.hashCode() * 31 + sourceType.hashCode()) * 31 + sqliteType.hashCode()) * 31
                + watermarkKind.hashCode() + (bytewise ? 1 : 0) + (tiesSpeltAlike ? 2 : 0);
    }
}
