package dev.replicate.config;

import dev.replicate.source.SourceSettings;
import java.util.List;

/**
 * One source block: a database and the tables pulled from it.
 *
 * @param type      the connector type, {@code postgres}, {@code mysql} or a plugged-in one
 * @param name      the source's identity in the state tables; given, or derived from the connection
 * @param settings  how to connect
 * @param jsonPath  where this block stands in the configuration, for messages
 */
public record SourceConfig(
        String type,
        String name,
        SourceSettings settings,
        int intervalSeconds,
        int pageSize,
        List<TableConfig> tables,
        String jsonPath) {
}
