package dev.replicate.sqlite;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.NativeBindings;
import org.sqlite.core.NativeDB;
import org.tinylog.Logger;

/**
 * An upsert driven through sqlite-jdbc's own native methods ({@code bind_*}, {@code step},
 * {@code reset}) instead of its JDBC layer. Added for throughput (issue #5): on a first sync the
 * JDBC layer (a batch array of boxed values, a type switch per value, a second pass to bind, the
 * checks around each call) cost about as much as SQLite itself. Each value is still one native call
 * into the same C functions, with the same UTF-8 conversion, and SQLite sees exactly what the JDBC
 * path would give it; {@code UpsertStatementTest} holds the two paths to the same stored values.
 *
 * <p>The binding methods are package-private in sqlite-jdbc and reached through {@link NativeBindings}.
 * If a sqlite-jdbc version no longer has them, {@link #prepare} finds out by binding once, says so in
 * the debug log and gives nothing, and {@link PageWriter} uses {@link JdbcUpsert}.
 * {@code -Dreplicate.sqlite.direct=false} chooses the JDBC path too.
 */
final class DirectUpsert implements UpsertStatement {
    private static final int SQLITE_OK = 0;
    private static final int SQLITE_DONE = 101;
    private static final boolean WANTED = !"false".equals(System.getProperty("replicate.sqlite.direct"));
    private static volatile boolean unavailable;

    private final PreparedStatement statement;
    private final NativeDB db;
    private final long pointer;
    /** The pointer dies with the statement: a call after close must fail, not reach freed memory. */
    private boolean closed;

    private DirectUpsert(PreparedStatement statement, NativeDB db, long pointer) {
        this.statement = statement;
        this.db = db;
        this.pointer = pointer;
    }

    /** The statement driven directly, or empty when this sqlite-jdbc does not allow it. */
    static Optional<UpsertStatement> prepare(Connection connection, String sql) throws SQLException {
        if (!WANTED || unavailable) {
            return Optional.empty();
        }
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            if (statement instanceof CoreStatement core && core.getDatabase() instanceof NativeDB db) {
                long pointer = core.pointer.safeRunLong((database, handle) -> handle);
                DirectUpsert upsert = new DirectUpsert(statement, db, pointer);
                if (upsert.linked()) {
                    return Optional.of(upsert);
                }
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        statement.close();
        return Optional.empty();
    }

    /**
     * Binds parameter 1 once in each way (the statement is bound afresh before it runs): a sqlite-jdbc
     * without these methods fails here, with a LinkageError, rather than in the middle of a sync.
     */
    private boolean linked() throws SQLException {
        try {
            bindLong(1, 0);
            bindDouble(1, 0);
            bindText(1, "");
            bindBlob(1, new byte[0]);
            bindNull(1);
            return true;
        } catch (LinkageError e) {
            unavailable = true;
            Logger.debug(e, "sqlite-jdbc's native binding methods are not reachable; using its JDBC layer");
            return false;
        }
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
    public void close() throws SQLException {
        closed = true;
        statement.close();
    }
}
