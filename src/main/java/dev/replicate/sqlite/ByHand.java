package dev.replicate.sqlite;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The {@code sqlite3} command line that mends something replicate will not do itself (drop a table it
 * did not make, a state table of the wrong shape), written so that it can be pasted into a shell as it is.
 */
final class ByHand {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private ByHand() {
    }

    /** {@code sqlite3 FILE 'SQL'}, each part quoted for a POSIX shell where it needs it. */
    static String sqlite3(Path file, String sql) {
        return "sqlite3 " + shellWord(file.toString()) + " " + singleQuoted(sql);
    }

    private static String shellWord(String text) {
        return PLAIN.matcher(text).matches() ? text : singleQuoted(text);
    }

    private static String singleQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
