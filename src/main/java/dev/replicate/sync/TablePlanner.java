package dev.replicate.sync;

import dev.replicate.config.IndexConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.TableSchema;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.ReplicaIndexes;
import dev.replicate.sqlite.SqliteSql;
import dev.replicate.sqlite.TableState;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Makes a table's {@link TablePlan}, or fails it with a sentence that says why and the way out. Pure:
 * it reads nothing and writes nothing.
 *
 * <p>A table's mode picks its plan. An incremental table ({@code "mode": "incremental"}) is read by its
 * watermark: {@link TablePlan}, made by {@link #plan}. A full table has no watermark and is read
 * whole on every run: {@link FullPlan}, made by {@link #full}; nothing here asks it for a watermark.
 *
 * <p>{@link #plan} is the whole decision for an incremental table. A run takes it in its two halves, {@link #shape} and
 * {@link #resume}, because it lines the SQLite table up between them: a stored value that does not
 * parse, or a lookback that does not fit the watermark, fails the table after that, with the
 * table's notes in its log row, as it always has.
 */
final class TablePlanner {
    private TablePlanner() {
    }

    /** The plan of a table whose state is {@code previous}, its SQLite table present or not. */
    static TablePlan plan(TableConfig config, TableSchema schema, Optional<TableState> previous, boolean targetExists)
            throws TableFailure {
        return resume(shape(config, schema, previous), config, previous, targetExists);
    }

    /**
     * The columns: watermark, key and snapshot key, checked against the source and the stored
     * state's watermark; the plan reads from the start.
     */
    static TablePlan shape(TableConfig config, TableSchema schema, Optional<TableState> previous) throws TableFailure {
        SourceColumn watermark = watermarkColumn(config, schema);
        WatermarkKind kind = watermark.watermarkKind().orElseThrow();
        List<String> key = checkedKey(config, schema, previous);
        checkCursorUnchanged(config, previous, kind);
        List<SourceColumn> columns = selectedColumns(config, schema, Optional.of(watermark), key);
        checkCase(schema, columns);
        if (key.isEmpty()) {
            checkHiddenRowKey(schema, columns);
        }
        return new TablePlan(schema, watermark, kind, key, columns, excluded(schema, columns), config.where(),
                indexes(config, schema, columns), softDelete(config, schema, key, columns), snapshotKey(schema, key, watermark),
                Optional.empty(), Optional.empty(), List.of());
    }

    /**
     * The plan of a full table: its key (optional: a table without one is rewritten whole all the same),
     * the columns stored and the indexes, checked against the source as an incremental table's are. No
     * stored state counts: every run reads the whole table.
     */
    static FullPlan full(TableConfig config, TableSchema schema) throws TableFailure {
        if (config.mode() != dev.replicate.config.TableMode.FULL) {
            throw new IllegalArgumentException(config.target() + " is an incremental table");
        }
        List<String> key = checkedKey(config, schema, Optional.empty());
        List<SourceColumn> columns = selectedColumns(config, schema, Optional.empty(), key);
        checkCase(schema, columns);
        return new FullPlan(schema, key, columns, excluded(schema, columns), config.where(),
                indexes(config, schema, columns));
    }

    /**
     * For a table whose hidden key fails it, and that has been synced before: an earlier release read such a
     * table without its key (and a "primaryKey": [] may have), so its SQLite table has none, and once the key
     * is readable the table would fail again, its key changed. Said now, so that one grant and one reset mend it.
     */
    private static String syncedWithoutKey(TableConfig config, Optional<TableState> previous) {
        if (previous.flatMap(TableState::lastSuccessTs).isEmpty()) {
            return "";
        }
        return ". It was synced before: if its SQLite table was made without the key (reflect shows its"
                + " _replicate_row_key), as an earlier release made such a table, run replicate reset "
                + config.target() + " once the key is readable, to copy it again with its key";
    }

    /**
     * The key, every column of it present at the source. {@code previous}: the incremental table's stored
     * state, if any (a full table is rewritten whole, key and all, on every run).
     */
    private static List<String> checkedKey(TableConfig config, TableSchema schema, Optional<TableState> previous)
            throws TableFailure {
        List<String> key = key(config, schema);
        // Only an incremental table: a full one, rewritten whole on every run, is exact without a key.
        if (key.isEmpty() && config.primaryKey().isEmpty() && schema.hiddenKey().isPresent()
                && config.mode() != dev.replicate.config.TableMode.FULL) {
            // Read without it, every updated row would arrive again as a new one beside the old. Why the key is
            // hidden, and any setting of its own that shows it, only the source can say; the ways out here are
            // those of every source.
            throw new TableFailure(schema.describe() + " has a primary key, but the source shows the login none of its"
                    + " columns (" + schema.hiddenKey().get() + "): grant the login SELECT on the key's columns, or"
                    + " give a \"primaryKey\" of columns the login may read (" + config.jsonPath()
                    + ".primaryKey; [] keeps every row as it arrives, an updated row as a new one)"
                    + syncedWithoutKey(config, previous));
        }
        for (String column : key) {
            if (schema.column(column).isEmpty() && config.primaryKey().isEmpty()) {
                // The source's own key exists: the catalog lists only the columns the login holds a privilege on.
                throw new TableFailure("the primary key column " + column + " of " + schema.describe()
                        + " is not among the columns the user has privileges on (" + schema.columns().stream()
                        .map(SourceColumn::name).collect(Collectors.joining(", ")) + "): grant the login SELECT on "
                        + column + ", or give a \"primaryKey\" of columns it may read (" + config.jsonPath()
                        + ".primaryKey)");
            }
            if (schema.column(column).isEmpty()) {
                // A key the configuration gives is pointed at.
                throw new TableFailure((config.primaryKey().isPresent() ? config.jsonPath() + ".primaryKey: " : "")
                        + "the primary key column " + column + " does not exist in " + schema.describe()
                        + "; its columns are " + schema.columns().stream().map(SourceColumn::name)
                        .collect(Collectors.joining(", ")) + severalColumns(column, schema));
            }
        }
        return key;
    }

    /**
     * The array to write where one string names several of the table's columns ("id,n", "id, n"): a
     * composite key is an array, and a column's name with a comma in it is rare enough to ask.
     */
    private static String severalColumns(String column, TableSchema schema) {
        List<String> parts = java.util.Arrays.stream(column.split(",")).map(String::strip).toList();
        if (parts.size() < 2 || !parts.stream().allMatch(part -> schema.column(part).isPresent())) {
            return "";
        }
        return "; a key of several columns is an array: \"primaryKey\": ["
                + parts.stream().map(part -> "\"" + part + "\"").collect(Collectors.joining(", ")) + "]";
    }

    /**
     * Over the columns stored only: SQLite's names ignore case, so a clash matters only there. A source
     * with "Name" and name, one of them left out, stores the other.
     */
    private static void checkCase(TableSchema schema, List<SourceColumn> columns) throws TableFailure {
        Optional<String> sameName = SqliteSql.columnsDifferingOnlyInCase(schema.describe(),
                columns.stream().map(SourceColumn::name).toList());
        if (sameName.isPresent()) {
            throw new TableFailure(sameName.get());
        }
    }

    /**
     * A table without a key stores its row identities in a hidden column ({@link SqliteSql#ROW_KEY}):
     * a stored source column of that name (as SQLite compares names) would make SQLite refuse the table
     * with a bare "duplicate column name". (A full table has no such column.)
     */
    private static void checkHiddenRowKey(TableSchema schema, List<SourceColumn> columns) throws TableFailure {
        String hidden = SqliteSql.foldCase(SqliteSql.ROW_KEY);
        for (SourceColumn column : columns) {
            if (SqliteSql.foldCase(column.name()).equals(hidden)) {
                throw new TableFailure("the column " + column.name() + " of " + schema.describe() + " has the name of the"
                        + " hidden column in which replicate keeps the row identities of a table without a key; give the"
                        + " table a key (\"primaryKey\"), leave the column out (\"excludeColumns\"), or rename it at the source");
            }
        }
    }

    /**
     * The source's columns not stored. An excluded column whose name a stored one matches but for case
     * is not in the SQLite table (the SQLite column of that name is the stored one's): it must not be dropped.
     */
    private static List<String> excluded(TableSchema schema, List<SourceColumn> columns) {
        return schema.columns().stream().filter(c -> !columns.contains(c))
                .filter(c -> columns.stream().map(s -> SqliteSql.foldCase(s.name()))
                        .noneMatch(SqliteSql.foldCase(c.name())::equals))
                .map(SourceColumn::name).toList();
    }

    /**
     * The columns the configuration selects ("columns", else all but "excludeColumns"), in the source's
     * order, unchecked: what reflect shows for a table it cannot plan, as the plan would have them.
     */
    static List<SourceColumn> configuredColumns(TableConfig config, TableSchema schema) {
        List<String> listed = config.columns().orElse(config.excludeColumns());
        return schema.columns().stream().filter(c -> config.columns().isPresent() == listed.contains(c.name())).toList();
    }

    /**
     * The columns read and stored: those {@code columns} lists, or all but those {@code excludeColumns}
     * names, in the source's order. A name the table does not have fails it (a typo would otherwise
     * store a column meant to be left out, or leave out one meant to be read), and so does a selection
     * without the watermark or the key. The configuration already refuses that for a configured key;
     * here it is the source's key.
     */
    static List<SourceColumn> selectedColumns(TableConfig config, TableSchema schema, Optional<SourceColumn> watermark,
                                              List<String> key) throws TableFailure {
        List<String> listed = config.columns().orElse(config.excludeColumns());
        String field = config.columns().isPresent() ? ".columns" : ".excludeColumns";
        List<String> unknown = listed.stream().filter(name -> schema.column(name).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new TableFailure(config.jsonPath() + field + " names " + (unknown.size() == 1 ? "a column" : "columns")
                    + " that " + schema.describe() + " does not have: " + String.join(", ", unknown) + "; its columns are "
                    + schema.columns().stream().map(SourceColumn::name).collect(Collectors.joining(", ")));
        }
        List<SourceColumn> columns = configuredColumns(config, schema);
        List<String> needed = new java.util.ArrayList<>();
        watermark.ifPresent(w -> needed.add(w.name()));
        needed.addAll(key);
        List<String> missing = needed.stream().filter(n -> columns.stream().noneMatch(c -> c.name().equals(n)))
                .distinct().toList();
        if (!missing.isEmpty()) {
            throw new TableFailure(config.jsonPath() + field + " leaves out " + String.join(", ", missing)
                    + ", which every row needs (" + (watermark.isPresent() ? "the watermark and " : "")
                    + "the primary key); read " + (missing.size() == 1
                    ? "it" : "them"));
        }
        return columns;
    }

    /**
     * The configuration's {@code indexes}, named, on the columns as the source spells them (SQLite's
     * names ignore case, the configuration's may differ in it). A column the table does not have, or one
     * the selection leaves out, fails the table: the SQLite table would not have it.
     */
    static List<ReplicaIndexes.Index> indexes(TableConfig config, TableSchema schema, List<SourceColumn> stored)
            throws TableFailure {
        List<ReplicaIndexes.Index> indexes = new java.util.ArrayList<>();
        for (IndexConfig index : config.indexes()) {
            List<String> columns = new java.util.ArrayList<>();
            for (String name : index.columns()) {
                Optional<SourceColumn> column = stored.stream().filter(c -> SqliteSql.sameName(c.name(), name))
                        .findFirst();
                if (column.isEmpty()) {
                    throw new TableFailure(index.jsonPath() + " names the column " + name + ", which " + (
                            schema.column(name).isPresent() || schema.columns().stream()
                                    .anyMatch(c -> SqliteSql.sameName(c.name(), name))
                                    ? "is not stored (left out by \"columns\" or \"excludeColumns\")"
                                    : schema.describe() + " does not have") + "; the columns stored are "
                            + stored.stream().map(SourceColumn::name).collect(Collectors.joining(", ")));
                }
                columns.add(column.get().name());
            }
            indexes.add(ReplicaIndexes.index(config.target(), columns, index.unique()));
        }
        return List.copyOf(indexes);
    }

    /**
     * The soft-delete column among the columns read. What the configuration could not know is checked
     * here: that the table has the column, and a key to delete by (a table whose source has no key is
     * append-only: its rows are told apart by all their values, and a row read as deleted no longer has
     * the values of the row stored), and that the column is not part of the source's key (never NULL:
     * every row would go).
     */
    static Optional<SoftDelete> softDelete(TableConfig config, TableSchema schema, List<String> key,
                                           List<SourceColumn> columns) throws TableFailure {
        if (config.softDelete().isEmpty()) {
            return Optional.empty();
        }
        String name = config.softDelete().get();
        String path = config.jsonPath() + ".deletes";
        if (schema.column(name).isEmpty()) {
            throw new TableFailure(path + ".softDelete names a column that " + schema.describe() + " does not have: " + name
                    + "; its columns are " + schema.columns().stream().map(SourceColumn::name)
                    .collect(Collectors.joining(", ")));
        }
        if (key.isEmpty()) {
            throw new TableFailure(path + ": " + schema.describe() + " has no primary key, so it is append-only and its"
                    + " rows cannot be deleted by key; set \"primaryKey\", or remove \"deletes\"");
        }
        if (key.contains(name)) {
            throw new TableFailure(path + ".softDelete: " + name + " is a primary key column of " + schema.describe()
                    + ", which is never NULL: every row would be deleted");
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                if (schema.query().isPresent() && columns.get(i).sourceType().toLowerCase(java.util.Locale.ROOT)
                        .matches("tinyint( unsigned)?")) {
                    // A table's tinyint(1) is a boolean flag (0 is live); a query's result does not say
                    // whether its tinyint is one (MariaDB sends tinyint(1) as any tinyint), and read as a
                    // deleted_at, every 0 would delete its row.
                    throw new TableFailure(path + ".softDelete: " + name + " is a tinyint in " + schema.describe()
                            + ", which may be a boolean flag or a number; give the query a column that is NULL for a"
                            + " live row, such as CASE WHEN " + name + " <> 0 THEN 'deleted' END AS deleted");
                }
                return Optional.of(SoftDelete.of(columns.get(i), i));
            }
        }
        // The configuration refuses a soft-delete column left out by "columns" or "excludeColumns".
        throw new TableFailure(path + ".softDelete: " + name + " is not among the columns read");
    }

    /**
     * Where the read starts: at the stored cursor less the lookback. The cursor counts only while its
     * SQLite table exists; a table with a cursor has no first sync to make.
     */
    static TablePlan resume(TablePlan shape, TableConfig config, Optional<TableState> previous, boolean targetExists)
            throws TableFailure {
        Optional<String> lastText = targetExists ? previous.flatMap(TableState::lastValue) : Optional.empty();
        if (lastText.isEmpty()) {
            return shape;
        }
        Position cursor = stored(config, shape.kind(), "last_value", lastText.get());
        if (!cursor.isFinite()) {
            // An earlier version kept the infinite value it read as the cursor; from +infinity no later
            // row is reachable, and where the finite rows stopped is not known. Reading the table again
            // from the start is exact (rows replace themselves, or are recognised without a key).
            return shape.resumed(shape.snapshotKey(), Optional.empty(), Optional.empty(),
                    List.of("the stored watermark of " + shape.watermark().name()
                    + " was " + cursor.encode() + ", which no later row passes; " + shape.schema().describe()
                    + " is read again from the start"));
        }
        return shape.resumed(Optional.empty(), Optional.of(cursor), startFrom(config, cursor), List.of());
    }

    /** The key rows are upserted by: the configured one, else the source's (empty: none). */
    static List<String> key(TableConfig config, TableSchema schema) {
        return config.primaryKey().orElse(schema.primaryKey());
    }

    /**
     * The key a first sync reads the table in the order of, instead of the watermark's: the table's own
     * primary key when it is one integer or text column (a text key such as a UUID in a char(36)), so
     * the database has it indexed, never NULL, and InnoDB even stores the rows in its order; unless the
     * watermark is that column anyway. (MySQL's enum and set are not text here: they sort by position
     * but compare as text.) Whether the source can read by it is the source's to say, at run time.
     *
     * <p>Why (issue #5): ordering a whole table by (watermark, key) made MariaDB sort every row before
     * sending the first (3.0 s of a 1M-row table against 1.7 s read in key order), while the client
     * waited. The key order costs nothing to produce and the rows stream at once.
     */
    static Optional<SourceColumn> snapshotKey(TableSchema schema, List<String> key, SourceColumn watermark) {
        if (key.size() != 1 || !key.equals(schema.primaryKey()) || key.get(0).equals(watermark.name())) {
            return Optional.empty();
        }
        return schema.column(key.get(0)).filter(c -> c.watermarkKind()
                .filter(kind -> kind == WatermarkKind.INTEGER || kind == WatermarkKind.TEXT).isPresent());
    }

    /**
     * A value of {@code _replicate_watermarks}, parsed. One that does not parse was edited by hand (or
     * written by something else); the driver's parse error named neither the state table nor the way
     * out (issue #14), so the table fails with both, and nothing is written.
     */
    static Position stored(TableConfig config, WatermarkKind kind, String column, String text) throws TableFailure {
        try {
            return Position.decode(kind, text);
        } catch (RuntimeException e) {
            throw new TableFailure("the " + column + " '" + ErrorText.printable(text) + "' stored for " + config.target()
                    + " in _replicate_watermarks is not a valid " + kind.name().toLowerCase(Locale.ROOT)
                    + "; run `replicate reset " + config.target() + "` to sync the table again from the start");
        }
    }

    /** Where a read starts for a cursor at {@code position}: less the lookback (empty: from the start). */
    static Optional<Position> startFrom(TableConfig config, Position position) throws TableFailure {
        try {
            return position.minus(config.lookback());
        } catch (IllegalArgumentException e) {
            throw new TableFailure(e.getMessage() + " (" + config.jsonPath() + ".lookback)");
        }
    }

    private static SourceColumn watermarkColumn(TableConfig config, TableSchema schema) throws TableFailure {
        String name = config.watermark().orElseThrow(() -> new IllegalArgumentException(config.target()
                + " is a full table"));
        SourceColumn column = schema.column(name).orElseThrow(() -> new TableFailure(
                config.jsonPath() + ".watermark: the watermark column " + name + " does not exist in " + schema.describe()
                        + "; its columns are " + schema.columns().stream().map(SourceColumn::name)
                        .collect(Collectors.joining(", "))));
        if (column.watermarkKind().isEmpty()) {
            throw new TableFailure(config.jsonPath() + ".watermark: the column " + column.name() + " ("
                    + column.sourceType() + ") cannot be a watermark; use an integer, numeric, date, timestamp or text"
                    + " column");
        }
        return column;
    }

    /** A new watermark column or type makes the stored cursor meaningless: refuse, with the way out. */
    private static void checkCursorUnchanged(TableConfig config, Optional<TableState> previous, WatermarkKind kind)
            throws TableFailure {
        if (previous.isEmpty() || (previous.get().lastValue().isEmpty() && previous.get().snapshot().isEmpty())) {
            return;
        }
        TableState stored = previous.get();
        String hint = "; run `replicate reset " + config.target() + "` to sync the table again from the start";
        String watermark = config.watermark().orElseThrow();
        if (!stored.watermarkColumn().equals(watermark)) {
            // The configuration's edit: pointed at, as a watermark column that does not exist is.
            throw new TableFailure(config.jsonPath() + ".watermark: the watermark column changed from "
                    + stored.watermarkColumn() + " to " + watermark + hint);
        }
        if (stored.watermarkType().isPresent() && !stored.watermarkType().get().equals(kind.name())) {
            // The source's change, pointed at all the same: the entry is where the way on (a reset, another
            // watermark) is decided.
            throw new TableFailure(config.jsonPath() + ".watermark: the watermark column " + watermark + " changed type from "
                    + stored.watermarkType().get().toLowerCase(Locale.ROOT) + " to " + kind.name().toLowerCase(Locale.ROOT) + hint);
        }
    }
}
