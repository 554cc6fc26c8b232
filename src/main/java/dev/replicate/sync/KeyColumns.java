package dev.replicate.sync;

import dev.replicate.source.TableSchema;
import java.util.List;
import java.util.Optional;

/**
 * The check that every key column exists in the source table, shared by {@code run} ({@link TableSync})
 * and {@code validate-config --connect} ({@link SourceInspector}), so that both name the same column.
 */
final class KeyColumns {
    private KeyColumns() {
    }

    /** The problem with the first key column the table does not have, if any. */
    static Optional<String> missing(TableSchema schema, List<String> key) {
        for (String column : key) {
            if (schema.column(column).isEmpty()) {
                return Optional.of("the primary key column " + column + " does not exist in " + schema.name());
            }
        }
        return Optional.empty();
    }
}
