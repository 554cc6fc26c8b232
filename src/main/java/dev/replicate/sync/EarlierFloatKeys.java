package dev.replicate.sync;

import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.sqlite.RowKeys;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Hands a single-precision key column's values over as the doubles earlier releases stored for them,
 * {@code Double.parseDouble(Float.toString(f))}, not as the double of the float's shortest decimal the readers
 * give now ({@link dev.replicate.source.ShortestFloat}). Java 17 printed some floats with more digits
 * (JDK-4511638), so for those the two doubles differ; SQLite matches a key by its stored value, and a replica
 * an earlier release wrote holds the earlier doubles: a re-read row would be upserted beside its stored copy,
 * and a reconcile would take the stored key for one the source no longer has. So a key column keeps the
 * earlier form (on the JVM that runs, as before), and only the other columns get the shortest decimal's double.
 */
final class EarlierFloatKeys implements RowStream {
    private final RowStream rows;
    private final int[] columns;

    private EarlierFloatKeys(RowStream rows, int[] columns) {
        this.rows = rows;
        this.columns = columns;
    }

    /**
     * The indexes among {@code columns} of the single-precision ones whose name is in {@code key} (by SQLite's
     * case-insensitive names, as the key is matched everywhere).
     */
    static int[] of(Source source, List<SourceColumn> columns, Collection<String> key) {
        return IntStream.range(0, columns.size())
                .filter(i -> source.singlePrecision(columns.get(i))
                        && key.stream().anyMatch(k -> k.equalsIgnoreCase(columns.get(i).name())))
                .toArray();
    }

    /** {@code rows} itself when no column is to be changed (nearly every table: no cost). */
    static RowStream wrap(RowStream rows, int[] columns) {
        return columns.length == 0 ? rows : new EarlierFloatKeys(rows, columns);
    }

    @Override
    public boolean next() throws Exception {
        return rows.next();
    }

    @Override
    public Object[] values() {
        Object[] values = rows.values();
        for (int column : columns) {
            if (values[column] instanceof Double real) {
                values[column] = RowKeys.earlierDouble(real);
            }
        }
        return values;
    }

    @Override
    public Object position() {
        return rows.position();
    }

    @Override
    public List<String> drainWarnings() {
        return rows.drainWarnings();
    }

    @Override
    public void close() throws Exception {
        rows.close();
    }
}
