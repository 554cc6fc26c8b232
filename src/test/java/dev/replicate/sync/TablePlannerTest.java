package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.config.IndexConfig;
import dev.replicate.config.Lookback;
import dev.replicate.config.TableConfig;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.ReplicaIndexes;
import dev.replicate.sqlite.SnapshotProgress;
import dev.replicate.sqlite.TableState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan's decisions, from configuration, schema and stored state alone. */
class TablePlannerTest {
    private static final TableName TABLE = TableName.parse("shop.orders");
    private static final SourceColumn ID = column("id", "bigint", WatermarkKind.INTEGER);
    private static final SourceColumn CODE = column("code", "varchar(36)", WatermarkKind.TEXT);
    private static final SourceColumn AT = column("updated_at", "timestamp", WatermarkKind.TIMESTAMP);
    private static final SourceColumn DATA = new SourceColumn("data", "jsonb", SqliteType.TEXT, Optional.empty());
    private static final TableSchema SCHEMA = new TableSchema(TABLE, List.of(ID, CODE, AT, DATA), List.of("id"));

    private static SourceColumn column(String name, String type, WatermarkKind kind) {
        return new SourceColumn(name, type, kind == WatermarkKind.INTEGER ? SqliteType.INTEGER : SqliteType.TEXT,
                Optional.of(kind));
    }

    private static TableConfig config(String watermark, Optional<List<String>> key, Optional<Lookback> lookback) {
        return new TableConfig(TABLE, watermark, key, "orders", 60, 100, lookback, "$[0].tables[0]");
    }

    private static TableConfig config() {
        return config("updated_at", Optional.empty(), Optional.empty());
    }

