package org.sqlite.core;

/**
 * A bridge to sqlite-jdbc's package-private native binding methods, for {@code
 * dev.replicate.sqlite.DirectUpsert}. It lives in sqlite-jdbc's package because that is the only
 * way to call those methods as plain method calls: a method-handle lookup cost an incremental run
 * some 30 ms of start-up (the JVM generates classes to link each handle), and reflection is slow on
 * the hot path. Both jars are on the application class path, so they share the package at run time.
 *
 * <p>Nothing here is sqlite-jdbc's public API: a version that renames these methods makes the
 * first call fail with a {@link LinkageError}, which {@code DirectUpsert.prepare} catches once, to
 * fall back to the JDBC layer. The methods are {@code synchronized} in sqlite-jdbc, as they are for
 * its own callers.
 */
public final class NativeBindings {
    private NativeBindings() {
    }

    public static int bindNull(NativeDB db, long statement, int index) {
        return db.bind_null(statement, index);
    }

    public static int bindLong(NativeDB db, long statement, int index, long value) {
        return db.bind_long(statement, index, value);
    }

    public static int bindDouble(NativeDB db, long statement, int index, double value) {
        return db.bind_double(statement, index, value);
    }

    /** Binds text given as UTF-8, as sqlite-jdbc's own {@code setString} does after encoding. */
    public static int bindText(NativeDB db, long statement, int index, byte[] utf8) {
        return db.bind_text_utf8(statement, index, utf8);
    }

    public static int bindBlob(NativeDB db, long statement, int index, byte[] value) {
        return db.bind_blob(statement, index, value);
    }
}
