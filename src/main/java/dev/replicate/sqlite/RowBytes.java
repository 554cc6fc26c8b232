package dev.replicate.sqlite;

/**
 * About how many bytes of heap a row's values hold: a text's characters, a blob's bytes, a fixed
 * amount for anything else. A text is counted by its characters, not its bytes: Java holds one of
 * Latin-1 in a byte a character and any other in two, which no public method tells, so a text's
 * heap may be twice its count. Enough to tell a row of a few hundred bytes from one of megabytes, which
 * is what the places that hold rows in memory need: they bound what they hold by bytes as well as by
 * rows, so that a table whose rows are documents or images does not need a heap of hundreds of rows.
 */
public final class RowBytes {
    /** A value that is neither text nor blob (a boxed number, null), with its slot in the row. */
    private static final int OTHER = 16;

    private RowBytes() {
    }

    public static long of(Object[] values) {
        long bytes = (long) OTHER * values.length;
        for (Object value : values) {
            if (value instanceof String text) {
                bytes += text.length();
            } else if (value instanceof byte[] blob) {
                bytes += blob.length;
            }
        }
        return bytes;
    }
}
