package dev.replicate.sync;

/** What {@code verify} makes of one row that is not simply equal (see {@link TableVerdict} for each). */
enum RowKind {
    MISSING, DIFFERENT, EXTRA, KEPT, UNVERIFIED;

    /** Whether {@code verify --repair} acts on it: every kind but a row kept by choice. */
    boolean repaired() {
        return this != KEPT;
    }
}
