package dev.replicate.sqlite;

import org.sqlite.NativeLibraryNotFoundException;

/**
 * SQLite's native library, which sqlite-jdbc unpacks from its jar into a folder and loads from there:
 * org.sqlite.lib.path when bin/replicate unpacked it beforehand into its start-up folder, else
 * org.sqlite.tmpdir, else java.io.tmpdir (/tmp). A hardened server mounts /tmp noexec, where a library
 * cannot be mapped; the driver then says only "Error opening connection", which read as the SQLite
 * file's fault.
 */
final class NativeLibrary {
    private NativeLibrary() {
    }

    static boolean notLoaded(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof NativeLibraryNotFoundException || cause instanceof UnsatisfiedLinkError) {
                return true;
            }
        }
        return false;
    }

    static String explain() {
        String folder = System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"));
        return "SQLite's native library could not be loaded from " + folder + ", where the SQLite driver unpacks it"
                + " (a folder mounted noexec, as a hardened /tmp is, cannot run it; one that is missing or full cannot"
                + " take it); give it a folder that can, e.g. JAVA_OPTS=-Dorg.sqlite.tmpdir=/var/tmp/replicate"
                + " (bin/replicate unpacks it into its start-up folder instead when unzip is installed)";
    }
}
