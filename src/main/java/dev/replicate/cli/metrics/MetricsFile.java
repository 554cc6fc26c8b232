package dev.replicate.cli.metrics;

import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.ReplicateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Replaces a metrics file whole: written to a temporary file in the same folder, then renamed over
 * the old one, so node_exporter never reads half a file. The temporary name does not end in .prom,
 * so the textfile collector ignores it while it is being written.
 */
public final class MetricsFile {
    private MetricsFile() {
    }

    /**
     * Checks a metrics file's place, resolved, before the command does anything: run's and verify's
     * alike, so that a typo is a usage error (exit 2) rather than a command that does its work and then
     * cannot report it. Not what the file must not be (the replica, the configuration): the caller's.
     */
    public static void requirePlace(Path resolved) {
        if (Files.isDirectory(resolved)) {
            throw new ReplicateException(ExitStatus.USAGE, "the metrics file " + resolved + " is a folder; name a file in it,"
                    + " such as " + resolved.resolve("replicate.prom"));
        }
        if (resolved.getParent() == null || !Files.isDirectory(resolved.getParent())) {
            throw new ReplicateException(ExitStatus.USAGE, "the folder of the metrics file does not exist: " + resolved.getParent());
        }
        requireReplaceable(resolved);
        if (!Files.isWritable(resolved.getParent())) {
            throw new ReplicateException(ExitStatus.USAGE, "cannot write the metrics file " + resolved + ": its folder "
                    + resolved.getParent() + " is not writable");
        }
    }

    /**
     * Refuses a file that is there and is not a regular file: the rename would replace it, so
     * {@code --metrics-file /dev/null}, run as root to turn metrics off, replaced the device itself
     * with a text file (hostile test, on a FIFO). Exit 2, before anything runs.
     */
    static void requireReplaceable(Path file) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new ReplicateException(ExitStatus.USAGE, "the metrics file " + file
                    + " is not a regular file (a device, a FIFO or a socket); it is replaced whole after each run, so name"
                    + " a regular file, or leave --metrics-file out for no metrics");
        }
        // The last line of defence for a replica the run cannot name yet: one given by the "database" of a
        // configuration that fails to load was replaced by the metrics (OutputClashTest).
        if (Files.isRegularFile(file) && isSqliteDatabase(file)) {
            throw new ReplicateException(ExitStatus.USAGE, "the metrics file " + file + " is an SQLite database; give"
                    + " --metrics-file a file of its own");
        }
    }

    private static boolean isSqliteDatabase(Path file) {
        byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(header.length), header);
        } catch (IOException e) {
            return false;
        }
    }

    public static void write(Path file, String content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // createTempFile makes it private (0600); node_exporter usually runs as another user.
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
