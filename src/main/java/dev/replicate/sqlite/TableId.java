package dev.replicate.sqlite;

/**
 * Which table a row of the state tables is about: the source's name, the table's configured name
 * there, and the SQLite table it is copied into. The state is keyed by the target alone
 * ({@link #stateKey}), which is unique in a file, so that one source table may feed several targets
 * (two {@code where} subsets, say), each with its own cursor. The source and table are kept beside it:
 * when they differ from the configuration's for the target, the target's state is another table's, and
 * the table syncs again from the start ({@link TableState#describes}).
 */
public record TableId(String source, String table, String target) {

    /** The key of a table's state: its target. */
    public String stateKey() {
        return target;
    }
}
