package dev.replicate.sqlite;

import java.sql.SQLException;

/**
 * One prepared upsert that {@link PageWriter} binds rows into and runs. Two ways to drive it:
 * {@link DirectUpsert}, which calls sqlite-jdbc's native binding methods itself, and
 * {@link JdbcUpsert}, the plain JDBC way, kept for a sqlite-jdbc whose internals differ.
 *
 * <p>Parameters are numbered from 1. {@link #execute} runs what is bound (or queues it); everything
 * executed has reached SQLite, uncommitted, once {@link #flush} returns. {@link #takeChanges} counts
 * the rows SQLite inserted or updated, which an upsert that finds a row unchanged does not
 * ({@link SqliteSql#upsert}).
 */
interface UpsertStatement extends AutoCloseable {
    void bindNull(int index) throws SQLException;

    void bindLong(int index, long value) throws SQLException;

    void bindDouble(int index, double value) throws SQLException;

    void bindText(int index, String value) throws SQLException;

    void bindBlob(int index, byte[] value) throws SQLException;

    void execute() throws SQLException;

    void flush() throws SQLException;

    /**
     * The rows inserted or updated by the executions that reached SQLite since the last call (SQLite's
     * {@code sqlite3_changes()} of each: triggers' own changes are not counted).
     */
    long takeChanges();

    @Override
    void close() throws SQLException;
}
