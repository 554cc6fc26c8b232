package dev.replicate.sqlite;

/**
 * Which table a row of the state tables is about: the source's name, the table's configured name
 * there, and the SQLite table it is copied into. The state is keyed by source and table alone
 * ({@link #stateKey}): a target renamed in the configuration keeps its table's cursor.
 */
public record TableId(String source, String table, String target) {

    /** The key of a table's state: its source's identity and its configured name. */
    public String stateKey() {
        return StateStore.key(source, table);
    }
}
