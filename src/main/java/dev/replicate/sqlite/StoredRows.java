package dev.replicate.sqlite;

import dev.replicate.log.Log;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.NativeBindings;
import org.sqlite.core.NativeDB;

/**
 * The rows of a query over the replica, each value with its SQLite storage class, as {@code verify}
 * reads them: every stored value of a table once.
 *
 * <p>Through sqlite-jdbc's native methods ({@code step}, {@code column_type}, {@code column_long},
 * {@code column_double}, {@code column_blob}) where this sqlite-jdbc allows it, rather than its JDBC
 * layer: {@code ResultSet.getObject} wraps each of those calls in checks and lambdas, and turns each
 * text into a String that the digest turns back into UTF-8; for the bench table t1m (1M rows of 10
 * columns) that layer cost about as much CPU as reading and hashing the values (2.9 s against 1.6 s,
 * measured with a JMH-less loop on the busy bench machine). A text comes as its UTF-8 bytes, as
 * SQLite holds it. As for {@link DirectUpsert}, a sqlite-jdbc without those internals is found out
 * once ({@link #probe}) and the JDBC layer is used instead; so is it with
 * {@code -Dreplicate.sqlite.direct=false}.
 */
public abstract class StoredRows implements AutoCloseable {
    public static final int INTEGER = 1;
    public static final int FLOAT = 2;
    public static final int TEXT = 3;
    public static final int BLOB = 4;
    public static final int NULL = 5;

    private static final int SQLITE_ROW = 100;
    private static final int SQLITE_DONE = 101;
    /** What {@link #probe} found: null until the first query of the JVM. */
    private static volatile Boolean linked;

