package dev.replicate.cli;

import dev.replicate.source.SourceConnector;
import dev.replicate.source.SourceRegistry;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.tinylog.Logger;

/**
 * Loads the classes every built-in connector names in {@link SourceConnector#archivedPackages}, when
 * the launcher is recording its class-data archive ({@code -Dreplicate.cds.recording=true}).
 *
 * <p>Why: the launcher records the archive during the first run after the jars change, and the JVM
 * archives only the classes that run loaded. If that run synced only PostgreSQL tables, or found
 * nothing due, every later MySQL sync read, parsed and verified some 400 Connector/J classes from the
 * jar on each start (measured: a 1,000-row MySQL run took 0.7 s instead of 0.5 s). Loading them here,
 * without initialising them, puts them in the archive whichever run recorded it.
 */
final class ArchivePreloader {
    static final String RECORDING_PROPERTY = "replicate.cds.recording";

    private ArchivePreloader() {
    }

    static boolean recording() {
        return Boolean.getBoolean(RECORDING_PROPERTY);
    }

    /** {@link #preload}, never failing: it only serves start-up time, so it must not change a run's outcome. */
    static void preloadQuietly(ClassLoader loader) {
        try {
            preload(loader);
        } catch (RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
            Logger.debug(e, "class-data archive: preloading the drivers failed");
        }
    }

    /** Loads the classes of every connector's archived packages; returns how many were loaded. */
    static int preload(ClassLoader loader) {
        int loaded = 0;
        SourceRegistry registry = SourceRegistry.discover(loader);
        for (String type : registry.types()) {
            SourceConnector connector = registry.find(type).orElseThrow();
            for (String folder : connector.archivedPackages()) {
                loaded += preloadPackage(loader, folder);
            }
        }
        return loaded;
    }

    static int preloadPackage(ClassLoader loader, String folder) {
        int loaded = 0;
        try {
            Enumeration<URL> locations = loader.getResources(folder);
            while (locations.hasMoreElements()) {
                URLConnection connection = locations.nextElement().openConnection();
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
            Logger.debug(e, "class-data archive: cannot list {}", folder);
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
