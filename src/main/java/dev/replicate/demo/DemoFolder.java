package dev.replicate.demo;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The folder the demo leaves its files in. A marker file says the demo made it, so that a second demo
 * may replace the first one's files, while a folder holding someone else's demo.db is never touched.
 */
final class DemoFolder {
    static final String MARKER = ".replicate-demo";
    static final String DATABASE = "demo.db";
    static final String CONFIG = "replicate.json";

    private final Path directory;

    private DemoFolder(Path directory) {
        this.directory = directory;
    }

    /**
     * Makes the folder ready: created if missing, the previous demo's files removed.
     *
     * @throws DemoException when the folder holds a demo.db or replicate.json that the demo did not write
     */
    static DemoFolder prepare(Path directory) throws IOException, DemoException {
        try {
            Files.createDirectories(directory);
        } catch (FileSystemException e) {
            // FileAlreadyExistsException's message is the path alone, which reads as no reason at
            // all, and "c1.json/demo: Not a directory" leaves the user to find which one: name the file.
            for (Path at = directory; at != null; at = at.getParent()) {
                if (Files.exists(at) && !Files.isDirectory(at)) {
                    throw new IOException(at.equals(directory) ? "it is a file, not a folder"
                            : at + " is a file, not a folder", e);
                }
            }
            // AccessDeniedException's message is the path alone too; the default folder is in the
            // working folder, which under cron or sudo is often one the user cannot write.
            if (e instanceof AccessDeniedException) {
                throw new IOException("permission denied; choose a folder you can write with --dir", e);
            }
            // A read-only file system (a container run with --read-only), a full disk: the message is
            // "path: reason", after a caller that names the path already; the reason and the way out.
            if (e.getReason() != null && !e.getReason().isEmpty()) {
                String reason = e.getReason();
                throw new IOException(Character.toLowerCase(reason.charAt(0)) + reason.substring(1)
                        + "; " + wayOut(reason), e);
            }
            throw e;
        }
        boolean ours = Files.exists(directory.resolve(MARKER));
        for (String name : List.of(DATABASE, CONFIG)) {
            if (!ours && Files.exists(directory.resolve(name))) {
                throw new DemoException(DemoException.Kind.USAGE, directory.resolve(name)
                        + " was not made by the demo; leaving it alone. Choose another folder with --dir");
            }
        }
        DemoFolder folder = new DemoFolder(directory);
        for (Path file : List.of(folder.database(), folder.config(), sibling(folder.database(), "-wal"),
                sibling(folder.database(), "-shm"), sibling(folder.database(), ".lock"))) {
            try {
                Files.deleteIfExists(file);
            } catch (AccessDeniedException e) {
                throw denied(file, e);
            }
        }
        Path marker = directory.resolve(MARKER);
        try {
            Files.writeString(marker, "Made by `replicate demo`; a later demo may replace demo.db and replicate.json here.\n");
        } catch (AccessDeniedException e) {
            throw denied(marker, e);
        }
        return folder;
    }

    /**
     * What to do about a folder the operating system would not make, by its reason (strerror's words):
     * on a full disk, "choose a folder you can write" sent the user looking for a permission to change.
     */
    private static String wayOut(String reason) {
        return switch (reason.toLowerCase(Locale.ROOT)) {
            case "read-only file system" -> "choose a folder you can write with --dir";
            case "no space left on device", "disk quota exceeded" ->
                    "free some space there, or choose a folder on another file system with --dir";
            default -> "choose another folder with --dir";
        };
    }

    /** A previous demo's file another user's run left (`sudo replicate demo`): named, with the reason. */
    private static IOException denied(Path file, AccessDeniedException e) {
        return new IOException(file + ": permission denied; choose a folder you can write with --dir", e);
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    Path directory() {
        return directory;
    }

    Path database() {
        return directory.resolve(DATABASE);
    }

    Path config() {
        return directory.resolve(CONFIG);
    }
}
