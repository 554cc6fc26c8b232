package dev.replicate.cli.startup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Deletes the launcher's class-data archive when the JVM refused it because the jars or the JDK it was
 * made from changed, so that the next start records a new one.
 *
 * <p>Why here and not in the launcher: the launcher used to compare the archive's id (the names, sizes
 * and modification times of the jars and of the JDK's {@code lib/modules}, as {@code stat -c '%n %s %Y'}
 * printed them when the archive was made) with a fresh {@code stat} on every start, a fork and an exec
 * on each of cron's starts. The JVM checks the same sizes and times itself and maps no stale archive,
 * so the launcher now just names the archive and its id ({@code -Dreplicate.cds.id}); only a JVM that did
 * not share it compares the id, at exit. A refusal for any other reason (options in {@code JAVA_OPTS}
 * that the archive was not made with) leaves the archive: recording again would not help.
 */
public final class StaleArchive {
    static final String ID_PROPERTY = "replicate.cds.id";

    private StaleArchive() {
    }

    /**
     * At the end of {@code main}: nothing unless the launcher named an archive the JVM did not share. The
     * command has finished and printed what it had to: nothing here may change its exit status or print,
     * whatever the property or the files hold (a path the JVM's character set cannot encode, say).
     */
    public static void checkAtExit() {
        try {
            String id = System.getProperty(ID_PROPERTY);
            if (id == null || id.isEmpty() || System.getProperty("java.vm.info", "").contains("sharing")) {
                return;
            }
            Path idFile = Path.of(id);
            if (stale(idFile)) {
                String name = idFile.getFileName().toString();
                // The id first: a start in between records rather than maps.
                Files.deleteIfExists(idFile);
                Files.deleteIfExists(idFile.resolveSibling(name.substring(0, name.length() - ".id".length())));
            }
        } catch (IOException | RuntimeException e) {
            // Another user's archive, a read-only folder, an unreadable name: it stays refused, costing
            // start-up time only.
        }
    }

    /**
     * Whether a file the id names is gone or has another size or modification time. An id that cannot be
     * read says nothing: the archive stays.
     */
    static boolean stale(Path idFile) {
        if (idFile.getFileName() == null || !idFile.getFileName().toString().endsWith(".id")) {
            return false;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(idFile, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            // NAME SIZE MTIME; a name may hold spaces, so the numbers are taken from the right.
            int mtimeAt = line.lastIndexOf(' ');
            int sizeAt = mtimeAt <= 0 ? -1 : line.lastIndexOf(' ', mtimeAt - 1);
            if (sizeAt <= 0) {
                return true;
            }
            File file = new File(line.substring(0, sizeAt));
            try {
                long size = Long.parseLong(line.substring(sizeAt + 1, mtimeAt));
                long mtime = Long.parseLong(line.substring(mtimeAt + 1));
                if (!file.isFile() || file.length() != size || Math.floorDiv(file.lastModified(), 1000L) != mtime) {
                    return true;
                }
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }
}
