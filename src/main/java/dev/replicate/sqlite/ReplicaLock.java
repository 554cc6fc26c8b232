package dev.replicate.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Keeps two runs off one SQLite file. An operating-system lock on a file beside it
 * ({@code replica.db.lock}): the kernel drops it when the process dies, however it dies, so a
 * killed run never leaves a stale lock behind. The lock file itself is left in place; it holds at most a
 * line a run leaves for the next one ({@link UnemptiedLog}), written and read under the lock.
 *
 * <p>The lock file sits beside the file's real path, whatever path the run was given: symlinks (to the
 * file or to a folder on the way) are followed and {@code ..} is resolved physically, so two runs that
 * reach one file by different paths take one lock (issue #14: a run through a symlink took a lock file
 * of its own and then met the other run inside SQLite, exit 74). A folder reached through a bind mount
 * is covered too: the lock file is reached through the same mount, and the OS locks the file, not the
 * path. Not covered: a hard link to the file under another name, and a bind mount of the file alone;
 * SQLite itself cannot share a file that way either (its -wal file is named after the path it opens).
 * Locking the SQLite file itself would cover them, but a POSIX lock is dropped when the process closes
 * any descriptor of the file, which SQLite's own connections do.
 */
public final class ReplicaLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ReplicaLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a database: beside its real path (see the class comment). */
    public static Path lockFileFor(Path database) throws ReplicaException {
        Path real = realPath(database);
        return real.resolveSibling(real.getFileName() + ".lock");
    }

    /**
     * The database's path with every symlink followed and {@code ..} resolved, also when the file (or
     * a symlink's target) does not exist yet, as on a first run: its folder must exist, the file need not.
     */
    static Path realPath(Path database) throws ReplicaException {
        Path path = database.toAbsolutePath();
        // 40, as Linux's limit on symlinks followed in one lookup (ELOOP).
        for (int hops = 0; hops < 40; hops++) {
            Path folder;
            try {
                folder = path.getParent().toRealPath();
            } catch (IOException e) {
                throw new ReplicaException("cannot resolve the folder of the SQLite file " + database + ": "
                        + Replica.describe(e), e);
            }
            Path resolved = folder.resolve(path.getFileName());
            if (!Files.isSymbolicLink(resolved)) {
                return resolved;
            }
            try {
                // A relative target is relative to the link's folder.
                path = folder.resolve(Files.readSymbolicLink(resolved)).toAbsolutePath();
            } catch (IOException e) {
                throw new ReplicaException("cannot read the symlink " + resolved + ": " + Replica.describe(e), e);
            }
        }
        throw new ReplicaException("too many levels of symlinks at the SQLite file " + database);
    }

    /** The lock, or empty at once when another process holds it. */
    public static Optional<ReplicaLock> tryAcquire(Path database) throws ReplicaException {
        Replica.requireDirectory(database);
        Path lockFile = lockFileFor(database);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
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

    /**
     * What the last holder of the lock left in the file for the next one, "" if nothing; its first
     * kilobyte. Through this channel: a second descriptor of the file closed would drop the lock (POSIX).
     */
    public String text() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // until the end of the file or the buffer
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** Leaves {@code text} in the file for the next holder, in place of what was there. */
    public void text(String text) throws IOException {
        channel.truncate(0);
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer, buffer.position());
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
