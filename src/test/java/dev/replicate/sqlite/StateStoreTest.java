package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state row's writes, which reuse one prepared statement for the life of the file. */
class StateStoreTest {
    @TempDir
    Path dir;

    /**
     * A write that fails at run time (here a trigger that raises SQLITE_ERROR for one value, as a
     * table's failure might) must not leave the next table's writes with a statement sqlite-jdbc has
     * already freed: the engine goes on to the next table after such a failure.
     */
    @Test
    void aFailedWriteLeavesTheNextOneWorking() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            try (Statement statement = replica.connection().createStatement()) {
                statement.execute("CREATE TEMP TRIGGER boom BEFORE INSERT ON _replicate_watermarks"
                        + " WHEN NEW.last_value = 'boom' BEGIN SELECT json('{'); END");
            }
            StateStore state = new StateStore(replica);
            state.advance(new TableId("pg", "public.a", "a"), "id", "INTEGER", "1", Instant.EPOCH);
            replica.commit();

            SQLException failure = assertThrows(SQLException.class,
                    () -> state.advance(new TableId("pg", "public.b", "b"), "id", "INTEGER", "boom", Instant.EPOCH));
            assertEquals(1, failure.getErrorCode() & 0xff, "SQLITE_ERROR, after which sqlite-jdbc frees the statement");
            replica.rollbackQuietly();

            state.advance(new TableId("pg", "public.c", "c"), "id", "INTEGER", "3", Instant.EPOCH);
            state.advance(new TableId("pg", "public.a", "a"), "id", "INTEGER", "2", Instant.EPOCH);
            replica.commit();
            assertEquals(Optional.of("2"), lastValue(state, "a"));
            assertEquals(Optional.of("3"), lastValue(state, "c"));
            assertEquals(2, state.all().size());
        }
    }

    /**
     * The types a table's rows were read under are recorded only where the target has a state (a first
     * run records them with its first page), and forgotten with its position: rows read from the start
     * again are read under the types of that run.
     */
    @Test
    void theReadTypesNeedAStateAndGoWithThePosition() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("types.db"))) {
            StateStore state = new StateStore(replica);
            TableId id = new TableId("pg", "public.a", "a");
            assertEquals(false, state.recordRowValueTypes("a", "integer\tid"), "no state yet");
            assertEquals(Optional.empty(), state.rowValueTypes("a"));
            state.advance(id, "id", "INTEGER", "1", Instant.EPOCH);
            assertEquals(true, state.recordRowValueTypes("a", "integer\tid"));
            replica.commit();
            assertEquals(Optional.of("integer\tid"), state.rowValueTypes("a"));
            state.advance(id, "id", "INTEGER", "2", Instant.EPOCH);
            assertEquals(Optional.of("integer\tid"), state.rowValueTypes("a"), "a page keeps them");
            state.forgetPosition(id);
            replica.commit();
            assertEquals(Optional.empty(), state.rowValueTypes("a"));
        }
    }

    /**
     * The state's spellings of the configured targets, as SQLite's NOCASE folds names (A-Z only): one
     * spelling in another case takes the configured one; a spelling already right, two spellings of one
     * name (a file a release before wrote), and a name outside A-Z in another case are left as they are.
     * Read once for all targets (every run does this for every configured target).
     */
    @Test
    void respellGivesATargetItsConfiguredSpellingAsSqliteFoldsNames() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("respell.db"))) {
            StateStore state = new StateStore(replica);
            for (String target : new String[] {"Orders", "items", "Twice", "TWICE", "café", "Kept"}) {
                state.advance(new TableId("pg", "public." + target, target), "id", "INTEGER", "1", Instant.EPOCH);
            }
            replica.commit();
            assertEquals(java.util.Map.of("Orders", "orders", "items", "ITEMS"),
                    state.respell(state.all(), java.util.List.of("orders", "ITEMS", "twice", "CAFÉ", "Kept", "new")));
            replica.commit();
            assertEquals(java.util.Set.of("orders", "ITEMS", "Twice", "TWICE", "café", "Kept"),
                    state.all().stream().map(TableState::target).collect(java.util.stream.Collectors.toSet()));
            assertEquals(Optional.of("1"), lastValue(state, "orders"), "the state goes with the new spelling");
            assertEquals(java.util.Map.of(), state.respell(state.all(), java.util.List.of("orders", "ITEMS")), "nothing left to respell");
        }
    }

    private static Optional<String> lastValue(StateStore state, String target) throws SQLException {
        return state.all().stream().filter(s -> s.target().equals(target)).findFirst().orElseThrow().lastValue();
    }
}
