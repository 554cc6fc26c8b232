package dev.replicate.sqlite;

import java.nio.charset.StandardCharsets;

/**
 * A row's text values as the UTF-8 bytes SQLite is given for them, made before the row reaches the
 * writer, on the thread that reads the source. Added for throughput (issue #17): the thread that writes
 * into SQLite is a first sync's critical path (~2.7 s of CPU for 1M rows against ~1.0 s for the reading
 * thread, BENCHMARKS.md), and encoding each text value there (String.getBytes, an allocation and a copy
 * per value) was part of it. The bytes are exactly those {@link DirectUpsert#bindText} makes itself
 * for a row handed over without them; {@link PageWriter#add(Object[], byte[][], String)} takes either.
 */
public final class TextBytes {
    private TextBytes() {
    }

    /**
     * The UTF-8 bytes of each String in {@code values}, by column (null for the other values), or null
     * when the row has no String.
     */
    public static byte[][] of(Object[] values) {
        byte[][] bytes = null;
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof String s) {
                if (bytes == null) {
                    bytes = new byte[values.length][];
                }
                bytes[i] = s.getBytes(StandardCharsets.UTF_8);
            }
        }
        return bytes;
    }
}
