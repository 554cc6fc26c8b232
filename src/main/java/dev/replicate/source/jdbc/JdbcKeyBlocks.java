package dev.replicate.source.jdbc;

import dev.replicate.source.KeyBlocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A reconcile's key listing in blocks ({@link dev.replicate.source.Source#readKeyBlocks}) from a
 * streaming statement whose rows are (first block, last block, bits), as a database's
 * {@link KeyBlockQuery} computes them.
 */
final class JdbcKeyBlocks implements KeyBlocks {
    private final JdbcSource source;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet resultSet;
    private final long blockOffset;
    private final boolean unsignedBits;
    private long block;
    private long lastBlock;
    private long bits;
    /** The listing's failure that left the connection unusable (an Error, the server's silence): see {@link #close}. */
    private Throwable gone;

    private JdbcKeyBlocks(JdbcSource source, Connection connection, PreparedStatement statement, ResultSet resultSet,
                          KeyBlockQuery query) {
        this.source = source;
        this.connection = connection;
        this.statement = statement;
        this.resultSet = resultSet;
        this.blockOffset = query.blockOffset();
        this.unsignedBits = query.unsignedBits();
    }

    /** The blocks of {@code resultSet}, which {@code statement} gave for {@code query}. */
    static JdbcKeyBlocks open(JdbcSource source, Connection connection, PreparedStatement statement,
                              ResultSet resultSet, KeyBlockQuery query) {
        return new JdbcKeyBlocks(source, connection, statement, resultSet, query);
    }

    /**
     * The next block. A NULL block (a NULL key, which only a query's key can hold) is passed over: no
     * replica row has one (SQLite's integer key is never NULL), so it keeps nothing.
     */
    @Override
    public boolean next() throws SQLException {
        try {
            while (resultSet.next()) {
                long number = resultSet.getLong(1);
                if (resultSet.wasNull()) {
                    continue;
                }
                block = number - blockOffset;
                lastBlock = resultSet.getLong(2) - blockOffset;
                // getLong where it can: a string per value doubled the time a fresh JVM took for 15,600 blocks.
                bits = unsignedBits ? Long.parseUnsignedLong(resultSet.getString(3)) : resultSet.getLong(3);
                return true;
            }
            return false;
        } catch (Error e) {
            gone = e;
            throw e;
        } catch (SQLException | RuntimeException e) {
            if (source.stoppedAnswering(e)) {
                gone = e;
            }
            throw e;
        }
    }

    @Override
    public long block() {
        return block;
    }

    @Override
    public long lastBlock() {
        return lastBlock;
    }

    @Override
    public long bits() {
        return bits;
    }

    /** Ends the listing as a read ends ({@link StreamEnd}): the result before the transaction, aborted after a silence. */
    @Override
    public void close() throws SQLException {
        StreamEnd.end(source, connection, statement, resultSet, gone);
    }
}