    /**
     * Runs {@code sql} with {@code parameters} (each a Long or a String) bound in order.
     *
     * @param direct whether to read through the native methods where this sqlite-jdbc allows it
     */
    public static StoredRows query(Connection connection, String sql, List<Object> parameters, boolean direct)
            throws SQLException {
        if (direct && linked(connection)) {
            PreparedStatement statement = connection.prepareStatement(sql);
            try {
                Native rows = new Native(statement);
                for (int i = 0; i < parameters.size(); i++) {
                    rows.bind(i + 1, parameters.get(i));
                }
                return rows;
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
        }
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return new Jdbc(statement, statement.executeQuery());
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** Whether this sqlite-jdbc lets {@link #query} read through its native methods. */
    public static boolean linked(Connection connection) throws SQLException {
        Boolean known = linked;
        if (known == null) {
            known = probe(connection);
            linked = known;
        }
        return known;
    }

    /** Calls every internal the native path uses once, on a query of one row of each storage class. */
    private static boolean probe(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT ?, 2.5, 'x', x'00', NULL")) {
            if (!(statement instanceof CoreStatement core) || !(core.getDatabase() instanceof NativeDB)) {
                Log.debug("sqlite-jdbc's statements are not native ones; verify reads through its JDBC layer");
                return false;
            }
            Native rows = new Native(statement);
            rows.bind(1, 7L);
            boolean read = rows.next() && rows.type(0) == INTEGER && rows.getLong(0) == 7 && rows.type(1) == FLOAT
                    && rows.getDouble(1) == 2.5 && rows.type(2) == TEXT && rows.getBytes(2).length == 1
                    && rows.type(3) == BLOB && rows.getBytes(3).length == 1 && rows.type(4) == NULL && !rows.next();
            rows.reset();
            if (!read) {
                Log.debug("sqlite-jdbc's native methods read other values than its JDBC layer; verify uses the latter");
            }
            return read;
        } catch (LinkageError e) {
            Log.debug(e, "sqlite-jdbc's native statement methods are not reachable; verify reads through its JDBC layer");
            return false;
        }
    }

    /** Moves to the next row; false at the end. */
    public abstract boolean next() throws SQLException;

    /** The storage class of a value of the current row ({@link #INTEGER} ... {@link #NULL}); columns from 0. */
    public abstract int type(int column) throws SQLException;

    public abstract long getLong(int column) throws SQLException;

    public abstract double getDouble(int column) throws SQLException;

    /** A text's UTF-8 bytes, or a blob's bytes. */
    public abstract byte[] getBytes(int column) throws SQLException;

    @Override
    public abstract void close() throws SQLException;

    /** A key: an integer as a Long, a text as a String. */
    public Object key(int column) throws SQLException {
        return switch (type(column)) {
            case INTEGER -> getLong(column);
            case TEXT -> new String(getBytes(column), StandardCharsets.UTF_8);
            default -> throw new SQLException("the replica holds a key that is neither an integer nor a text ("
                    + (type(column) == NULL ? "NULL" : type(column) == FLOAT ? "a real" : "a blob") + ")");
        };
    }

    /** The native path: one native call per value and storage class, the statement stepped directly. */
    private static final class Native extends StoredRows {
        private static final byte[] EMPTY = new byte[0];
        private final PreparedStatement statement;
        private final NativeDB db;
        private final long pointer;
        private boolean done;
        private boolean closed;

        Native(PreparedStatement statement) throws SQLException {
            this.statement = statement;
            CoreStatement core = (CoreStatement) statement;
            this.db = (NativeDB) core.getDatabase();
            this.pointer = core.pointer.safeRunLong((database, handle) -> handle);
        }

        void bind(int index, Object value) throws SQLException {
            int rc = value instanceof Long l ? NativeBindings.bindLong(db, pointer, index, l)
                    : NativeBindings.bindText(db, pointer, index, ((String) value).getBytes(StandardCharsets.UTF_8));
            if (rc != 0) {
                db.throwex(rc);
            }
        }

        @Override
        public boolean next() throws SQLException {
            requireOpen();
            if (done) {
                return false;
            }
            int rc = db.step(pointer);
            if (rc == SQLITE_ROW) {
                return true;
            }
            done = true;
            if (rc != SQLITE_DONE) {
                db.reset(pointer);
                db.throwex(rc);
            }
            return false;
        }

        @Override
        public int type(int column) {
            return db.column_type(pointer, column);
        }

        @Override
        public long getLong(int column) {
            return db.column_long(pointer, column);
        }

        @Override
        public double getDouble(int column) {
            return db.column_double(pointer, column);
        }

        @Override
        public byte[] getBytes(int column) {
            byte[] bytes;
            try {
                bytes = db.column_blob(pointer, column);
            } catch (Exception e) {
                // The native method throws SQLException undeclared.
                heapFull(e);
                throw e;
            }
            return bytes == null ? EMPTY : bytes;
        }

        void reset() {
            db.reset(pointer);
        }

        private void requireOpen() throws SQLException {
            if (closed) {
                throw new SQLException("the replica's rows are closed");
            }
        }

        @Override
        public void close() throws SQLException {
            if (!closed) {
                closed = true;
                db.reset(pointer);
                statement.close();
            }
        }
    }

    /**
     * sqlite-jdbc's native code says "Out of memory" (an SQLException) both for a Java array or string it
     * could not get for a value and for its own malloc failing: made an OutOfMemoryError naming both, since
     * the message cannot tell which, so that the table fails as out of memory, not with SQLite's words,
     * and no -Xmx is advised for what may be native memory. Anything else is left to the caller to throw.
     */
    static void heapFull(Exception e) {
        if (e instanceof SQLException && "Out of memory".equals(e.getMessage())) {
            OutOfMemoryError error = new OutOfMemoryError("sqlite-jdbc had no room for a value of the replica,"
                    + " in the Java heap or in native memory (a larger heap, JAVA_OPTS=-Xmx..., helps only the"
                    + " first)");
            error.initCause(e);
            throw error;
        }
    }

    /** The JDBC path: each value through getObject, a text's String encoded back to UTF-8. */
    private static final class Jdbc extends StoredRows {
        private final PreparedStatement statement;
        private final ResultSet rs;
        private Object[] values;

        Jdbc(PreparedStatement statement, ResultSet rs) {
            this.statement = statement;
            this.rs = rs;
        }

        @Override
        public boolean next() throws SQLException {
            if (!rs.next()) {
                return false;
            }
            if (values == null) {
                values = new Object[rs.getMetaData().getColumnCount()];
            }
            for (int i = 0; i < values.length; i++) {
                try {
                    values[i] = rs.getObject(i + 1);
                } catch (SQLException e) {
                    heapFull(e);
                    throw e;
                }
            }
            return true;
        }

        @Override
        public int type(int column) {
            Object value = values[column];
            if (value == null) {
                return NULL;
            }
            if (value instanceof Long || value instanceof Integer) {
                return INTEGER;
            }
            if (value instanceof Double) {
                return FLOAT;
            }
            return value instanceof byte[] ? BLOB : TEXT;
        }

        @Override
        public long getLong(int column) {
            return ((Number) values[column]).longValue();
        }

        @Override
        public double getDouble(int column) {
            return (Double) values[column];
        }

        @Override
        public byte[] getBytes(int column) {
            Object value = values[column];
            return value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws SQLException {
            try {
                rs.close();
            } finally {
                statement.close();
            }
        }
    }
}
