package dev.replicate.sqlite;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.NativeDB;
import org.tinylog.Logger;

/**
 * An upsert driven through sqlite-jdbc's own native methods ({@code bind_*}, {@code step},
 * {@code reset}) instead of its JDBC layer. Added for throughput (issue #5): on a first sync the
 * JDBC layer (a batch array of boxed values, a type switch per value, a second pass to bind, the
 * checks around each call) cost about as much as SQLite itself. Each value is still one native call
 * into the same C functions, with the same UTF-8 conversion, and SQLite sees exactly what the JDBC
 * path would give it; {@code DirectUpsertTest} holds the two paths to the same stored values.
 *
 * <p>The binding methods are package-private in sqlite-jdbc, so they are reached through a private
 * method-handle lookup (allowed on the class path; the JIT inlines such handles to direct calls).
 * If a sqlite-jdbc version no longer has them, {@link #prepare} says so once in the debug log and
 * gives nothing, and {@link PageWriter} uses {@link JdbcUpsert}. {@code -Dreplicate.sqlite.direct=false}
 * chooses the JDBC path too.
 */
final class DirectUpsert implements UpsertStatement {
    private static final int SQLITE_OK = 0;
    private static final int SQLITE_DONE = 101;

    private static final MethodHandle BIND_NULL;
    private static final MethodHandle BIND_LONG;
    private static final MethodHandle BIND_DOUBLE;
    private static final MethodHandle BIND_TEXT;
    private static final MethodHandle BIND_BLOB;
    static final boolean AVAILABLE;

    static {
        MethodHandle bindNull = null;
        MethodHandle bindLong = null;
        MethodHandle bindDouble = null;
        MethodHandle bindText = null;
        MethodHandle bindBlob = null;
        boolean available = false;
        if (!"false".equals(System.getProperty("replicate.sqlite.direct"))) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(NativeDB.class, MethodHandles.lookup());
                bindNull = lookup.findVirtual(NativeDB.class, "bind_null", MethodType.methodType(int.class, long.class, int.class));
                bindLong = lookup.findVirtual(NativeDB.class, "bind_long", MethodType.methodType(int.class, long.class, int.class, long.class));
                bindDouble = lookup.findVirtual(NativeDB.class, "bind_double", MethodType.methodType(int.class, long.class, int.class, double.class));
                bindText = lookup.findVirtual(NativeDB.class, "bind_text_utf8", MethodType.methodType(int.class, long.class, int.class, byte[].class));
                bindBlob = lookup.findVirtual(NativeDB.class, "bind_blob", MethodType.methodType(int.class, long.class, int.class, byte[].class));
                available = true;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Logger.debug(e, "sqlite-jdbc's native binding methods are not reachable; using its JDBC layer");
            }
        }
        BIND_NULL = bindNull;
        BIND_LONG = bindLong;
        BIND_DOUBLE = bindDouble;
        BIND_TEXT = bindText;
        BIND_BLOB = bindBlob;
        AVAILABLE = available;
    }

    private final PreparedStatement statement;
    private final NativeDB db;
    private final long pointer;

    private DirectUpsert(PreparedStatement statement, NativeDB db, long pointer) {
        this.statement = statement;
        this.db = db;
        this.pointer = pointer;
    }

    /** The statement driven directly, or empty when this sqlite-jdbc does not allow it. */
    static Optional<UpsertStatement> prepare(Connection connection, String sql) throws SQLException {
        if (!AVAILABLE) {
            return Optional.empty();
        }
        PreparedStatement statement = connection.prepareStatement(sql);
        if (statement instanceof CoreStatement core && core.getDatabase() instanceof NativeDB db) {
            long pointer = core.pointer.safeRunLong((database, handle) -> handle);
            return Optional.of(new DirectUpsert(statement, db, pointer));
        }
        statement.close();
        return Optional.empty();
    }

    @Override
    public void bindNull(int index) throws SQLException {
        check(invoke(BIND_NULL, index));
    }

    @Override
    public void bindLong(int index, long value) throws SQLException {
        int rc;
        try {
            rc = (int) BIND_LONG.invokeExact(db, pointer, index, value);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new SQLException(e);
        }
        check(rc);
    }

    @Override
    public void bindDouble(int index, double value) throws SQLException {
        int rc;
        try {
            rc = (int) BIND_DOUBLE.invokeExact(db, pointer, index, value);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new SQLException(e);
        }
        check(rc);
    }

    /** As sqlite-jdbc's own {@code setString}: the string's UTF-8 bytes. */
    @Override
    public void bindText(int index, String value) throws SQLException {
        bindBytes(BIND_TEXT, index, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void bindBlob(int index, byte[] value) throws SQLException {
        bindBytes(BIND_BLOB, index, value);
    }

    private void bindBytes(MethodHandle bind, int index, byte[] value) throws SQLException {
        int rc;
        try {
            rc = (int) bind.invokeExact(db, pointer, index, value);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new SQLException(e);
        }
        check(rc);
    }

    private int invoke(MethodHandle bind, int index) throws SQLException {
        try {
            return (int) bind.invokeExact(db, pointer, index);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new SQLException(e);
        }
    }

    /** Runs the statement now; a failure comes as the same {@code SQLiteException} sqlite-jdbc raises. */
    @Override
    public void execute() throws SQLException {
        int rc = db.step(pointer);
        if (rc != SQLITE_DONE) {
            db.reset(pointer);
            db.throwex(rc);
        }
        db.reset(pointer);
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
        statement.close();
    }
}
