package dev.replicate.source.jdbc;

import dev.replicate.source.SourceConnector;

/**
 * What a connector whose sources are {@link JdbcSource}s says yes to without further work: JdbcSource
 * puts a table's {@code "where"} into every read, count and newest-value query; reads a {@code "query"}
 * as a derived table in each of them ({@link JdbcSource#from}); reads a whole table in one read-only
 * statement ({@link JdbcSource#readWhole}); and lists a table's keys through the column readers
 * ({@link JdbcSource#readKeys}). A connector whose source overrides one of those without keeping its
 * contract says no to it instead.
 */
public abstract class JdbcConnector implements SourceConnector {

    @Override
    public boolean supportsFilter() {
        return true;
    }

    @Override
    public boolean supportsQuery() {
        return true;
    }

    @Override
    public boolean supportsFullRead() {
        return true;
    }

    @Override
    public boolean supportsReconcile() {
        return true;
    }
}
