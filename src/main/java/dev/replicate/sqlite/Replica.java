package dev.replicate.sqlite;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The replica: one SQLite file holding the replicated tables and the tool's state tables.
 * Opened in WAL mode so that readers are never refused while a run writes.
 */
public final class Replica implements AutoCloseable {
    /** Bumped when the state tables change shape; {@link StateSchema} migrates older files. */
    static final int STATE_VERSION = StateMigration.TARGET_KEYED;

    /**
     * The page size of a new file: 8 KiB rather than SQLite's 4 KiB default. A first sync writes every
     * page twice in WAL mode (to the log, then to the file at a checkpoint); 8 KiB pages halve the
     * system calls for that, and a 1M-row first sync took 10-15% less time. Larger pages gained
     * nothing more there and cost incremental runs, which write a whole page per changed row
     * (measured for 4, 8 and 16 KiB in BENCHMARKS.md, issue #5).
     */
    static final int PAGE_SIZE = 8192;
    /** The page cache of a run, in KiB. */
    static final int CACHE_KIB = 65536;
    /**
     * The page cache while rows are appended in the order of an integer key (see {@link #appending}), in
     * KiB: four times SQLite's default, enough for the B-tree's right edge and a page's dirty pages.
     */
    static final int APPEND_CACHE_KIB = 16384;

    /** How long a statement waits for a lock another connection holds (a reader's, a checkpoint's). */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    /**
     * {@link #BUSY_TIMEOUT_MILLIS}, but for a test's seam (ReplicaHooks), which shortens it so that a test of a
     * lock held past the timeout does not wait ten seconds each time it is met.
     */
    static volatile int busyTimeoutMillis = BUSY_TIMEOUT_MILLIS;

    private final Path path;
    private final Connection connection;
    /** Statements kept while the file is open; see {@link #executeUpdate}. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** The state tables this open found missing and made again (see {@link #remadeStateTables}). */
    private final java.util.Set<String> remadeStateTables;
    /**
     * What migrating this file's state on this open had to say, by target (see {@link #migrationNote}).
     */
    private final Map<String, String> migrationNotes;

    private Replica(Path path, Connection connection, java.util.Set<String> remadeStateTables,
                    Map<String, String> migrationNotes) {
        this.path = path;
        this.connection = connection;
        this.remadeStateTables = remadeStateTables;
        this.migrationNotes = new java.util.HashMap<>(migrationNotes);
    }

    /** Opens (creating if need be) the file for a run: WAL mode, state tables in place. */
    public static Replica openForWriting(Path path) throws ReplicaException {
        requireDirectory(path);
        if (Files.exists(path) && !Files.isWritable(path)) {
            throw new ReplicaException("the SQLite file is read-only: " + path);
        }
        Connection connection = connect(path, false);
        try {
            // First, before even the journal mode is set: a file with a state table replicate cannot
            // use is left exactly as it was.
            StateSchema.refuseForeignOrNewer(connection, path, "prepare");
            StateSchema.checkShape(connection, path);
            try (Statement statement = connection.createStatement()) {
                // Only a new, empty file takes a page size; an existing one keeps its own.
                statement.execute("PRAGMA page_size = " + PAGE_SIZE);
                statement.execute("PRAGMA journal_mode = WAL");
                // In WAL mode NORMAL loses no committed page on an application crash; after a power
                // loss the last pages may roll back, together with their watermark, so a rerun heals it.
                statement.execute("PRAGMA synchronous = NORMAL");
                statement.execute("PRAGMA cache_size = -" + CACHE_KIB);
                statement.execute("PRAGMA temp_store = MEMORY");
            }
            StateSchema.Ensured ensured = StateSchema.ensure(connection);
            connection.setAutoCommit(false);
            return new Replica(path, connection, ensured.remade(), ensured.migrationNotes());
        } catch (SQLException e) {
            closeQuietly(connection);
            throw failure("cannot prepare the SQLite file " + path, e);
        } catch (ReplicaException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * Fails with a plain message when the file's folder is missing, or when the file is a folder
     * (SQLite would only say "cannot open", or "disk I/O error" for a folder).
     */
    static void requireDirectory(Path path) throws ReplicaException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new ReplicaException("the directory of the SQLite file does not exist: " + parent);
        }
        if (Files.isDirectory(path)) {
            throw new ReplicaException("the SQLite file " + path + " is a directory; give --db the path of a file"
                    + " in it, such as " + path.resolve("replica.db"));
        }
    }

