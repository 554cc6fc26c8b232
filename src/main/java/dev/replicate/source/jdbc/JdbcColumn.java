package dev.replicate.source.jdbc;

import dev.replicate.source.SourceColumn;

/**
 * How a JDBC source selects and reads one column: the SQL expression in the select list (a cast
 * where the database's own text form is the exact one) and the reader that converts the value.
 */
public record JdbcColumn(SourceColumn column, String selectExpression, ColumnReader reader) {
}
