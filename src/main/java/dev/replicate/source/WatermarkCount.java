package dev.replicate.source;

import java.util.Optional;

/**
 * One table's question in {@link Source#countUnreadableWatermarks(java.util.List)}: the arguments of
 * {@link Source#countUnreadableWatermarks(TableSchema, SourceColumn, Optional)}.
 *
 * @param where the table's filter, applied as the reads apply it; empty for none
 */
public record WatermarkCount(TableSchema table, SourceColumn watermark, Optional<String> where) {
}