    /**
     * Opens an existing file to read state only. A file that does not exist is an error, not an empty
     * state: a mistyped --db looked like a replica whose tables had never run (hostile test), and the
     * open must create nothing (SQLite's read-only open creates no file; a missing one is never opened).
     */
    public static Replica openForReading(Path path) throws ReplicaException {
        requireDirectory(path);
        if (!Files.exists(path)) {
            throw new ReplicaException("no replica at " + path + " yet: no run has written it, or --db is wrong");
        }
        Connection connection = connect(path, true);
        try {
            // The message a run gives, rather than an SQL error on the first column it lacks (exit 70).
            StateSchema.refuseForeignOrNewer(connection, path, "read");
            StateSchema.checkShape(connection, path);
            java.util.Set<String> missing = StateSchema.missingTables(connection);
            if (missing.size() == 2) {
                throw new ReplicaException(path + " holds no replicate state tables; is it the right file?");
            }
            if (missing.contains(StateSchema.WATERMARKS_TABLE)) {
                // Dropped by hand (issue #14). Reading must not create it; the next run does.
                throw new ReplicaException(path + " lacks the state table " + StateSchema.WATERMARKS_TABLE
                        + " (dropped by hand?): the next `replicate run` makes it again and syncs every table"
                        + " again from the start, its rows replacing themselves");
            }
            // A missing _replicate_log only loses history; what readers need is in the watermark table.
            return new Replica(path, connection, java.util.Set.of(), Map.of());
        } catch (SQLException e) {
            closeQuietly(connection);
            throw failure("cannot read the SQLite file " + path, e);
        } catch (ReplicaException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static Connection connect(Path path, boolean readOnly) throws ReplicaException {
        return connect(path, readOnly, true);
    }

    private static Connection connect(Path path, boolean readOnly, boolean create) throws ReplicaException {
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", String.valueOf(busyTimeoutMillis));
        // sqlite-jdbc otherwise matches every statement it runs against an INSERT pattern and, for an
        // insert, asks SQLite for last_insert_rowid() in a statement of its own; nothing here reads
        // generated keys, and a run of 500 tables spent about 30 ms on them (issue #17).
        properties.setProperty("jdbc.get_generated_keys", "false");
        String url = "jdbc:sqlite:" + path;
        if (readOnly && asAnotherUser(path)) {
            // READONLY | URI, immutable: SQLite takes no lock and makes no -wal or -shm. See asAnotherUser.
            properties.setProperty("open_mode", String.valueOf(0x1 | 0x40));
            url = "jdbc:sqlite:" + path.toAbsolutePath().toUri() + "?immutable=1";
        } else if (readOnly) {
            properties.setProperty("open_mode", "1");
        } else {
            // READWRITE | CREATE | NOMUTEX (CREATE left out when a file must be there already, see
            // awaitWriteLock): the connection is only ever used by one thread at a time (the sync's reader
            // thread never touches SQLite), so SQLite's per-call mutex is pure cost; without it a first sync
            // used ~6% less CPU. The read-only connection keeps the default.
            properties.setProperty("open_mode", String.valueOf(0x2 | (create ? 0x4 : 0) | 0x8000));
        }
        try {
            // The sqlite-jdbc driver directly, not through DriverManager: DriverManager's first use loads
            // and initialises every JDBC driver on the class path (PostgreSQL, MySQL), which cost an idle
            // run and `status` tens of milliseconds for drivers they never use.
            return new org.sqlite.JDBC().connect(url, properties);
        } catch (SQLException e) {
            if (NativeLibrary.notLoaded(e)) {
                throw new ReplicaException("cannot open the SQLite file " + path + ": " + NativeLibrary.explain(), e);
            }
            throw failure("cannot open the SQLite file " + path, e);
        }
    }

    /**
     * Whether a reader is another user than the file's owner, and no -shm is there: then SQLite would
     * make the -wal and -shm owned by that user (as the file's owner only when it runs as root), and a
     * read-only connection never removes them, so every later run of the owner failed, "the file is
     * read-only" (hostile test: an operator's `replicate status`). Such a reader opens the file
     * immutable instead, making nothing, in a folder it cannot write too: it reads what the last
     * checkpoint left in the file, which is all of it between runs (a run empties its WAL at its end).
     * Where the -shm is there (a run is under way), it is shared as usual and stays the owner's.
     */
    static boolean asAnotherUser(Path path) {
        String user = System.getProperty("user.name", "");
        if (user.equals("root") || Files.exists(Path.of(path + "-shm"))) {
            return false;
        }
        try {
            return !Files.getOwner(path).getName().equals(user);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public Path path() {
        return path;
    }

    /**
     * The state tables ({@code _replicate_watermarks}, {@code _replicate_log}) that were missing from
     * this file, which already had its state version, and were made again when it was opened for
     * writing: someone dropped them by hand. Without the watermark table every table syncs again
     * from the start; the run notes that in each table's log row.
     */
    public java.util.Set<String> remadeStateTables() {
        return remadeStateTables;
    }

    /**
     * What migrating the state to this release's version did to a target's state when the file was
     * opened for writing, for that table's log row: empty unless the old state had more than one row for
     * it (see {@link StateMigration}).
     */
    public java.util.Optional<String> migrationNote(String target) {
        return java.util.Optional.ofNullable(migrationNotes.get(target));
    }

    public Connection connection() {
        return connection;
    }

    /**
     * Runs an update through a statement prepared once and kept while the file is open, for what a run
     * repeats on every page: a first sync commits a thousand pages, and preparing the state row's
     * upsert for each was about 2% of it (profiled, issue #5). {@code parameters} sets every parameter.
     * A statement that failed is closed and forgotten: sqlite-jdbc frees the native statement after
     * most errors, and the next table's write must not meet a dead one.
     */
    int executeUpdate(String sql, StatementParameters parameters) throws SQLException {
        return kept(sql, statement -> {
            parameters.set(statement);
            return statement.executeUpdate();
        });
    }

    /**
     * Runs a query through a statement kept as {@link #executeUpdate} keeps its own, for the questions a
     * run asks of every table (is it there, its columns, its indexes, its state's notes): preparing each
     * anew, ten or so per table, was about 3% of a run of 500 tables (issue #17). The result set is
     * read by {@code rows} and closed, which resets the statement, so no kept query holds a read
     * transaction or stands in the way of a later DROP.
     */
    <T> T query(String sql, StatementParameters parameters, Rows<T> rows) throws SQLException {
        return kept(sql, statement -> {
            parameters.set(statement);
            try (ResultSet rs = statement.executeQuery()) {
                return rows.read(rs);
            }
        });
    }

    /** Runs {@code use} on the statement kept for {@code sql}, prepared at its first use; one that failed is closed and forgotten. */
    private <T> T kept(String sql, KeptUse<T> use) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        try {
            return use.apply(statement);
        } catch (SQLException | RuntimeException e) {
            statements.remove(sql);
            try {
                statement.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface KeptUse<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    /** Reads a kept query's rows (see {@link #query}). */
    @FunctionalInterface
    interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Sets a kept statement's parameters (see {@link #executeUpdate}). */
    @FunctionalInterface
    interface StatementParameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    /**
     * A smaller page cache until the result is closed, for a load that appends rows in the order of the
     * table's integer key (a first sync's snapshot, whose indexes are made after it): every
     * B-tree page is written once, at the tree's right edge, and never read again, so a large cache only
     * fills with pages that are done with. Filling the run's 64 MiB cost the writer 0.3-0.4 s of CPU over
     * a 1M-row load that took 1.8-1.9 s with 2-16 MiB (issue #17, measured with
     * bench/floor/org/sqlite/core/ReadWriteFloor.java). SQLite shrinks and regrows the cache at once;
     * the pragma is not part of any transaction, so a page's commit is unaffected.
     */
    public AutoCloseable appending() throws SQLException {
        setCacheKib(APPEND_CACHE_KIB);
        return () -> setCacheKib(CACHE_KIB);
    }

    private void setCacheKib(int kib) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA cache_size = -" + kib);
        }
    }

    /**
     * Whether {@code e} is SQLite refusing this connection a lock another connection holds or has just
     * used ({@code SQLITE_BUSY}, {@code SQLITE_BUSY_SNAPSHOT}): at once, when this connection's
     * transaction had read before it wrote (SQLite calls no busy handler for a read transaction that
     * needs the write lock, and a snapshot older than another's commit can never write), or after the
     * busy timeout otherwise. Either way the transaction is of no more use; see {@link WriteLockWait}.
     */
    public static boolean isLockRefused(SQLException e) {
        return e instanceof SQLiteException sqlite && (sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code;
    }

    /**
     * Rolls back and waits, at most {@code millis}, until no other connection holds the write lock, by
     * taking it and letting it go at once ({@code BEGIN IMMEDIATE}, which does call the busy handler) on
     * a connection of its own, so this one's transaction stays the driver's. The lock is held for no time:
     * a run takes it only while it writes, and a signal's recording of the table under way (StopRecorder)
     * can take it then. Fails with SQLite's {@code SQLITE_BUSY} when the lock was not had in time. The
     * connection creates no file: one removed meanwhile is not made again, empty.
     */
    void awaitWriteLock(long millis) throws ReplicaException, SQLException {
        rollbackQuietly();
        try (Connection probe = connect(path, false, false); Statement statement = probe.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + Math.max(1, millis));
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("ROLLBACK");
        }
    }

    /**
     * Takes the write lock for the transaction now open, which must not have read anything yet, waiting for it
     * up to the busy timeout: what the transaction reads after it is what it writes over, since no other
     * connection can commit in between. A write that changes nothing takes it (a transaction that read first
     * would be refused the lock at once, see {@link #isLockRefused}). Fails with SQLite's {@code SQLITE_BUSY}
     * when the lock was not had in time.
     */
    public void holdWriteLock() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE _replicate_watermarks SET target = target WHERE 0");
        }
    }

    public void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; nothing was committed
        }
    }