    private static TableState state(String column, String type, String lastValue, SnapshotProgress snapshot) {
        return new TableState("src", TABLE.toString(), "orders", column, Optional.of(type),
                Optional.ofNullable(lastValue), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                0, 0, Optional.empty(), Optional.ofNullable(snapshot), 0, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    @Test
    void aFirstSyncReadsFromTheStartByItsOneColumnIntegerKey() throws TableFailure {
        TablePlan plan = TablePlanner.plan(config(), SCHEMA, Optional.empty(), false);
        assertEquals(AT, plan.watermark());
        assertEquals(WatermarkKind.TIMESTAMP, plan.kind());
        assertEquals(List.of("id"), plan.key());
        assertEquals(Optional.of(ID), plan.snapshotKey());
        assertEquals(Optional.empty(), plan.cursor());
        assertEquals(Optional.empty(), plan.start());
    }

    @Test
    void aStoredCursorIsResumedLessTheLookbackAndEndsTheFirstSync() throws TableFailure {
        TableConfig config = config("updated_at", Optional.empty(),
                Optional.of(new Lookback.Span(Duration.ofMinutes(5))));
        TablePlan plan = TablePlanner.plan(config, SCHEMA,
                Optional.of(state("updated_at", "TIMESTAMP", "2024-01-01T10:00", null)), true);
        assertEquals(Optional.of(new Position(WatermarkKind.TIMESTAMP, LocalDateTime.of(2024, 1, 1, 10, 0))),
                plan.cursor());
        assertEquals(Optional.of(new Position(WatermarkKind.TIMESTAMP, LocalDateTime.of(2024, 1, 1, 9, 55))),
                plan.start());
        assertEquals(Optional.empty(), plan.snapshotKey(), "a table with a cursor has no first sync");
    }

    @Test
    void aCursorWithoutItsSqliteTableCountsForNothing() throws TableFailure {
        TablePlan plan = TablePlanner.plan(config(), SCHEMA,
                Optional.of(state("updated_at", "TIMESTAMP", "2024-01-01T10:00", null)), false);
        assertEquals(Optional.empty(), plan.cursor());
        assertEquals(Optional.of(ID), plan.snapshotKey());
    }

    @Test
    void anInfiniteCursorIsNotedAndTheTableReadFromTheStart() throws TableFailure {
        TablePlan plan = TablePlanner.plan(config(), SCHEMA,
                Optional.of(state("updated_at", "TIMESTAMP", "infinity", null)), true);
        assertEquals(Optional.empty(), plan.cursor());
        assertEquals(Optional.empty(), plan.start());
        assertEquals(List.of("the stored watermark of updated_at was infinity, which no later row passes;"
                + " shop.orders is read again from the start"), plan.notes());
    }

    @Test
    void onlyTheSourcesOwnSingleIntegerOrTextKeyOtherThanTheWatermarkIsASnapshotKey() throws TableFailure {
        TableSchema byCode = new TableSchema(TABLE, SCHEMA.columns(), List.of("code"));
        assertEquals(Optional.of(CODE), TablePlanner.plan(config(), byCode, Optional.empty(), false).snapshotKey());
        TableSchema composite = new TableSchema(TABLE, SCHEMA.columns(), List.of("id", "code"));
        assertEquals(Optional.empty(), TablePlanner.plan(config(), composite, Optional.empty(), false).snapshotKey());
        TableSchema byData = new TableSchema(TABLE, SCHEMA.columns(), List.of("data"));
        assertEquals(Optional.empty(), TablePlanner.plan(config(), byData, Optional.empty(), false).snapshotKey());
        TablePlan configured = TablePlanner.plan(config("updated_at", Optional.of(List.of("code")), Optional.empty()),
                SCHEMA, Optional.empty(), false);
        assertEquals(List.of("code"), configured.key());
        assertEquals(Optional.empty(), configured.snapshotKey(), "a configured key is not the source's own");
        assertEquals(Optional.empty(), TablePlanner.plan(config("id", Optional.empty(), Optional.empty()), SCHEMA,
                Optional.empty(), false).snapshotKey(), "the watermark as the key");
        TableSchema keyless = new TableSchema(TABLE, SCHEMA.columns(), List.of());
        TablePlan appendOnly = TablePlanner.plan(config(), keyless, Optional.empty(), false);
        assertTrue(appendOnly.appendOnly());
        assertEquals(Optional.empty(), appendOnly.snapshotKey());
    }

    @Test
    void columnProblemsFailWithRunsSentences() {
        assertEquals("$[0].tables[0].watermark: the watermark column changed_at does not exist in shop.orders; its columns are id, code,"
                + " updated_at, data", failure(config("changed_at", Optional.empty(), Optional.empty()),
                SCHEMA, Optional.empty()));
        assertEquals("$[0].tables[0].watermark: the column data (jsonb) cannot be a watermark; use an integer,"
                + " numeric, date, timestamp or"
                + " text column", failure(config("data", Optional.empty(), Optional.empty()), SCHEMA, Optional.empty()));
        assertEquals("$[0].tables[0].primaryKey: the primary key column sku does not exist in shop.orders; its"
                + " columns are id, code, updated_at, data",
                failure(config("updated_at", Optional.of(List.of("id", "sku")), Optional.empty()), SCHEMA,
                        Optional.empty()));
        TableSchema twoNames = new TableSchema(TABLE, List.of(ID, AT, column("ID", "bigint", WatermarkKind.INTEGER)),
                List.of());
        assertTrue(failure(config(), twoNames, Optional.empty()).contains("ID"));
    }

    @Test
    void aChangedWatermarkOrAnUnreadableStoredValueFailsWithTheResetHint() {
        assertEquals("$[0].tables[0].watermark: the watermark column changed from created_at to updated_at; run"
                + " `replicate reset orders` to"
                + " sync the table again from the start", failure(config(), SCHEMA,
                Optional.of(state("created_at", "TIMESTAMP", "2024-01-01T10:00", null))));
        assertEquals("$[0].tables[0].watermark: the watermark column updated_at changed type from timestamptz to"
                + " timestamp; run `replicate"
                + " reset orders` to sync the table again from the start", failure(config(), SCHEMA,
                Optional.of(state("updated_at", "TIMESTAMPTZ", null, new SnapshotProgress("id", "INTEGER", "5", "x")))));
        assertEquals("the last_value 'yesterday' stored for orders in _replicate_watermarks is not a valid timestamp;"
                + " run `replicate reset orders` to sync the table again from the start", failure(config(), SCHEMA,
                Optional.of(state("updated_at", "TIMESTAMP", "yesterday", null))));
    }

    /** A stored value edited by hand can hold anything: a NUL or an escape sequence must not reach a terminal or the log raw. */
    @Test
    void anUnreadableStoredValueIsShownWithItsControlCharactersEscaped() {
        String message = failure(config(), SCHEMA, Optional.of(state("updated_at", "TIMESTAMP", "5\u0000\u001b[2J", null)));
        assertTrue(message.startsWith("the last_value '5\\u0000\\u001b[2J' stored for orders"), message);
        assertTrue(message.chars().noneMatch(c -> c < 0x20), message);
    }

    @Test
    void aLookbackThatDoesNotFitTheWatermarkNamesItsPlaceInTheConfiguration() {
        String message = failure(config("updated_at", Optional.empty(), Optional.of(new Lookback.Amount(BigDecimal.TEN))),
                SCHEMA, Optional.of(state("updated_at", "TIMESTAMP", "2024-01-01T10:00", null)));
        assertTrue(message.contains("give an ISO-8601 duration such as PT5M") && message.endsWith("($[0].tables[0].lookback)"),
                message);
    }

    private static String failure(TableConfig config, TableSchema schema, Optional<TableState> previous) {
        return assertThrows(TableFailure.class, () -> TablePlanner.plan(config, schema, previous, true)).getMessage();
    }

    private static TableConfig selecting(Optional<List<String>> columns, List<String> excluded) {
        return new TableConfig(TABLE, "updated_at", Optional.empty(), "orders", 60, 100, Optional.empty(), columns,
                excluded, Optional.of("code <> 'x'"), "$[0].tables[0]");
    }

    @Test
    void thePlanReadsTheSelectedColumnsInSourceOrderWithTheFilter() throws TableFailure {
        TablePlan listed = TablePlanner.plan(selecting(Optional.of(List.of("updated_at", "id")), List.of()), SCHEMA,
                Optional.empty(), false);
        assertEquals(List.of(ID, AT), listed.columns());
        assertEquals(List.of("code", "data"), listed.excluded());
        assertEquals(Optional.of("code <> 'x'"), listed.where());
        TablePlan excluding = TablePlanner.plan(selecting(Optional.empty(), List.of("data")), SCHEMA, Optional.empty(), false);
        assertEquals(List.of(ID, CODE, AT), excluding.columns());
        assertEquals(List.of("data"), excluding.excluded());
    }

    /**
     * Columns whose names differ only in case clash in SQLite only if both are stored: with one left out
     * the plan stores the other, and does not count the excluded one as a SQLite column to drop.
     */
    @Test
    void columnsDifferingOnlyInCaseClashOnlyWhenBothAreStored() throws TableFailure {
        SourceColumn upper = new SourceColumn("Name", "text", SqliteType.TEXT, Optional.empty());
        SourceColumn lower = new SourceColumn("name", "text", SqliteType.TEXT, Optional.empty());
        TableSchema schema = new TableSchema(TABLE, List.of(ID, AT, upper, lower), List.of("id"));
        TableFailure clash = assertThrows(TableFailure.class, () -> TablePlanner.plan(
                selecting(Optional.empty(), List.of()), schema, Optional.empty(), false));
        assertTrue(clash.getMessage().contains("Name and name") && clash.getMessage().contains("differ only in case"),
                clash.getMessage());
        TablePlan plan = TablePlanner.plan(selecting(Optional.empty(), List.of("Name")), schema, Optional.empty(), false);
        assertEquals(List.of(ID, AT, lower), plan.columns());
        assertEquals(List.of(), plan.excluded());
        TablePlan listed = TablePlanner.plan(selecting(Optional.of(List.of("id", "updated_at", "Name")), List.of()),
                schema, Optional.empty(), false);
        assertEquals(List.of(ID, AT, upper), listed.columns());
    }

    /**
     * A table without a key gets a hidden column of that name for its row identities: a source column so
     * named failed the table on SQLite's bare "duplicate column name". It says so now, and how to go on;
     * with a key there is no hidden column, and the column is stored as any other.
     */
    @Test
    void aColumnNamedLikeTheHiddenRowKeyFailsAKeylessTableSayingSo() throws TableFailure {
        SourceColumn hidden = new SourceColumn("_Replicate_Row_Key", "text", SqliteType.TEXT, Optional.empty());
        TableSchema keyless = new TableSchema(TABLE, List.of(ID, AT, hidden), List.of());
        TableFailure clash = assertThrows(TableFailure.class, () -> TablePlanner.plan(config(), keyless, Optional.empty(), false));
        assertTrue(clash.getMessage().startsWith("the column _Replicate_Row_Key of shop.orders has the name of the hidden"
                + " column"), clash.getMessage());
        TablePlan excluded = TablePlanner.plan(selecting(Optional.empty(), List.of("_Replicate_Row_Key")),
                new TableSchema(TABLE, List.of(ID, AT, hidden), List.of()), Optional.empty(), false);
        assertEquals(List.of(ID, AT), excluded.columns());
        TablePlan keyed = TablePlanner.plan(config(), new TableSchema(TABLE, List.of(ID, AT, hidden), List.of("id")),
                Optional.empty(), false);
        assertEquals(List.of(ID, AT, hidden), keyed.columns());
    }

    @Test
    void aSelectionNamingAnUnknownColumnOrLeavingOutTheSourcesKeyFailsTheTable() {
        TableFailure unknown = assertThrows(TableFailure.class, () -> TablePlanner.plan(
                selecting(Optional.empty(), List.of("dta")), SCHEMA, Optional.empty(), false));
        assertTrue(unknown.getMessage().startsWith("$[0].tables[0].excludeColumns names a column that shop.orders does"
                + " not have: dta; its columns are id, code, updated_at, data"), unknown.getMessage());
        TableFailure key = assertThrows(TableFailure.class, () -> TablePlanner.plan(
                selecting(Optional.empty(), List.of("id")), SCHEMA, Optional.empty(), false));
        assertTrue(key.getMessage().startsWith("$[0].tables[0].excludeColumns leaves out id"), key.getMessage());
        TableFailure listed = assertThrows(TableFailure.class, () -> TablePlanner.plan(
                selecting(Optional.of(List.of("updated_at", "code")), List.of()), SCHEMA, Optional.empty(), false));
        assertTrue(listed.getMessage().startsWith("$[0].tables[0].columns leaves out id"), listed.getMessage());
    }

    /**
     * The plan names the configured indexes by the rule, on the columns as the source spells them; an
     * index on a column the table lacks, or on one left out by the selection, fails the table by path.
     */
    @Test
    void indexesAreNamedByTheRuleAndOnlyOnStoredColumns() throws TableFailure {
        TableConfig base = config();
        TableConfig indexed = new TableConfig(TABLE, "updated_at", Optional.empty(), "orders", 60, 100, Optional.empty(),
                Optional.empty(), List.of("data"), Optional.empty(),
                List.of(new IndexConfig(List.of("CODE", "updated_at"), true, "$[0].tables[0].indexes[0]")),
                Optional.empty(), base.jsonPath());
        TablePlan plan = TablePlanner.plan(indexed, SCHEMA, Optional.empty(), false);
        assertEquals(List.of(ReplicaIndexes.index("orders", List.of("code", "updated_at"), true)), plan.indexes());
        assertTrue(plan.indexes().get(0).name().matches("rx_orders_code_updated_at_[0-9a-f]{8}"), plan.indexes().toString());

        for (String column : List.of("data", "nope")) {
            TableConfig bad = new TableConfig(TABLE, "updated_at", Optional.empty(), "orders", 60, 100, Optional.empty(),
                    Optional.empty(), List.of("data"), Optional.empty(),
                    List.of(new IndexConfig(List.of(column), false, "$[0].tables[0].indexes[0]")), Optional.empty(),
                    base.jsonPath());
            TableFailure failure = assertThrows(TableFailure.class,
                    () -> TablePlanner.plan(bad, SCHEMA, Optional.empty(), false));
            assertTrue(failure.getMessage().startsWith("$[0].tables[0].indexes[0] names the column " + column + ", which "
                    + (column.equals("data") ? "is not stored" : "shop.orders does not have")), failure.getMessage());
        }
    }

    /** The naming rule keeps apart what its readable part cannot, and tells replicate's indexes from a user's. */
    @Test
    void theNamingRuleTellsIndexesApart() {
        String joined = ReplicaIndexes.index("t", List.of("a_b"), false).name();
        String two = ReplicaIndexes.index("t", List.of("a", "b"), false).name();
        assertTrue(joined.startsWith("rx_t_a_b_") && two.startsWith("rx_t_a_b_") && !joined.equals(two), joined + " " + two);
        assertTrue(!ReplicaIndexes.index("t", List.of("a"), true).name().equals(ReplicaIndexes.index("t", List.of("a"), false)
                .name()), "unique or not: another name, so a change drops the old one");
        String odd = ReplicaIndexes.index("Odd Table", List.of("a very long column name with spaces and \"quotes\""), false)
                .name();
        assertTrue(odd.matches("rx_Odd_Table_a_very_long_column_name_with_s_[0-9a-f]{8}"), odd);
        assertTrue(ReplicaIndexes.isReplicates("Odd Table", odd));
        assertTrue(ReplicaIndexes.isReplicates("t", joined));
        for (String mine : List.of("idx_t_a", "rx_t_a", "rx_other_a_0123abcd", "t_a_0123abcd")) {
            assertTrue(!ReplicaIndexes.isReplicates("t", mine), mine);
        }
    }

    private static TableConfig softDeleting(String column, Optional<List<String>> key) {
        return new TableConfig(TABLE, "updated_at", key, "orders", 60, 100, Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), List.of(), Optional.of(column), "$[0].tables[0]");
    }

    @Test
    void aSoftDeleteColumnIsFoundAmongTheColumnsReadAndABooleanIsAFlag() throws TableFailure {
        SourceColumn flag = new SourceColumn("gone", "boolean", SqliteType.INTEGER, Optional.empty());
        TableSchema schema = new TableSchema(TABLE, List.of(ID, CODE, AT, flag), List.of("id"));
        SoftDelete byFlag = TablePlanner.plan(softDeleting("gone", Optional.empty()), schema, Optional.empty(), false)
                .softDelete().orElseThrow();
        assertEquals(new SoftDelete(flag, 3, true), byFlag);
        assertTrue(byFlag.marks(new Object[] {1L, "a", "t", 1L}));
        assertTrue(byFlag.marks(new Object[] {1L, "a", "t", 2L}), "a tinyint(1) holding 2 is true");
        assertEquals(false, byFlag.marks(new Object[] {1L, "a", "t", 0L}));
        assertEquals(false, byFlag.marks(new Object[] {1L, "a", "t", null}));
        SoftDelete byValue = TablePlanner.plan(softDeleting("code", Optional.empty()), SCHEMA, Optional.empty(), false)
                .softDelete().orElseThrow();
        assertEquals(new SoftDelete(CODE, 1, false), byValue);
        assertTrue(byValue.marks(new Object[] {1L, "", "t", null}), "any value but NULL, even an empty one");
        assertEquals(false, byValue.marks(new Object[] {1L, null, "t", null}));
        assertEquals(Optional.empty(), TablePlanner.plan(config(), SCHEMA, Optional.empty(), false).softDelete());
        for (String type : List.of("tinyint(1)", "TINYINT(1) UNSIGNED", "bit(1)", "bool")) {
            assertTrue(SoftDelete.of(new SourceColumn("gone", type, SqliteType.INTEGER, Optional.empty()), 0).flag(), type);
        }
        for (String type : List.of("tinyint(4)", "smallint", "bit(8)", "timestamp", "char(1)")) {
            assertEquals(false, SoftDelete.of(new SourceColumn("gone", type, SqliteType.INTEGER, Optional.empty()), 0)
                    .flag(), type);
        }
    }

    @Test
    void aSoftDeleteColumnTheTableLacksOrATableWithoutAKeyFailsTheTable() {
        String missing = assertThrows(TableFailure.class, () -> TablePlanner.plan(softDeleting("gone", Optional.empty()),
                SCHEMA, Optional.empty(), false)).getMessage();
        assertEquals("$[0].tables[0].deletes.softDelete names a column that shop.orders does not have: gone; its columns"
                + " are id, code, updated_at, data", missing);
        TableSchema keyless = new TableSchema(TABLE, List.of(ID, CODE, AT), List.of());
        String appendOnly = assertThrows(TableFailure.class, () -> TablePlanner.plan(softDeleting("code",
                Optional.empty()), keyless, Optional.empty(), false)).getMessage();
        assertTrue(appendOnly.startsWith("$[0].tables[0].deletes: shop.orders has no primary key"), appendOnly);
        String key = assertThrows(TableFailure.class, () -> TablePlanner.plan(softDeleting("id", Optional.empty()),
                SCHEMA, Optional.empty(), false)).getMessage();
        assertTrue(key.startsWith("$[0].tables[0].deletes.softDelete: id is a primary key column"), key);
    }

    /**
     * A query's plan: messages name "the query of <target>", never a table; its first sync reads by
     * watermark (no key order: nothing backs the configured key); a tinyint soft-delete column is refused,
     * since a query's metadata does not say whether it is a boolean tinyint(1), and 0 would read as set.
     */
    @Test
    void aQuerysPlanNamesTheQueryReadsByWatermarkAndRefusesAnAmbiguousSoftDeleteFlag() throws TableFailure {
        dev.replicate.source.SourceQuery query = new dev.replicate.source.SourceQuery("SELECT ...", "summary");
        SourceColumn flag = new SourceColumn("gone", "tinyint", SqliteType.INTEGER, Optional.of(WatermarkKind.INTEGER));
        TableSchema schema = TableSchema.ofQuery(query, List.of(ID, AT, flag));
        TableConfig config = new TableConfig(query.name(), Optional.of("updated_at"), Optional.of(List.of("id")), "summary", 60, 100,
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of(), Optional.empty(),
                Optional.of(query), Optional.empty(), "$[0].tables[0]");
        TablePlan plan = TablePlanner.plan(config, schema, Optional.empty(), false);
        assertEquals(Optional.empty(), plan.snapshotKey());
        assertEquals(List.of("id"), plan.key());

        TableConfig wrongWatermark = new TableConfig(query.name(), Optional.of("changed_at"), Optional.of(List.of("id")), "summary",
                60, 100, Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of(), Optional.empty(),
                Optional.of(query), Optional.empty(), "$[0].tables[0]");
        assertEquals("$[0].tables[0].watermark: the watermark column changed_at does not exist in the query of summary; its columns are id,"
                + " updated_at, gone", failure(wrongWatermark, schema, Optional.empty()));

        TableConfig softDeleting = new TableConfig(query.name(), Optional.of("updated_at"), Optional.of(List.of("id")), "summary", 60,
                100, Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of(), Optional.of("gone"),
                Optional.of(query), Optional.empty(), "$[0].tables[0]");
        String refused = failure(softDeleting, schema, Optional.empty());
        assertTrue(refused.startsWith("$[0].tables[0].deletes.softDelete: gone is a tinyint in the query of summary"),
                refused);
    }

    /** A full table's plan: no watermark asked for, the key optional, the selection needing only the key. */
    @Test
    void aFullTablesPlanHasNoWatermarkAndNeedsOnlyItsKey() throws TableFailure {
        TableConfig full = new TableConfig(TABLE, Optional.empty(), Optional.empty(), "orders", 60, 100,
                Optional.empty(), Optional.of(List.of("id", "data")), List.of(), Optional.of("code <> 'x'"),
                List.of(new IndexConfig(List.of("DATA"), false, "$[0].tables[0].indexes[0]")), Optional.empty(),
                Optional.empty(), Optional.empty(), "$[0].tables[0]");
        FullPlan plan = TablePlanner.full(full, SCHEMA);
        assertEquals(List.of("id"), plan.key());
        assertEquals(List.of(ID, DATA), plan.columns());
        assertEquals(List.of("code", "updated_at"), plan.excluded());
        assertEquals(Optional.of("code <> 'x'"), plan.where());
        assertEquals(List.of(List.of("data")), plan.indexes().stream().map(ReplicaIndexes.Index::columns).toList());

        TableConfig keyless = new TableConfig(TABLE, Optional.empty(), Optional.of(List.of()), "orders", 60, 100,
                Optional.empty(), Optional.of(List.of("data")), List.of(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), "$[0].tables[0]");
        assertEquals(List.of(), TablePlanner.full(keyless, SCHEMA).key());
        assertEquals(List.of(DATA), TablePlanner.full(keyless, SCHEMA).columns());

        TableConfig withoutKey = new TableConfig(TABLE, Optional.empty(), Optional.empty(), "orders", 60, 100,
                Optional.empty(), Optional.of(List.of("data")), List.of(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), "$[0].tables[0]");
        TableFailure failure = assertThrows(TableFailure.class, () -> TablePlanner.full(withoutKey, SCHEMA));
        assertEquals("$[0].tables[0].columns leaves out id, which every row needs (the primary key); read it",
                failure.getMessage());
    }
}
