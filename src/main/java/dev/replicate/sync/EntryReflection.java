package dev.replicate.sync;

import dev.replicate.config.TableConfig;
import dev.replicate.config.TableMode;
import dev.replicate.source.Source;
import dev.replicate.source.SourceException;
import dev.replicate.source.TableSchema;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The one place the engine asks a source what a table entry reads: its table ({@link Source#reflect}),
 * or its query's result columns ({@link Source#reflectQuery}). {@code run}, {@code validate-config
 * --connect} and {@code reflect} all come here, so a query fails alike everywhere, with the entry's
 * JSON path: a query's text is the user's, and the server's error alone does not say which entry it
 * came from.
 */
final class EntryReflection {
    private EntryReflection() {
    }

    /** The entry's schema: from {@code batch} when it has the table, else reflected alone. */
    static TableSchema reflect(Source source, TableConfig config, TableBatch batch) throws Exception {
        Optional<TableSchema> batched = batch.take(config);
        return batched.isPresent() ? withHiddenKey(source, config, batched.get()) : reflect(source, config);
    }

    static TableSchema reflect(Source source, TableConfig config) throws Exception {
        if (config.query().isEmpty()) {
            return withHiddenKey(source, config, source.reflect(config.name()));
        }
        try {
            return source.reflectQuery(config.query().get());
        } catch (SourceException e) {
            throw new TableFailure(config.jsonPath() + ".query: " + ErrorText.of(e));
        } catch (SQLException e) {
            // The connection failed, or the query waited for another session's lock on a table it reads: not
            // the query's doing, and explained as such where the table's error is told (SourceTrouble).
            if (e.getSQLState() != null && e.getSQLState().startsWith("08") || SourceTrouble.notTheStatement(source, e)) {
                throw e;
            }
            throw new TableFailure(config.jsonPath() + ".query does not run at the source: " + ErrorText.of(e));
        }
    }

    /**
     * The schema, marked with the source's words when it hides a key it has ({@link Source#hiddenKey}); asked
     * only when the answer counts: an incremental table reflected without a key whose entry gives none. A full
     * table is rewritten whole on every run, which is exact without a key: it is read as one without.
     */
    private static TableSchema withHiddenKey(Source source, TableConfig config, TableSchema schema) throws Exception {
        if (config.mode() != TableMode.FULL && schema.primaryKey().isEmpty() && config.primaryKey().isEmpty()) {
            Optional<String> why = source.hiddenKey(schema);
            if (why.isPresent()) {
                return schema.withHiddenKey(why.get());
            }
        }
        return schema;
    }
}
