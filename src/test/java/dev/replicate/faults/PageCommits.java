package dev.replicate.faults;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Notes when a run commits a page into a table whose rows arrive in key order: a connection of its own
 * reads the table's largest {@code id} every millisecond or so, which grows with each page. It lets a test
 * count the pages a run committed during an application's wait for the write lock, which says what the
 * application waited for whatever the machine's speed: the page under way, or page after page. (Not
 * {@code PRAGMA data_version}: that also changes when a writer restarts the write-ahead log, as the
 * application itself does when it gets the lock after a checkpoint.) Each read is over at once, so it
 * holds up neither writers nor the end of run's checkpoint.
 */
final class PageCommits implements AutoCloseable {
    private final Connection connection;
    private final String sql;
    private final Thread watcher;
    /** {@link System#nanoTime} when each new largest key was seen: at most a poll after its commit. */
    private final List<Long> seen = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile SQLException failure;

    /** @param quotedTable the table's name as SQLite is to read it, quoted */
    PageCommits(Path replica, String quotedTable) throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + replica);
        sql = "SELECT max(id) FROM " + quotedTable;
        watcher = new Thread(this::watch, "page-commits");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch() {
        try (Statement statement = connection.createStatement()) {
            long last = 0;
            while (!closed) {
                long now = largest(statement);
                if (now != last) {
                    seen.add(System.nanoTime());
                    last = now;
                }
                Thread.sleep(1);
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The largest key committed so far; 0 while the run has not made the table yet. */
    private long largest(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return 0;
            }
            throw e;
        }
    }

    /** Pages seen committed after {@code from} and up to {@code to} ({@link System#nanoTime}). */
    int between(long from, long to) {
        if (failure != null) {
            throw new IllegalStateException("cannot watch the replica's pages: " + failure.getMessage(), failure);
        }
        return (int) seen.stream().filter(t -> t > from && t <= to).count();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        watcher.join();
        connection.close();
    }
}
