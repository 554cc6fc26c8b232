package dev.replicate.source;

import java.util.Locale;

/**
 * The SQLite column type a source column is stored as. Values handed over by a {@link RowStream}
 * must match it: {@link Long} for INTEGER, {@link Double} for REAL, {@link String} for TEXT,
 * {@code byte[]} for BLOB, or null.
 */
public enum SqliteType {
    INTEGER, REAL, TEXT, BLOB;

    /**
     * Whether every value of this type is kept exactly, and as this type, in a column declared
     * {@code declaredType}. SQLite converts what it stores by the column's affinity, not by the value:
     * in an INTEGER (or NUMERIC) column a text such as '007', '1e3' or ' 5' becomes the integer 7,
     * 1000 or 5, and a double 2.0 the integer 2; in a REAL column an integer becomes a double (rounded
     * beyond 2^53); in a TEXT column numbers become text. Only bytes are never converted, and a
     * column without affinity (declared BLOB, or with no type) converts nothing.
     */
    public boolean keptExactlyIn(String declaredType) {
        SqliteType affinity = affinityOf(declaredType);
        return this == affinity || this == BLOB || affinity == BLOB;
    }

    /**
     * The affinity SQLite gives a column declared so (https://sqlite.org/datatype3.html, 3.1): BLOB
     * standing for none, INTEGER also for NUMERIC, which converts values the same way when it stores them.
     */
    public static SqliteType affinityOf(String declaredType) {
        String type = declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT);
        if (type.contains("INT")) {
            return INTEGER;
        }
        if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
            return TEXT;
        }
        if (type.contains("BLOB") || type.isBlank()) {
            return BLOB;
        }
        if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
            return REAL;
        }
        return INTEGER;
    }
}
