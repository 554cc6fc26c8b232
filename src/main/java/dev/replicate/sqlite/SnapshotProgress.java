package dev.replicate.sqlite;

/**
 * How far a first sync in key order got (stored with the table's state, committed with each page).
 *
 * @param keyColumn  the key column the rows are read in order of
 * @param keyType    the kind of that key ({@code INTEGER} or {@code TEXT}, a
 *                   {@link dev.replicate.source.WatermarkKind} name): progress is resumed only for the
 *                   same kind, as a retyped key would sort another way; {@code null} where the release that
 *                   kept it kept no kind
 * @param after      the last key committed, in its stored text form: the snapshot resumes after it
 * @param below      the boundary noted when the snapshot began (the newest watermark less the
 *                   lookback), in its stored text form: the snapshot reads the rows whose watermark is
 *                   below it, and the cursor read continues from it
 */
public record SnapshotProgress(String keyColumn, String keyType, String after, String below) {
}
