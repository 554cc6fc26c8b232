package dev.replicate.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The replica opened for writing under its lock: what every command that writes the file needs, so
 * that no command can open it for writing without the lock.
 */
public final class LockedReplica implements AutoCloseable {
    private final ReplicaLock lock;
    private final Replica replica;

    private LockedReplica(ReplicaLock lock, Replica replica) {
        this.lock = lock;
        this.replica = replica;
    }

    /** The locked replica, or empty at once when another process holds the lock. */
    public static Optional<LockedReplica> open(Path database) throws ReplicaException {
        Optional<ReplicaLock> lock = ReplicaLock.tryAcquire(database);
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LockedReplica(lock.get(), Replica.openForWriting(database)));
        } catch (ReplicaException | RuntimeException e) {
            try {
                lock.get().close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public Replica replica() {
        return replica;
    }

    public ReplicaLock lock() {
        return lock;
    }

    /** Closes the file first, then lets the next run in. */
    @Override
    public void close() throws SQLException, IOException {
        try (ReplicaLock held = lock) {
            replica.close();
        }
    }
}
