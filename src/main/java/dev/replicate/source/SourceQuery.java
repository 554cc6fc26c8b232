package dev.replicate.source;

import java.util.Optional;

/**
 * A table entry's {@code "query"}: a SELECT whose rows are replicated as a table's would be. A source
 * reads it as a derived table, {@code (sql) AS alias}, wherever it would name a table, so that every
 * read, count and newest-value query of a table works on it unchanged (see
 * {@link Source#reflectQuery}).
 *
 * @param sql    the SELECT as configured: checked by the configuration to be one statement (no
 *               {@code ;}, no comments, balanced parentheses outside quotes), never changed
 * @param target the SQLite table it is copied into: a query has no name of its own, so messages and
 *               the state tables name it by its target
 */
public record SourceQuery(String sql, String target) {

    /** What messages call it: {@code the query of orders_summary}. */
    public String describe() {
        return "the query of " + target;
    }

    /**
     * The name a query entry stands under where a table entry's source table name stands (the state
     * tables' {@code "table"} column, {@code status}): {@code query:<target>}. A table entry of that
     * very name in the same source block is refused by the configuration, as a table replicated twice.
     */
    public TableName name() {
        return new TableName(Optional.empty(), "query:" + target);
    }
}
