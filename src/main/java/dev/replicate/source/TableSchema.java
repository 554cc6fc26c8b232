package dev.replicate.source;

import java.util.List;
import java.util.Optional;

/**
 * A source table's columns, in the source's order, and its primary key (empty when it has none); or
 * the result columns of a table entry's query ({@link Source#reflectQuery}), which have no key of
 * their own.
 *
 * @param name  the table; for a query, {@link SourceQuery#name()}, which names no source table: a
 *              source reads a schema whose {@code query} is present from the query, never by name
 * @param query present when the rows come from a query rather than a table
 * @param hiddenKey present when the table has a primary key whose columns the source does not list to this
 *                  login, so that {@code primaryKey} is empty though the table has one (read without a key,
 *                  its updated rows would arrive as new ones): why, in the source's own words
 *                  ({@link Source#hiddenKey})
 */
public record TableSchema(TableName name, List<SourceColumn> columns, List<String> primaryKey,
                          Optional<SourceQuery> query, Optional<String> hiddenKey) {

    /** A table's schema, as sources written before queries existed make it. */
    public TableSchema(TableName name, List<SourceColumn> columns, List<String> primaryKey) {
        this(name, columns, primaryKey, Optional.empty(), Optional.empty());
    }

    public TableSchema(TableName name, List<SourceColumn> columns, List<String> primaryKey,
                       Optional<SourceQuery> query) {
        this(name, columns, primaryKey, query, Optional.empty());
    }

    /** This table's schema, known to have a primary key the login is not shown, for the reason {@code why}. */
    public TableSchema withHiddenKey(String why) {
        return new TableSchema(name, columns, primaryKey, query, Optional.of(why));
    }

    /** A query's result columns; a query has no primary key (the configuration gives one). */
    public static TableSchema ofQuery(SourceQuery query, List<SourceColumn> columns) {
        return new TableSchema(query.name(), List.copyOf(columns), List.of(), Optional.of(query));
    }

    public Optional<SourceColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** What messages call it: the table's name, or {@code the query of <target>}. */
    public String describe() {
        return query.map(SourceQuery::describe).orElseGet(name::toString);
    }
}
