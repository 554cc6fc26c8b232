package dev.replicate.cli;

import dev.replicate.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQLite files a configuration that did not load might have named: the "database" its text gives,
 * as the loader reads it ({@link ConfigLoader#rawDatabase}: a ${VAR} in it interpolated, the usual way
 * to write it), and the default replica.db. A run whose configuration failed still writes its
 * --metrics-file (exit 2 is a metric too), and with no --db a metrics file of those names replaced the
 * replica-to-be with metrics text, which the next, mended run then refused as a replica (reviewer's
 * repro: "database": "dbx.db" and an unset ${VAR}). Read only for that check, and only cheaply: a file
 * too large, unreadable or not JSON gives only the default.
 */
final class UnloadedConfig {
    /** Larger than any hand-written configuration; a bigger file is not read twice for a guess. */
    private static final long MAX_BYTES = 4 * 1024 * 1024;

    private UnloadedConfig() {
    }

    /** Resolved; the default first. {@code configFile} null means the JSON came from {@code json}. */
    static List<Path> databases(Environment environment, Path configFile, String json) {
        List<Path> databases = new ArrayList<>();
        databases.add(environment.resolve(Context.DEFAULT_DATABASE));
        rawDatabase(environment, configFile, json).ifPresent(name -> {
            try {
                databases.add(environment.resolve(name));
            } catch (InvalidPathException e) {
                // Not a name a run could open either.
            }
        });
        return databases;
    }

    private static Optional<String> rawDatabase(Environment environment, Path configFile, String json) {
        try {
            String text = json;
            if (configFile != null) {
                if (!Files.isRegularFile(configFile) || Files.size(configFile) > MAX_BYTES) {
                    return Optional.empty();
                }
                text = Files.readString(configFile, StandardCharsets.UTF_8);
            }
            return text == null ? Optional.empty() : ConfigLoader.rawDatabase(text, environment.variables());
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
