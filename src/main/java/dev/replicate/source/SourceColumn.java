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
}
