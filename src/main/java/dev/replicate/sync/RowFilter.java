package dev.replicate.sync;

import dev.replicate.config.TableConfig;
import dev.replicate.source.SourceQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What chooses an incremental table's rows besides its cursor: its {@code where}, and a query entry's
 * SELECT. Kept in the state beside the cursor ({@code _replicate_watermarks.row_filter}) because the
 * cursor only holds for the rows it was read under: a filter that lets in more rows (or a query that
 * returns others) would otherwise bring only those whose watermark is past the cursor, and the rest
 * never, without a word.
 */
final class RowFilter {
    private RowFilter() {
    }

    /**
     * The entry's filter as the state keeps it: the SHA-256 of its text, as {@code sha256:} and hex
     * digits; the empty text for a table read whole by its cursor. A digest, not the text: a where is
     * compared with its ${VAR}s put in, and what they hold must not reach the SQLite file (nor a
     * query's whole SELECT, for the sake of a comparison).
     */
    static String of(TableConfig config) {
        String text = config.query().map(SourceQuery::sql).map(sql -> "query " + sql + "\n").orElse("")
                + config.where().map(where -> "where " + where).orElse("");
        if (text.isEmpty()) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * Whether the entry's filter differs from the one its stored rows were read under ({@code recorded},
     * from the state). A state that recorded none (an earlier release wrote it) cannot tell, and is taken
     * as unchanged.
     */
    static boolean changedSince(Optional<String> recorded, TableConfig config) {
        return recorded.isPresent() && !recorded.get().equals(of(config));
    }

    /** The note of a table whose filter changed since its rows were read. */
    static String changedNote(TableConfig config) {
        String what = config.query().isPresent() ? "the query or its where" : "the where";
        return what + " of " + config.target() + " changed since its rows were read, so rows it lets in now may lie"
                + " behind the cursor: the table is read again from the start (rows it no longer lets in stay, unless"
                + " a reconcile removes them: `replicate reset " + config.target() + "` starts it clean)";
    }
}