    /**
     * Whether an SQLite error concerns the file as a whole (disk full, read-only, I/O, corruption, a write
     * transaction another process held too long), in which case no other table can succeed either and the run stops.
     */
    public static boolean isFileLevel(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return false;
        }
        SQLiteErrorCode code = sqlite.getResultCode();
        int primary = code.code & 0xff;
        // BUSY: another process (not a run: that holds the lock file) kept a write transaction past the busy
        // timeout; every table would meet it, so it stops the run as the file's trouble, said as such (describe).
        return primary == SQLiteErrorCode.SQLITE_BUSY.code
                || primary == SQLiteErrorCode.SQLITE_FULL.code
                || primary == SQLiteErrorCode.SQLITE_READONLY.code
                || primary == SQLiteErrorCode.SQLITE_IOERR.code
                || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
                || primary == SQLiteErrorCode.SQLITE_CORRUPT.code
                || primary == SQLiteErrorCode.SQLITE_NOTADB.code
                || primary == SQLiteErrorCode.SQLITE_PERM.code;
    }

    static ReplicaException failure(String what, SQLException e) {
        return new ReplicaException(what + ": " + describe(e), e);
    }

    /** A short, plain reason, without the driver's decorations; a busy file's said as a run's. */
    public static String describe(Exception e) {
        return describe(e, "what the run committed before stays: run again once it ends");
    }

    /**
     * A short, plain reason, without the driver's decorations. {@code whenBusy}: what the command that met
     * another process's write transaction left and what to do, as it fits that command (a reset commits
     * nothing until its end; a repair keeps the pages it wrote).
     */
    public static String describe(Exception e, String whenBusy) {
        if (e instanceof SQLiteException sqlite) {
            String message = sqlite.getMessage();
            int paren = message.indexOf(" (");
            String detail = paren > 0 && message.endsWith(")") ? message.substring(paren + 2, message.length() - 1) : message;
            return switch (sqlite.getResultCode().code & 0xff) {
                // A run holds replicate's lock file, so the writer is another program: an application writing
                // the replica, a sqlite3 shell left inside BEGIN. SQLite's words name neither.
                case 5, 6 -> "another process holds a write transaction on it (an application writing the file, a"
                        + " `sqlite3` shell left inside BEGIN; not a replicate run, which would have made this one step"
                        + " aside) and did not end it within " + Math.max(1, busyTimeoutMillis / 1000) + " s; " + whenBusy
                        + " (" + detail + ")";
                case 13 -> "the disk is full (" + detail + ")";
                case 8 -> "the file is read-only (" + detail + ")";
                case 14 -> "the file cannot be opened (" + detail + ")";
                case 26 -> "the file is not an SQLite database";
                default -> detail;
            };
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            // Just the reason ("Read-only file system"): the callers name the file, and the message of a
            // FileSystemException repeats the path (found by SqliteTroubleScenarios, read-only case).
            return fs.getReason();
        }
        if (e instanceof IOException && e.getMessage() != null) {
            return e.getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing after a failure
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
        } finally {
            statements.clear();
            try {
                if (!connection.isReadOnly() && !connection.getAutoCommit()) {
                    connection.rollback();
                }
            } finally {
                connection.close();
            }
        }
    }
}
