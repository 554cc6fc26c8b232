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
     * Parts the state's filter ends with: the soft-delete column (none after the mark when there is none).
     * A row read with it set is deleted instead of stored, so it chooses the rows the replica keeps as a where
     * does: configured (or changed) after the rows were read, the rows marked deleted behind the cursor would
     * stay for good, and taken away, those no longer deleted would never come. A state without the mark (an
     * earlier release recorded the filter alone) cannot tell: its soft-delete column is taken as unchanged.
     */
    private static final String SOFT_DELETE = ";softDelete=";

    /**
     * The entry's filter as the state keeps it: the SHA-256 of its where and query text, as {@code sha256:}
     * and hex digits (the empty text for a table read whole by its cursor), then the soft-delete column
     * ({@link #SOFT_DELETE}). A digest, not the text: a where is compared with its ${VAR}s put in, and what
     * they hold must not reach the SQLite file (nor a query's whole SELECT, for the sake of a comparison).
     */
    static String of(TableConfig config) {
        return selection(config) + SOFT_DELETE + config.softDelete().orElse("");
    }

    private static String selection(TableConfig config) {
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
        return recorded.isPresent() && (selectionChanged(recorded.get(), config) || softDeleteChanged(recorded.get(), config));
    }

    private static boolean selectionChanged(String recorded, TableConfig config) {
        int mark = recorded.indexOf(SOFT_DELETE);
        return !(mark < 0 ? recorded : recorded.substring(0, mark)).equals(selection(config));
    }

    private static boolean softDeleteChanged(String recorded, TableConfig config) {
        int mark = recorded.indexOf(SOFT_DELETE);
        return mark >= 0 && !recorded.substring(mark + SOFT_DELETE.length()).equals(config.softDelete().orElse(""));
    }

    /** What changed, for a message: "the where", "the query or its where", or the soft-delete column. */
    static String whatChanged(Optional<String> recorded, TableConfig config) {
        if (recorded.isPresent() && !selectionChanged(recorded.get(), config)) {
            return "the soft-delete column (\"deletes\": {\"softDelete\": ...})";
        }
        return config.query().isPresent() ? "the query or its where" : "the where";
    }

    /** The note of a table whose filter changed since its rows were read. */
    static String changedNote(Optional<String> recorded, TableConfig config) {
        if (recorded.isPresent() && !selectionChanged(recorded.get(), config)) {
            return whatChanged(recorded, config) + " of " + config.target() + " changed since its rows were read, so"
                    + " rows behind the cursor may be marked deleted, or no longer be: the table is read again from the"
                    + " start (a row read marked deleted is deleted)";
        }
        return whatChanged(recorded, config) + " of " + config.target() + " changed since its rows were read, so rows"
                + " it lets in now may lie behind the cursor: the table is read again from the start (rows it no longer"
                + " lets in stay, unless a reconcile removes them: `replicate reset " + config.target() + "` starts it clean)";
    }
}
