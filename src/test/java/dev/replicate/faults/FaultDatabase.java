package dev.replicate.faults;

import java.util.List;

import dev.replicate.testing.TestDatabase;

/**
 * A scratch source database plus what the fault scenarios need beyond {@link TestDatabase}: the
 * dialect of late commits, a server-side way to cut replicate's connection, and a server that checks
 * passwords. Everything else goes through the {@link TestDatabase} abstraction, so a MySQL
 * implementation of these few hooks runs every scenario unchanged.
 */
public abstract class FaultDatabase implements AutoCloseable {
    protected final TestDatabase db;

    protected FaultDatabase(TestDatabase db) {
        this.db = db;
    }

    public TestDatabase db() {
        return db;
    }

    /** A column type for a timestamp that {@link #transactionTimestamp()} fills. */
    public abstract String transactionTimestampType();

    /**
     * An expression whose value is fixed early in the transaction and does not move while it stays
     * open (PostgreSQL: {@code now()}, the transaction's start), so rows commit out of watermark order.
     */
    public abstract String transactionTimestamp();

    /**
     * Statements a writer runs first in each transaction, before {@link #transactionTimestamp()} is
     * used; none for PostgreSQL. (MySQL's NOW() is the statement's time, so there this would be
     * {@code SET @tx_start = NOW(6)} and the timestamp {@code @tx_start}.)
     */
    public java.util.List<String> atTransactionStart() {
        return java.util.List.of();
    }

    /**
     * A column definition whose integer value the database assigns from a sequence at insert time
     * (PostgreSQL: BIGSERIAL; MySQL: BIGINT AUTO_INCREMENT, which also needs a UNIQUE index there,
     * not a primary key, since the append-only table must have none).
     */
    public abstract String sequenceColumn(String name);

    /**
     * Cuts every connection replicate (application name "replicate") has open to the scratch database,
     * from the server side, as a restart or an administrator would; returns how many were cut.
     */
    public abstract int cutReplicateConnections();

    /**
     * Whether a cut connection fails the read at once, in the middle of a table (a driver that fetches
     * as it goes), rather than only at the next statement (a driver that streams the whole result
     * into its socket buffers first).
     */
    public boolean cutSurfacesMidTable() {
        return true;
    }

    /**
     * Holds a lock that makes every read of the table wait until the returned handle is closed, so
     * that a run can be caught in the middle deterministically, whatever the machine's speed.
     */
    public abstract AutoCloseable blockReads(String table);

    /**
     * {@code conn} with a bound on each statement's time given for this login (in the URL, as a DBA's
     * per-login setting is kept): PostgreSQL's statement_timeout, MariaDB's max_statement_time, MySQL's
     * max_execution_time, of {@code seconds}.
     */
    public abstract String withTimeBound(String conn, int seconds);

    /** The name of the setting {@link #withTimeBound} sets. */
    public abstract String timeBoundName();

    /**
     * What the error of a statement cancelled at that bound says after the setting's name: whose bound it
     * is, and the statements that lift it, naming this database's login.
     */
    public abstract List<String> timeBoundWords();

    /** A database on a server that checks passwords, with a login made for the test. */
    public abstract PasswordDatabase passwordDatabase();

    /** A database reached by a login with a password, for the wrong-password scenario. */
    public interface PasswordDatabase extends AutoCloseable {
        /** Runs statements as an administrator (to create tables the login may read). */
        void execute(String... statements);

        /** Rows of a query as strings, run as an administrator. */
        java.util.List<java.util.List<String>> query(String sql);

        /** The "source" value of a configuration block. */
        String sourceType();

        /** A connection URL for the login with the given password (right or wrong). */
        String conn(String password);

        String correctPassword();

        /** What the server's refusal of a wrong password says, as the log must show it. */
        String rejectionText();

        @Override
        void close();
    }

    @Override
    public void close() {
        db.close();
    }
}
