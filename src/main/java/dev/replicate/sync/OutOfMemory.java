package dev.replicate.sync;

/**
 * What a table that ran the Java heap out says. Memory is bounded by bytes as well as rows (see
 * RowPipeline and PageWriter), so what is left to run out is a single row bigger than the heap can
 * hold a few copies of (the driver's bytes, the text, its UTF-8 for SQLite): the way out is a larger
 * heap, which the launcher takes from JAVA_OPTS.
 */
final class OutOfMemory {
    private static final long MIB = 1024 * 1024;

    private OutOfMemory() {
    }

    static String explained(OutOfMemoryError e) {
        long heap = Runtime.getRuntime().maxMemory() / MIB;
        return "ran out of memory (" + ErrorText.of(e) + "): a row of this table does not fit, a few times over,"
                + " in the Java heap of " + heap + " MiB; each row is held whole while it is copied. Give Java a larger"
                + " heap, e.g. JAVA_OPTS=-Xmx" + Math.max(1024, Long.highestOneBit(Math.max(1, heap)) * 4) + "m";
    }
}
