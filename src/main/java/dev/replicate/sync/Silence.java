package dev.replicate.sync;

import dev.replicate.config.SourceConfig;

/**
 * The error of a table whose read gave up on a server that sent nothing for the source's
 * readTimeoutSeconds ({@link dev.replicate.source.Source#stoppedAnswering}): the driver's own words ("An
 * I/O error occurred while sending to the backend", "Communications link failure") say neither which
 * source it was, nor that the server went quiet, nor which setting allows a longer wait.
 */
final class Silence {
    private Silence() {
    }

    /** {@code error} explained, followed by what comes of it ({@code next}). */
    static String explained(SourceConfig source, String error, String next) {
        return "the source " + source.name() + " stopped answering: its server sent nothing for "
                + source.settings().readTimeoutSeconds() + " s (the source's readTimeoutSeconds), as when the network"
                + " drops or the server freezes; " + next + " (raise readTimeoutSeconds if a statement of this table"
                + " keeps the server busy that long before its first row): " + error;
    }
}
