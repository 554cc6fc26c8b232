package dev.replicate.sqlite;

/**
 * How far a first sync in key order got (stored with the table's state, committed with each page).
 *
 * @param keyColumn  the key column the rows are read in order of
 * @param after      the last key committed, in its stored text form: the snapshot resumes after it
 * @param high       the newest watermark when the snapshot began, in its stored text form: the cursor
 *                   read continues from it once every key is read, so rows changed meanwhile are read again
 */
public record SnapshotProgress(String keyColumn, String after, String high) {
}
