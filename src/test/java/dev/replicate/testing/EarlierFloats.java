package dev.replicate.testing;

import dev.replicate.sqlite.RowKeys;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica's single-precision values as a release before ShortestFloat stored them: the double of Java's
 * Float.toString of the float, which before Java 19 was not always the shortest decimal (1e11f printed as
 * 9.9999998E10 by Java 17, say), and, for a table without a key, the row identities that release made from
 * those doubles (RowKeys without its single-precision columns).
 */
public final class EarlierFloats {
    /**
     * Floats Java 17's Float.toString printed with more digits than the shortest, as their shortest decimal
     * text (what PostgreSQL prints): an earlier release stored another double for each than this one.
     */
    public static final List<String> PRINTED_LONG = List.of("1e11", "1.2e12", "8e17");

    private EarlierFloats() {
    }

    /** Whether this JVM's Float.toString printed {@link #PRINTED_LONG} with extra digits (before Java 19). */
    public static boolean printedLongHere() {
        return PRINTED_LONG.stream().allMatch(text -> !Float.toString(Float.parseFloat(text)).equals(
                Double.toString(Double.parseDouble(text))));
    }

    /**
     * Rewrites {@code column} of {@code table} as an earlier release wrote it, and, when {@code columns} is not
     * null (a table without a key), each row's identity, made from {@code columns}' values (in the stored
     * order) and the watermark column's, with identical rows counted in rowid order, as they were written.
     *
     * @return how many stored values changed
     */
    public static int rewrite(Path replica, String table, String column, List<String> columns, String watermark)
            throws SQLException {
        int changed = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + replica)) {
            connection.setAutoCommit(false);
            List<Object[]> rows = new ArrayList<>();
            String select = columns == null ? "\"" + column + "\"" : String.join(", ", columns.stream()
                    .map(c -> "\"" + c + "\"").toList()) + ", _replicate_row_key";
            String order = watermark == null ? "rowid" : "\"" + watermark + "\", rowid";
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT rowid, " + select + " FROM \"" + table + "\" ORDER BY "
                         + order)) {
                while (rs.next()) {
                    int width = rs.getMetaData().getColumnCount();
                    Object[] row = new Object[width];
                    for (int i = 0; i < width; i++) {
                        Object stored = rs.getObject(i + 1);
                        // An integer as the readers give it (the driver gives a small one as Integer).
                        row[i] = stored instanceof Integer small ? (Object) small.longValue() : stored;
                    }
                    rows.add(row);
                }
            }
            int at = columns == null ? 1 : 1 + columns.indexOf(column);
            RowKeys keys = columns == null ? null : new RowKeys(columns, watermark);
            int watermarkAt = watermark == null || columns == null ? -1 : 1 + columns.indexOf(watermark);
            try (PreparedStatement value = connection.prepareStatement("UPDATE \"" + table + "\" SET \"" + column
                    + "\" = ? WHERE rowid = ?");
                 PreparedStatement identity = keys == null ? null : connection.prepareStatement("UPDATE \""
                         + table + "\" SET _replicate_row_key = ? WHERE rowid = ?");
                 Statement statement = connection.createStatement()) {
                if (keys != null) {
                    // Out of the way first: an earlier identity may be a later row's current one.
                    statement.execute("UPDATE \"" + table + "\" SET _replicate_row_key = 'moving ' || rowid");
                }
                for (Object[] row : rows) {
                    boolean same = true;
                    if (row[at] instanceof Double stored) {
                        double earlier = Double.parseDouble(Float.toString((float) (double) stored));
                        if (Double.doubleToRawLongBits(earlier) != Double.doubleToRawLongBits(stored)) {
                            changed++;
                            same = false;
                        }
                        row[at] = earlier;
                        value.setDouble(1, earlier);
                        value.setLong(2, ((Number) row[0]).longValue());
                        value.executeUpdate();
                    }
                    if (keys != null) {
                        Object[] values = java.util.Arrays.copyOfRange(row, 1, row.length - 1);
                        String earlier = keys.next(values, watermarkAt < 0 ? null : row[watermarkAt]);
                        if (same && !earlier.equals(row[row.length - 1])) {
                            throw new IllegalStateException("the identity of an unchanged row, made again, differs: "
                                    + earlier + " for " + row[row.length - 1] + " " + java.util.Arrays.toString(row));
                        }
                        identity.setString(1, earlier);
                        identity.setLong(2, ((Number) row[0]).longValue());
                        identity.executeUpdate();
                    }
                }
            }
            connection.commit();
        }
        return changed;
    }
}
