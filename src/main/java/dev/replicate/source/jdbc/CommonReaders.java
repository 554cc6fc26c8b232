package dev.replicate.source.jdbc;

import dev.replicate.source.ShortestFloat;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Column readers and conversions that give the same value for every JDBC source. Static, so that a
 * reader on the per-value path is one call the JIT inlines.
 */
public final class CommonReaders {
    private CommonReaders() {
    }

    /** An integer as getLong reads it: what a source's readPosition reads for an INTEGER position. */
    public static Object readLong(ResultSet rs, int index) throws SQLException {
        long value = rs.getLong(index);
        return rs.wasNull() ? null : value;
    }

    /**
     * A single-precision value as the double of its shortest decimal form (1.1, not
     * 1.100000023841858), as PostgreSQL prints a real: what SQLite stores for real and float columns.
     * {@link ShortestFloat}, not Float.toString, which before Java 19 printed more digits for some floats.
     */
    public static Double shortestReal(float value) {
        return ShortestFloat.toDouble(value);
    }
}
