package dev.replicate.source.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one column of the current row and converts it to its SQLite value (Long, Double, String, byte[] or null). */
@FunctionalInterface
public interface ColumnReader {
    Object read(ResultSet row, int index) throws SQLException;
}
