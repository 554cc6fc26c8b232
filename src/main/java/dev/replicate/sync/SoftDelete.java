package dev.replicate.sync;

import dev.replicate.source.SourceColumn;
import java.util.Locale;
import java.util.Set;

/**
 * {@code "deletes": {"softDelete": column}}: which value of a row read means "deleted at the source".
 * A row so marked is deleted from the replica by its key instead of upserted, in the page's
 * transaction, so the delete commits with the watermark that passed it.
 *
 * <p>A boolean column (PostgreSQL {@code boolean}; MySQL and MariaDB {@code bool}/{@code boolean},
 * which they keep as {@code tinyint(1)}, signed or unsigned, and {@code bit(1)}) marks a row deleted when true: NULL and
 * false (0) are live. Any other column marks it deleted when it is not NULL (a {@code deleted_at}).
 *
 * @param column the column, as the source reflects it
 * @param index  its place in a row's values (the plan's columns), read once per row
 * @param flag   whether it is a boolean: then only a value other than NULL and 0 means deleted
 */
record SoftDelete(SourceColumn column, int index, boolean flag) {
    private static final Long FALSE = 0L;
    /** Source types read as booleans; they arrive as the integers 0 and 1 (see the type mapping). */
    private static final Set<String> BOOLEAN_TYPES = Set.of("boolean", "bool", "tinyint(1)", "bit(1)");

    static SoftDelete of(SourceColumn column, int index) {
        // MySQL shows "tinyint(1) unsigned" for an unsigned one: still 0 or 1 by intent.
        String type = column.sourceType().toLowerCase(Locale.ROOT).replace(" unsigned", "");
        return new SoftDelete(column, index, BOOLEAN_TYPES.contains(type));
    }

    /** Whether the row whose values are {@code values} is marked deleted: one array read and a test. */
    boolean marks(Object[] values) {
        Object value = values[index];
        return value != null && (!flag || !FALSE.equals(value));
    }
}
