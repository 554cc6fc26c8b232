package dev.replicate.cli.startup;

import dev.replicate.log.Log;
import dev.replicate.source.SourceConnector;
import dev.replicate.source.SourceRegistry;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the classes of the packages every built-in connector lists in its {@link #ARCHIVED_PACKAGES}
 * resource, and the engine's own ({@link #ENGINE_PACKAGES}), when the launcher is recording its class-data archive
 * ({@code -Dreplicate.cds.recording=true}).
 *
 * <p>Why: the launcher records the archive during the first run after the jars change that brought a
 * table synced before up to date ({@link #markWorthKeeping}), and the JVM archives only the classes that run loaded. If that
 * run synced only PostgreSQL tables, every later MySQL sync read, parsed and verified some 400
 * Connector/J classes from the jar on each start (measured: a 1,000-row MySQL run took 0.7 s instead
 * of 0.5 s). Loading them here, without initialising them, puts them in the archive whichever run
 * recorded it.
 */
public final class ArchivePreloader {
    static final String RECORDING_PROPERTY = "replicate.cds.recording";
    /**
     * The file the launcher checks after a recording start: it builds the archive only if this start
     * created it. See {@link #markWorthKeeping}.
     */
    static final String KEEP_PROPERTY = "replicate.cds.keep";

    private static volatile boolean worthKeeping;

    private ArchivePreloader() {
    }

    /**
     * The engine's own packages: a first sync (the run that usually records) leaves out what only an
     * incremental run uses, and a run that synced one kind of source leaves out the other's. picocli and
     * the commands: a plain run is read without picocli (QuickRun), and its archive also serves
     * {@code run --help} and a run of named targets, which picocli reads.
     */
    static final List<String> ENGINE_PACKAGES = List.of("dev/replicate/source/", "dev/replicate/source/jdbc/",
            "dev/replicate/sqlite/", "dev/replicate/sync/", "dev/replicate/cli/command/", "picocli/");

    static boolean recording() {
        return Boolean.getBoolean(RECORDING_PROPERTY);
    }

    /**
     * Says that this process ran the command's real work (a `run` that brought a table synced before up to
     * date, a `status` that read the state), so the classes it loaded are worth archiving. Without it the launcher
     * drops the recording: `run --help` or a run that failed on its configuration loads a fraction of
     * a sync's classes (a thousand of them then came from the jars on every start, until the next
     * upgrade), and the next start records again instead.
     */
    public static void markWorthKeeping() {
        worthKeeping = true;
    }

    /** Whether this process was marked; for tests, which share one JVM between many commands. */
    static boolean worthKeeping() {
        return worthKeeping;
    }

    /** Clears the mark, so that a test sees whether the command under test sets it. */
    static void forgetWorthKeeping() {
        worthKeeping = false;
    }

    /**
     * At the end of {@code main}, before the JVM exits: for a recording start worth keeping, preloads
     * the drivers (when asked to) and creates the launcher's keep file. Nothing for any other start,
     * so a recording that is thrown away costs no preloading. Never fails the command.
     */
    public static void commandFinished(ClassLoader loader) {
        if (!worthKeeping) {
            return;
        }
        if (recording()) {
            preloadQuietly(loader);
        }
        String keep = System.getProperty(KEEP_PROPERTY, "");
        if (!keep.isEmpty()) {
            try {
                Files.write(Path.of(keep), new byte[0]);
            } catch (IOException | RuntimeException e) {
                Log.debug(e, "class-data archive: cannot create {}", keep);
            }
        }
    }

    /** {@link #preload}, never failing: it only serves start-up time, so it must not change a run's outcome. */
    static void preloadQuietly(ClassLoader loader) {
        try {
            preload(loader);
        } catch (RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
            Log.debug(e, "class-data archive: preloading the drivers failed");
        }
    }

    /** Loads the classes of the engine's and every connector's archived packages; returns how many were loaded. */
    static int preload(ClassLoader loader) {
        int loaded = 0;
        for (String folder : ENGINE_PACKAGES) {
            loaded += preloadPackage(loader, folder);
        }
        SourceRegistry registry = SourceRegistry.discover(loader);
        for (String type : registry.types()) {
            SourceConnector connector = registry.find(type).orElseThrow();
            for (String folder : archivedPackages(connector)) {
                loaded += preloadPackage(loader, folder);
            }
        }
        return loaded;
    }

    /**
     * The resource beside a connector's class that lists, one a line ({@code #} starts a comment), the
     * packages (resource paths such as {@code org/postgresql/core/}; classes directly in them) the
     * archive should hold for it. A file rather than a method of the connector: it serves start-up time
     * only, and stays out of the interface a source implements.
     */
    static final String ARCHIVED_PACKAGES = "archived-packages";

    /** The packages a connector lists in its {@link #ARCHIVED_PACKAGES} resource; none when it has none. */
    static List<String> archivedPackages(SourceConnector connector) {
        try (java.io.InputStream in = connector.getClass().getResourceAsStream(ARCHIVED_PACKAGES)) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            Log.debug(e, "class-data archive: cannot read the packages of {}", connector.type());
            return List.of();
        }
    }

    static int preloadPackage(ClassLoader loader, String folder) {
        int loaded = 0;
        try {
            Enumeration<URL> locations = loader.getResources(folder);
            while (locations.hasMoreElements()) {
                URL location = locations.nextElement();
                if ("file".equals(location.getProtocol())) {
                    loaded += preloadFolder(loader, folder, location);
                    continue;
                }
                URLConnection connection = location.openConnection();
                if (!(connection instanceof JarURLConnection jar)) {
                    continue;
                }
                connection.setUseCaches(false);
                try (JarFile file = jar.getJarFile()) {
                    for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                        String name = entries.nextElement().getName();
                        if (directlyIn(folder, name) && load(loader, name)) {
                            loaded++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            Log.debug(e, "class-data archive: cannot list {}", folder);
        }
        return loaded;
    }

    /** The same for classes in a folder (the build's target/classes, as tests and plugins may use). */
    private static int preloadFolder(ClassLoader loader, String folder, URL location) {
        int loaded = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(location.toURI()), "*.class")) {
            for (Path file : files) {
                if (directlyIn(folder, folder + file.getFileName()) && load(loader, folder + file.getFileName())) {
                    loaded++;
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            Log.debug(e, "class-data archive: cannot list {}", location);
        }
        return loaded;
    }

    private static boolean directlyIn(String folder, String entry) {
        return entry.startsWith(folder) && entry.endsWith(".class") && entry.indexOf('/', folder.length()) < 0
                && !entry.endsWith("package-info.class");
    }

    private static boolean load(ClassLoader loader, String entry) {
        String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            // optional dependencies of the driver (Kerberos, OpenTelemetry, ...) that are not here
            return false;
        }
    }
}
