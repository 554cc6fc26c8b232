package dev.replicate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refuses an output file (--log-file, --metrics-file) that is one of the files replicate reads or
 * keeps. Hostile test: {@code run --metrics-file replica.db} replaced the replica with the metrics
 * text, and {@code --log-file} appended log lines to the SQLite file or to the configuration, each
 * without a word. A usage error instead, before anything is written to it.
 */
final class OutputClash {
    private OutputClash() {
    }

    /** The files an output must not be, by what the message calls them; nulls are left out. */
    static Map<String, Path> kept(Path database, Path config, Path log) {
        Map<String, Path> kept = new LinkedHashMap<>();
        if (database != null) {
            kept.putAll(database("is", database));
        }
        if (config != null) {
            kept.put("is the configuration file", config);
        }
        if (log != null) {
            kept.put("is the log file", log);
        }
        return kept;
    }

    /** The SQLite file and its companions, as what an output {@code is} or {@code may be} (a guess). */
    static Map<String, Path> database(String verb, Path database) {
        Map<String, Path> kept = new LinkedHashMap<>();
        kept.put(verb + " the SQLite file", database);
        kept.put(verb + " the SQLite file's write-ahead log", Path.of(database + "-wal"));
        kept.put(verb + " the SQLite file's shared-memory file", Path.of(database + "-shm"));
        kept.put(verb + " the SQLite file's rollback journal", Path.of(database + "-journal"));
        kept.put(verb + " the SQLite file's lock file", Path.of(database + ".lock"));
        return kept;
    }

    static void refuse(String option, Path output, Map<String, Path> kept) {
        if (output == null) {
            return;
        }
        for (Map.Entry<String, Path> file : kept.entrySet()) {
            if (same(output, file.getValue())) {
                throw new ReplicateException(ExitStatus.USAGE, option + " " + output + " " + file.getKey()
                        + "; give " + option + " a file of its own");
            }
        }
    }

    /** The same file, also through a symlink or a hard link; for files not there yet, the same name in the same folder. */
    static boolean same(Path a, Path b) {
        Path x = a.toAbsolutePath().normalize();
        Path y = b.toAbsolutePath().normalize();
        if (x.equals(y)) {
            return true;
        }
        try {
            if (Files.exists(x) && Files.exists(y)) {
                return Files.isSameFile(x, y);
            }
            return x.getFileName() != null && x.getFileName().equals(y.getFileName()) && x.getParent() != null
                    && y.getParent() != null && Files.isDirectory(x.getParent()) && Files.isDirectory(y.getParent())
                    && Files.isSameFile(x.getParent(), y.getParent());
        } catch (IOException e) {
            return false;
        }
    }
}
