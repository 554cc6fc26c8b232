package dev.replicate.sync;

import dev.replicate.config.TableConfig;
import dev.replicate.source.Source;
import dev.replicate.source.TableSchema;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether a statement of a table with a {@code "where"} failed because of the where: the server's
 * message alone does not say where the text came from, so the table fails with the where's JSON path.
 * Asked only once a statement has failed (a good filter costs no round trip), by running the filter
 * alone ({@link Source#checkFilter}). When both are SQL errors, only one of the same SQLSTATE is the
 * filter's: a connection that broke fails the check too, and that is not the where's doing.
 */
final class FilterFailure {
    private FilterFailure() {
    }

    /** The failure with the where's path, when the where is what failed; else empty (report {@code failure}). */
    static Optional<TableFailure> of(Source source, TableSchema schema, TableConfig config, Optional<String> where,
                                     Exception failure) {
        if (where.isEmpty() || SourceTrouble.notTheStatement(source, failure)) {
            return Optional.empty();
        }
        try {
            source.checkFilter(schema, where.get());
            return Optional.empty();
        } catch (Exception filterFailure) {
            if (failure instanceof SQLException original && filterFailure instanceof SQLException check
                    && original.getSQLState() != null && !original.getSQLState().equals(check.getSQLState())) {
                return Optional.empty();
            }
            return Optional.of(new TableFailure(config.jsonPath() + ".where does not run on " + schema.describe() + ": "
                    + ErrorText.of(filterFailure)));
        }
    }
}
