package dev.replicate.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a given size mounted on a test directory, to make a disk full or read-only for real.
 * Needs root (and a sandbox that allows mounts); {@link #mount} says why not otherwise.
 */
final class SmallFilesystem implements AutoCloseable {
    private final Path dir;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (such as "1m") on dir, or throws with the reason it cannot. */
    static SmallFilesystem mount(Path dir, String size) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IOException("mounting a small filesystem needs root; this JVM runs as "
                    + System.getProperty("user.name"));
        }
        exec("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
        return new SmallFilesystem(dir);
    }

    Path dir() {
        return dir;
    }

    /** Changes mount options, such as "ro" or "size=64m". */
    void remount(String options) throws IOException {
        exec("mount", "-o", "remount," + options, dir.toString());
    }

    @Override
    public void close() throws IOException {
        exec("umount", "-l", dir.toString());
    }

    private static void exec(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

}
