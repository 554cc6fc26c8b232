package dev.replicate.source.mysql;

import com.mysql.cj.MysqlType;
import com.mysql.cj.result.Field;
import dev.replicate.source.SourceColumn;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A query's result columns typed as {@link MysqlCatalog} types a table's: {@link MysqlTypes#column} on
 * the column type rebuilt from the column definitions the server sends with a result (type, flags,
 * length, decimals), as information_schema's COLUMN_TYPE would show it as far as the category needs:
 * the base type, {@code unsigned}, a bit's width, a time's fraction digits, and enum and set (sent as char with a flag, which
 * must not make them text: they sort by position, so they are never watermarks).
 *
 * <p>What the definitions do not carry: MariaDB sends a {@code tinyint(1)} with the width of any
 * tinyint, so a query's tinyint shows as {@code tinyint} (still an INTEGER, the same value), and
 * MariaDB's json (a longtext with a check) as {@code longtext} (still TEXT, the same text).
 */
final class MysqlQueryColumns {
    /** The column definition's flags (MySQL's include/mysql_com.h). */
    private static final int ENUM_FLAG = 256;
    private static final int SET_FLAG = 2048;

    private MysqlQueryColumns() {
    }

    static List<SourceColumn> columns(ResultSetMetaData metadata) throws SQLException {
        Field[] fields = metadata.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class).getFields();
        List<SourceColumn> columns = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            String type = columnType(fields[i], metadata.getPrecision(i + 1));
            columns.add(MysqlTypes.column(fields[i].getColumnLabel(), type, type));
        }
        return columns;
    }

    /** The COLUMN_TYPE a table's column of this definition would show, as far as {@link MysqlTypes#category} reads it. */
    static String columnType(Field field, int precision) {
        if ((field.getFlags() & ENUM_FLAG) != 0) {
            return "enum";
        }
        if ((field.getFlags() & SET_FLAG) != 0) {
            return "set";
        }
        MysqlType type = field.getMysqlType();
        String base = type.getName().toLowerCase(Locale.ROOT).replace(" unsigned", "");
        String unsigned = field.isUnsigned() ? " unsigned" : "";
        return switch (type) {
            case DECIMAL, DECIMAL_UNSIGNED -> "decimal(" + precision + "," + field.getDecimals() + ")" + unsigned;
            case TINYINT, TINYINT_UNSIGNED -> (field.getLength() == 1 ? "tinyint(1)" : "tinyint") + unsigned;
            case BIT -> "bit(" + field.getLength() + ")";
            case CHAR, VARCHAR, BINARY, VARBINARY -> base + "(" + precision + ")";
            // The fraction's digits, as datetime(6) shows them: what verify's canonical text of the value
            // prints (MysqlDigestSql), so that it drops the zeros the reader drops.
            case DATETIME, TIMESTAMP, TIME -> field.getDecimals() > 0 ? base + "(" + field.getDecimals() + ")" : base;
            default -> base + unsigned;
        };
    }
}
