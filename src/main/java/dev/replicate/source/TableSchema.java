package dev.replicate.source;

import java.util.List;
import java.util.Optional;

/**
 * A source table's columns, in the source's order, and its primary key (empty when it has none).
 */
public record TableSchema(TableName name, List<SourceColumn> columns, List<String> primaryKey) {

    public Optional<SourceColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
