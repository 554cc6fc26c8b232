package dev.replicate.sync;

/**
 * What a table that ran the Java heap out says. Rows are held in chunks bounded by bytes as well as
 * rows (RowPipeline, PageWriter), and a table without a key counts its rows of one watermark in a few
 * bytes each (RowKeys): what is left to outgrow the heap is a row bigger than it holds a few copies of
 * (the driver's bytes, the text, its UTF-8 for SQLite), or millions of keyless rows of one watermark.
 * Either way the way out is a larger heap, which the launcher takes from JAVA_OPTS.
 */
final class OutOfMemory {
    private static final long MIB = 1024 * 1024;

    private OutOfMemory() {
    }

    static String explained(OutOfMemoryError e) {
        long heap = Runtime.getRuntime().maxMemory() / MIB;
        return "ran out of memory (" + ErrorText.of(e) + ") in the Java heap of " + heap + " MiB: give Java a larger"
                + " heap, e.g. JAVA_OPTS=-Xmx" + Math.max(1024, Long.highestOneBit(Math.max(1, heap)) * 4) + "m (a run"
                + " needs a few copies of the table's largest row, and for a table without a key some 40 bytes for"
                + " each row that shares one watermark value)";
    }
}
