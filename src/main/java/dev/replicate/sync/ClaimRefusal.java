package dev.replicate.sync;

import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.TableState;
import java.util.Optional;

/**
 * The refusal of a target given to another table (or to the same table under another source identity)
 * while its SQLite table holds the rows of the one before ({@link TableSync}). It is recorded in the state
 * of the table before, which the target keeps: status tells it apart from that table's own failures by
 * its words, so that it shows this refusal as the new table's, and nothing else of the other's.
 */
final class ClaimRefusal {
    private ClaimRefusal() {
    }

    /**
     * @param tablePath  the JSON path of the table's entry in the configuration
     * @param sourcePath the JSON path of its source block
     */
    static String message(TableState other, TableId now, String tablePath, String sourcePath) {
        String before = before(other);
        String sameTable = other.table().equals(now.table())
                ? "; if it is the same table under another source identity, set its source block's \"name\" ("
                + sourcePath + ".name) to \"name\": \"" + other.source() + "\" to go on from its state"
                : "";
        return opening(other, now) + " (" + tablePath + "): its rows would be mixed with them, so nothing was"
                + " changed. Run `replicate reset " + now.target() + "` to drop them and sync it from the start from "
                + table(now.table(), now.source()) + sameTable + "; or give the target back to " + before + " ("
                + tablePath + ".name)";
    }

    /** Whether the state of the table before ({@code other}) records this refusal of {@code now}'s table as its last run. */
    static boolean recordedIn(TableState other, TableId now) {
        return other.lastOk().equals(Optional.of(false))
                && other.lastError().filter(error -> error.contains(opening(other, now))).isPresent();
    }

    private static String opening(TableState other, TableId now) {
        return now.target() + " holds the rows of " + before(other) + ", and the configuration now copies it from "
                + table(now.table(), now.source());
    }

    private static String before(TableState other) {
        return table(other.table(), other.source());
    }

    private static String table(String table, String source) {
        return "table " + table + " of source " + source;
    }
}
