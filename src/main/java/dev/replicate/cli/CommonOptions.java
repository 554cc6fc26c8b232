package dev.replicate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every subcommand takes: where the configuration and the SQLite file are, and how much to say. */
public final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "The configuration file (JSON). Default: the REPLICATION_CONFIG_JSON variable.")
    Path config;

    @Option(names = "--db", paramLabel = "FILE",
            description = "The SQLite file. Default: REPLICATE_DB, else \"database\" in the configuration, else replica.db.")
    Path database;

    @Option(names = {"-v", "--verbose"}, description = "Say more; twice (-vv) for debugging output with stack traces.")
    boolean[] verbose = new boolean[0];

    @Option(names = {"-q", "--quiet"}, description = "Say nothing but errors.")
    boolean quiet;

    @Option(names = "--log-file", paramLabel = "FILE", description = "Also append log lines (info and above) to this file. Its folder must exist, and it must not be"
            + " the SQLite file or the configuration (else exit 2).")
    Path logFile;

    public int verbosity() {
        return quiet ? -1 : verbose.length;
    }
}
