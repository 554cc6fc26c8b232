package dev.replicate.sqlite;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * What an existing SQLite file records of its tables, read in one go without the lock: each table's
 * state and the latest run of each. For readers outside the engine (the metrics file), so that they
 * need not open the file and query its state tables themselves.
 *
 * @param tables     every table's state ({@link StateStore#all})
 * @param latestRuns each table's latest run ({@link RunLog#latestPerTable})
 */
public record StoredState(List<TableState> tables, List<RunLog.Entry> latestRuns) {

    /** Reads an existing file read-only ({@link Replica#openForReading}, which says why it cannot). */
    public static StoredState read(Path database) throws ReplicaException, SQLException {
        try (Replica replica = Replica.openForReading(database)) {
            return new StoredState(new StateStore(replica).all(), new RunLog(replica).latestPerTable());
        }
    }
}
