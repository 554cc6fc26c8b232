package dev.replicate.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Keeps two runs off one SQLite file. An operating-system lock on a file beside it
 * ({@code replica.db.lock}): the kernel drops it when the process dies, however it dies, so a
 * killed run never leaves a stale lock behind. The lock file itself is left in place; it holds nothing.
 */
public final class ReplicaLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ReplicaLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static Path lockFileFor(Path database) {
        return database.resolveSibling(database.getFileName() + ".lock");
    }

    /** The lock, or empty at once when another process holds it. */
    public static Optional<ReplicaLock> tryAcquire(Path database) throws ReplicaException {
        Replica.requireDirectory(database);
        Path lockFile = lockFileFor(database);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ReplicaException("cannot create the lock file " + lockFile + ": " + Replica.describe(e), e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new ReplicaLock(channel, lock));
        } catch (OverlappingFileLockException e) {
            // Held by this very process (a test running two engines at once).
            closeQuietly(channel);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ReplicaException("cannot lock " + lockFile + ": " + Replica.describe(e), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked
        }
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            lock.release();
        }
    }
}
