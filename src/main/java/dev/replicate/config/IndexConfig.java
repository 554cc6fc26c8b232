package dev.replicate.config;

import java.util.List;

/**
 * One entry of a table's {@code "indexes"}: an index replicate keeps on the SQLite table.
 *
 * @param columns  the indexed columns, in order (at least one, distinct ignoring case)
 * @param unique   whether it is a UNIQUE index
 * @param jsonPath where the entry stands in the configuration, for messages
 */
public record IndexConfig(List<String> columns, boolean unique, String jsonPath) {
    public IndexConfig {
        columns = List.copyOf(columns);
    }
}
