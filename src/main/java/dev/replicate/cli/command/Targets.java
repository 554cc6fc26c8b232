package dev.replicate.cli.command;

import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.ReplicateException;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.TableConfig;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The targets named on a command line (run's, verify's, reset's) and the ones the configuration has. */
final class Targets {
    private Targets() {
    }

    /** The targets the configuration has, sorted. */
    static Set<String> known(ReplicationConfig config) {
        return new TreeSet<>(config.allTables().stream().map(TableConfig::target).toList());
    }

    /** The targets, or a usage error naming the first unknown one and the known ones. */
    static Set<String> check(ReplicationConfig config, List<String> targets) {
        Set<String> known = known(config);
        for (String target : targets) {
            if (!known.contains(target)) {
                throw new ReplicateException(ExitStatus.USAGE, "no configured table has the target \"" + target
                        + "\"" + spelt(known, target) + "; the targets are: " + String.join(", ", known));
            }
        }
        return Set.copyOf(targets);
    }

    /**
     * Targets are matched as the configuration spells them; one that differs only in case is named
     * ("; targets are matched as ...: \"orders\"?"), since SQLite's names ignore case and a user may
     * well have typed it so. Case as SQLite folds it (ASCII letters only): "CAFÉ" is not "café" to it, and
     * reset must not call the one the other's SQLite table. Empty when none does.
     */
    static String spelt(java.util.Collection<String> known, String target) {
        String folded = dev.replicate.sqlite.SqliteSql.foldCase(target);
        return known.stream().filter(k -> dev.replicate.sqlite.SqliteSql.foldCase(k).equals(folded)).findFirst()
                .map(k -> "; targets are matched as the configuration spells them: \"" + k + "\"?")
                .orElse("");
    }
}
