package dev.replicate.sync;

/**
 * What a table that ran the Java heap out says. Rows are held in chunks bounded by bytes as well as
 * rows (RowPipeline, PageWriter), and a table without a key counts its rows of one watermark in a few
 * bytes each (RowKeys): what is left to outgrow the heap is a row bigger than it holds a few copies of
 * (the driver's bytes, the text, its UTF-8 for SQLite), or millions of keyless rows of one watermark.
 * Either way the way out is a larger heap, which the launcher takes from JAVA_OPTS. Memory that is not
 * the heap's (threads, classes, an array longer than Java allows) is named without that advice.
 *
 * <p>Public for the CLI, which says an OutOfMemoryError that reached it outside a table's work in these
 * same words, less what a table needs ({@link #explainedOutsideTables}, Main's failure handler): it is not a
 * bug to report, whoever meets it.
 */
public final class OutOfMemory {
    private static final long MIB = 1024 * 1024;

    private OutOfMemory() {
    }

    /**
     * The OutOfMemoryError a driver caught and wrapped: PostgreSQL's reads the rest of the result after
     * one and throws "Ran out of memory retrieving query results." (SQLSTATE 53200, which the server
     * also sends for its own memory, so the Java error in the causes is what tells them apart).
     */
    public static java.util.Optional<OutOfMemoryError> cause(Throwable failure) {
        for (Throwable e = failure; e != null && e.getCause() != e; e = e.getCause()) {
            if (e instanceof OutOfMemoryError oom) {
                return java.util.Optional.of(oom);
            }
        }
        return java.util.Optional.empty();
    }

    /** An OutOfMemoryError met in a table's work (reading, writing, verifying or repairing it). */
    public static String explained(OutOfMemoryError e) {
        return explained(e, " (a run needs a few copies of the table's largest row, and for a table without a key up"
                + " to some 70 bytes for each row that shares one watermark value)");
    }

    /**
     * One met outside any table's work (loading the configuration, {@code status --json}): the same words,
     * without what a table needs, which would send the reader looking for a table that was never read.
     */
    public static String explainedOutsideTables(OutOfMemoryError e) {
        return explained(e, "");
    }

    private static String explained(OutOfMemoryError e, String heapNeeds) {
        String what = ErrorText.of(e);
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Java heap space") || message.startsWith("GC overhead limit exceeded")) {
            long heap = Runtime.getRuntime().maxMemory() / MIB;
            return "ran out of memory (" + what + ") in the Java heap of " + heap + " MiB: give Java a larger heap,"
                    + " e.g. JAVA_OPTS=-Xmx" + Math.max(1024, Long.highestOneBit(Math.max(1, heap)) * 4) + "m"
                    + heapNeeds;
        }
        // The others are not the heap's: a larger -Xmx leaves them as they were, or makes them worse.
        return "ran out of memory (" + what + "): " + notTheHeap(message);
    }

    private static String notTheHeap(String message) {
        if (message.contains("native thread")) {
            return "the system would not start another thread (a limit on processes or threads, such as ulimit -u"
                    + " or a container's pids limit, or the machine's memory outside the Java heap is used up)";
        }
        if (message.contains("Metaspace") || message.contains("Compressed class space")) {
            return "the JVM's space for classes is full (is -XX:MaxMetaspaceSize or -XX:CompressedClassSpaceSize"
                    + " set too small in JAVA_OPTS?)";
        }
        // JDK 17's words for a length past Java's limit: an array's, or a String's (a StringBuilder growing).
        if (message.contains("array size exceeds VM limit") || message.startsWith("Required array length")
                || message.startsWith("UTF16 String size") || message.contains("String length out of range")) {
            return "a value is too large for one Java array (about 2 GiB), whatever the heap; leave its column out"
                    + " (\"excludeColumns\") or read a part of it with a \"query\"";
        }
        // "Direct buffer memory" before JDK 17, "Cannot reserve N bytes of direct buffer memory (...)" from it.
        if (message.toLowerCase(java.util.Locale.ROOT).contains("direct buffer memory")) {
            return "memory for direct buffers, outside the Java heap, is used up (-XX:MaxDirectMemorySize in"
                    + " JAVA_OPTS)";
        }
        return "the JVM could not get the memory it asked for";
    }
}
