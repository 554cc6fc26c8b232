package dev.replicate.sync;

import dev.replicate.config.TableConfig;
import dev.replicate.sqlite.TableState;
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
 *
 * <p>The soft-delete column chooses the rows the replica keeps as a where does (a row read with it set is
 * deleted instead of stored): configured or changed after the rows were read, the rows marked deleted
 * behind the cursor would stay for good, and taken away, those no longer deleted would never come. It is
 * kept in a column of its own ({@code row_soft_delete}): the release before compares {@code row_filter}
 * whole, and anything added to it would make that release, run on the file in between (a rollback), read
 * every incremental table again.
 */
final class RowFilter {
    private RowFilter() {
    }

    /**
     * The entry's filter as the state keeps it: the SHA-256 of its where and query text, as {@code sha256:}
     * and hex digits, or the empty text for a table read whole by its cursor. A digest, not the text: a where
     * is compared with its ${VAR}s put in, and what they hold must not reach the SQLite file (nor a query's
     * whole SELECT, for the sake of a comparison).
     */
    static String of(TableConfig config) {
        String text = config.query().map(SourceQuery::sql).map(sql -> "query " + sql + "\n").orElse("")
                + config.where().map(where -> "where " + where).orElse("");
        return text.isEmpty() ? "" : digest(text);
    }

    /**
     * A recorded filter as {@link #of} gives it, whichever build of 2026-12-06 recorded it: main's from 86bf1d4
     * to 3421b14 kept the text itself ("where " or "query " and what follows, the digest's input), and those
     * from 4c4e8a9 to 37d37da followed the digest (or the empty text) with {@link #SOFT_DELETE_MARK} and the
     * soft-delete column, which a state of theirs does not record apart ({@code row_soft_delete} empty: taken
     * as unchanged, as any state that does not record it).
     */
    static String asOf(String recorded) {
        int mark = recorded.indexOf(SOFT_DELETE_MARK);
        String selection = mark < 0 ? recorded : recorded.substring(0, mark);
        return selection.startsWith("where ") || selection.startsWith("query ") ? digest(selection) : selection;
    }

    /** What the builds of 2026-12-06 from 4c4e8a9 to 37d37da put between a filter and its soft-delete column. */
    private static final String SOFT_DELETE_MARK = ";softDelete=";

    private static String digest(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The entry's soft-delete column as the state keeps it: the empty text for none. */
    static String softDeleteOf(TableConfig config) {
        return config.softDelete().orElse("");
    }

    /**
     * Whether the entry's filter or soft-delete column differs from the one its stored rows were read under
     * ({@code recorded}, the state). What a state does not record (an earlier release wrote it) cannot tell,
     * and is taken as unchanged.
     */
    static boolean changedSince(Optional<TableState> recorded, TableConfig config) {
        return selectionChanged(recorded, config) || softDeleteChanged(recorded, config);
    }

    private static boolean selectionChanged(Optional<TableState> recorded, TableConfig config) {
        return recorded.flatMap(TableState::rowFilter).filter(filter -> !asOf(filter).equals(of(config))).isPresent();
    }

    private static boolean softDeleteChanged(Optional<TableState> recorded, TableConfig config) {
        return recorded.flatMap(TableState::rowSoftDelete).filter(column -> !column.equals(softDeleteOf(config)))
                .isPresent();
    }

    /** What changed, for a message: "the where", "the query or its where", or the soft-delete column. */
    static String whatChanged(Optional<TableState> recorded, TableConfig config) {
        if (!selectionChanged(recorded, config)) {
            return "the soft-delete column (\"deletes\": {\"softDelete\": ...})";
        }
        return config.query().isPresent() ? "the query or its where" : "the where";
    }

    /** The note of a table whose filter changed since its rows were read. */
    static String changedNote(Optional<TableState> recorded, TableConfig config) {
        if (!selectionChanged(recorded, config)) {
            return whatChanged(recorded, config) + " of " + config.target() + " changed since its rows were read, so"
                    + " rows behind the cursor may be marked deleted, or no longer be: the table is read again from the"
                    + " start (a row read marked deleted is deleted)";
        }
        return whatChanged(recorded, config) + " of " + config.target() + " changed since its rows were read, so rows"
                + " it lets in now may lie behind the cursor: the table is read again from the start (rows it no longer"
                + " lets in stay, unless a reconcile removes them: `replicate reset " + config.target() + "` starts it clean)";
    }
}
