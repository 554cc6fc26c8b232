package dev.replicate.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole configuration.
 *
 * @param database          the SQLite path from the configuration, when it names one
 * @param sources           the source blocks, in file order
 * @param logRetentionDays  how long rows stay in {@code _replicate_log}
 * @param secrets           every secret value the configuration holds, to be masked in any output
 * @param origin            where the configuration came from (a file path or the variable's name)
 */
public record ReplicationConfig(
        Optional<String> database,
        List<SourceConfig> sources,
        int logRetentionDays,
        Secrets secrets,
        String origin) {

    public List<TableConfig> allTables() {
        return sources.stream().flatMap(s -> s.tables().stream()).toList();
    }
}
