package dev.replicate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether what a command wrote reached standard output. A PrintStream swallows write errors, so
 * {@code replicate status --json > status.json} on a full disk, or with standard output closed
 * ({@code >&-}: the JVM's next file, opened read-only, takes its number), exited 0 with the output
 * lost. A pipe or socket whose reader has gone ({@code | head -1}) is not a failure: the reader
 * took what it wanted, as with any command in a pipeline.
 */
final class StandardOutputCheck {
    private StandardOutputCheck() {
    }

    static final String LOST = "the output could not be written to standard output (a full disk, a file"
            + " that cannot be written, or standard output closed with >&-); what this command printed is lost";

    /** The command's status, or 74 when it succeeded but its output was lost; says so on stderr. */
    static int checked(PrintStream out, PrintStream err, int status) {
        if (!out.checkError() || readerGone()) {
            return status;
        }
        err.println("replicate: " + LOST);
        return status == ExitStatus.OK ? ExitStatus.REPLICA_ERROR : status;
    }

    /**
     * Standard output is a pipe, a named pipe (a FIFO: {@code mkfifo}) or a socket, by the file type of
     * what Linux's /proc/self/fd/1 leads to: a reader there may leave. Where that cannot be told, a failed
     * write counts as a reader gone, as before: a false alarm on every {@code | head} would be worse.
     */
    private static boolean readerGone() {
        try {
            int type = (Integer) Files.getAttribute(Path.of("/proc/self/fd/1"), "unix:mode") & S_IFMT;
            return type == S_IFIFO || type == S_IFSOCK;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;
}
