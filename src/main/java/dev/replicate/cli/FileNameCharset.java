package dev.replicate.cli;

/**
 * The message for a file name that Java cannot turn into bytes for the operating system. Java spells
 * file names in the locale's character set (sun.jnu.encoding, from LC_ALL, LC_CTYPE or LANG), and
 * in the POSIX locale, cron's, that is ASCII: a path such as /srv/données/replica.db, fine from the
 * user's shell, cannot be opened there. bin/replicate runs Java with C.UTF-8 in that locale; this
 * is for a JVM started otherwise, or a system without C.UTF-8.
 */
final class FileNameCharset {
    private FileNameCharset() {
    }

    static String unspellable(String setting, String path) {
        return setting + " names the file " + path + ", which the locale's character set, "
                + System.getProperty("sun.jnu.encoding", "unknown") + ", cannot spell"
                + " (Java takes it from LC_ALL, LC_CTYPE or LANG, and cron sets none);"
                + " run replicate with a UTF-8 locale, such as LC_ALL=C.UTF-8, or name a file in ASCII";
    }
}
