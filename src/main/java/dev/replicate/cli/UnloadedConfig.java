package dev.replicate.cli;

import dev.replicate.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The SQLite file a configuration that did not load meant: the "database" its text gives, as the loader
 * reads it ({@link ConfigLoader#rawDatabase}: a ${VAR} in it interpolated, the usual way to write it),
 * else the default replica.db. A run whose configuration failed still writes its --metrics-file (exit 2
 * is a metric too), and with no --db a metrics file of that name replaced the replica-to-be with metrics
 * text, which the next, mended run then refused as a replica (reviewer's repro: "database": "dbx.db" and
 * an unset ${VAR}). Read only for that check, and only cheaply: a file too large, unreadable or not JSON
 * may mean the default, which is all that is known then.
 */
final class UnloadedConfig {
    /** Larger than any hand-written configuration; a bigger file is not read twice for a guess. */
    private static final long MAX_BYTES = 4 * 1024 * 1024;

    /** The file, resolved; {@code known} false where it is only the default the configuration may mean. */
    record Meant(Path database, boolean known) {
    }

    private UnloadedConfig() {
    }

    /**
     * Empty where the configuration names a file that cannot be known (a "database" with an unset
     * variable): the default is not what it means, and refusing it would only lose the metrics of
     * exit 2 (second reviewer: "database": "/x/elsewhere.db" refused --metrics-file replica.db).
     * {@code configFile} null means the JSON came from {@code json}.
     */
    static Optional<Meant> database(Environment environment, Path configFile, String json) {
        ConfigLoader.RawDatabase raw = rawDatabase(environment, configFile, json);
        if (raw.given()) {
            try {
                return raw.name().map(name -> new Meant(environment.resolve(name), true));
            } catch (InvalidPathException e) {
                // Not a name a run could open either.
                return Optional.empty();
            }
        }
        return Optional.of(new Meant(environment.resolve(Context.DEFAULT_DATABASE), raw.read()));
    }

    private static ConfigLoader.RawDatabase rawDatabase(Environment environment, Path configFile, String json) {
        ConfigLoader.RawDatabase notRead = ConfigLoader.RawDatabase.NOT_READ;
        try {
            String text = json;
            if (configFile != null) {
                if (!Files.isRegularFile(configFile) || Files.size(configFile) > MAX_BYTES) {
                    return notRead;
                }
                text = Files.readString(configFile, StandardCharsets.UTF_8);
            }
            return text == null ? notRead : ConfigLoader.rawDatabase(text, environment.variables());
        } catch (Exception e) {
            return notRead;
        }
    }
}
