package dev.replicate.sqlite;

import dev.replicate.log.Log;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.NativeBindings;
import org.sqlite.core.NativeDB;

/**
 * An upsert driven through sqlite-jdbc's own native methods ({@code bind_*}, {@code step},
 * {@code reset}) instead of its JDBC layer. Added for throughput (issue #5): on a first sync the
 * JDBC layer (a batch array of boxed values, a type switch per value, a second pass to bind, the
 * checks around each call) cost about as much as SQLite itself. Each value is still one native call
 * into the same C functions, with the same UTF-8 conversion, and SQLite sees exactly what the JDBC
 * path would give it; {@code UpsertStatementTest} holds the two paths to the same stored values.
 *
 * <p>The binding methods are package-private in sqlite-jdbc and reached through {@link NativeBindings}.
 * If a sqlite-jdbc version no longer has one of the internals used here, {@link #prepare} finds out
 * by calling each of them once (see {@link #probe}), says so in the debug log and gives nothing, and
 * {@link PageWriter} uses {@link JdbcUpsert}. {@link WriteSettings} can choose the JDBC path too
 * ({@code -Dreplicate.sqlite.direct=false}).
 */
final class DirectUpsert implements UpsertStatement {
    private static final int SQLITE_OK = 0;
    private static final int SQLITE_DONE = 101;
    /** What {@link #probe} found: null until the first prepare of the JVM. */
    private static volatile Boolean linked;
    /** A seam for tests: called at each stage of the probe, to throw what a sqlite-jdbc without that stage's members would. */
    private static volatile Consumer<String> probeHook = stage -> { };

    private final PreparedStatement statement;
    private final NativeDB db;
    private final long pointer;
    /** The pointer dies with the statement: a call after close must fail, not reach freed memory. */
    private boolean closed;
    private long changes;

    private DirectUpsert(PreparedStatement statement, NativeDB db, long pointer) {
        this.statement = statement;
        this.db = db;
        this.pointer = pointer;
    }

    /** The statement driven directly, or empty when this sqlite-jdbc does not allow it. */
    static Optional<UpsertStatement> prepare(Connection connection, String sql) throws SQLException {
        Boolean known = linked;
        if (known == null) {
            known = probe(connection);
            linked = known;
        }
        if (!known) {
            return Optional.empty();
        }
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            if (statement instanceof CoreStatement core && core.getDatabase() instanceof NativeDB db) {
                return Optional.of(new DirectUpsert(statement, db, core.pointer.safeRunLong((database, handle) -> handle)));
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        statement.close();
        return Optional.empty();
    }

    /**
     * Calls every sqlite-jdbc internal this class uses ({@code CoreStatement.getDatabase()} and
     * {@code pointer}, the {@code bind_*} methods, {@code NativeDB.changes}, {@code step}, {@code reset}
     * and {@code throwex}) once, on a statement that changes nothing. A sqlite-jdbc without one of them
     * fails here, with a LinkageError, rather than in the middle of a sync, where the error would
     * escape the table's run; after a probe that passed, the same calls cannot fail to link (a class
     * resolves each member it refers to once).
     */
    private static boolean probe(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT ?")) {
            probeHook.accept("CoreStatement.getDatabase");
            if (!(statement instanceof CoreStatement core) || !(core.getDatabase() instanceof NativeDB db)) {
                Log.debug("sqlite-jdbc's statements are not native ones; using its JDBC layer");
                return false;
            }
            probeHook.accept("CoreStatement.pointer");
            DirectUpsert probe = new DirectUpsert(statement, db, core.pointer.safeRunLong((database, handle) -> handle));
            probeHook.accept("NativeDB.bind_*");
            probe.bindLong(1, 0);
            probe.bindDouble(1, 0);
            probe.bindText(1, "");
            probe.bindBlob(1, new byte[0]);
            probe.bindNull(1);
            probeHook.accept("NativeDB.changes");
            db.changes();
            probeHook.accept("NativeDB.step, reset, throwex");
            try {
                // A SELECT steps to a row, not to the end, so execute() resets and raises sqlite-jdbc's exception.
                probe.execute();
            } catch (SQLException expected) {
                return true;
            }
            throw new IllegalStateException("SELECT ? ran as if it were an upsert");
        } catch (LinkageError e) {
            Log.debug(e, "sqlite-jdbc's native statement methods are not reachable; using its JDBC layer");
            return false;
        }
    }

    /** Sets the probe's hook and forgets what the probe found, so that the next prepare probes again. */
    static void probeHook(Consumer<String> hook) {
        probeHook = hook;
        linked = null;
    }

    @Override
    public void bindNull(int index) throws SQLException {
        requireOpen();
        check(NativeBindings.bindNull(db, pointer, index));
    }

    @Override
    public void bindLong(int index, long value) throws SQLException {
        requireOpen();
        check(NativeBindings.bindLong(db, pointer, index, value));
    }

    @Override
    public void bindDouble(int index, double value) throws SQLException {
        requireOpen();
        check(NativeBindings.bindDouble(db, pointer, index, value));
    }

    /** As sqlite-jdbc's own {@code setString}: the string's UTF-8 bytes. */
    @Override
    public void bindText(int index, String value) throws SQLException {
        requireOpen();
        check(NativeBindings.bindText(db, pointer, index, value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void bindBlob(int index, byte[] value) throws SQLException {
        requireOpen();
        check(NativeBindings.bindBlob(db, pointer, index, value));
    }

    /** Runs the statement now; a failure comes as the same {@code SQLiteException} sqlite-jdbc raises. */
    @Override
    public void execute() throws SQLException {
        requireOpen();
        int rc = db.step(pointer);
        if (rc != SQLITE_DONE) {
            db.reset(pointer);
            db.throwex(rc);
        }
        // The statement just completed is the connection's most recent: its rows inserted or updated.
        changes += db.changes();
        db.reset(pointer);
    }

    private void requireOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the upsert statement is closed");
        }
    }

    private void check(int rc) throws SQLException {
        if (rc != SQLITE_OK) {
            db.throwex(rc);
        }
    }

    @Override
    public void flush() {
        // every execute() has already run
    }

    @Override
    public long takeChanges() {
        long taken = changes;
        changes = 0;
        return taken;
    }

    @Override
    public void close() throws SQLException {
        closed = true;
        statement.close();
    }
}
