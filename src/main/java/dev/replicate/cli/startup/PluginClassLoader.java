package dev.replicate.cli.startup;

import dev.replicate.cli.Environment;
import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.ReplicateException;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class loader that plugged-in connectors come from: the entries of {@code REPLICATE_CLASSPATH}
 * (jars, folders, or {@code folder/*} for every jar in it) and every jar in {@code lib/ext} under
 * {@code REPLICATE_HOME} (the launcher sets it to its own folder's parent).
 */
public final class PluginClassLoader {
    static final String CLASSPATH_VARIABLE = "REPLICATE_CLASSPATH";
    static final String HOME_VARIABLE = "REPLICATE_HOME";

    private PluginClassLoader() {
    }

    public static ClassLoader create(Environment environment) {
        List<URL> urls = new ArrayList<>();
        environment.get(CLASSPATH_VARIABLE).ifPresent(classpath -> {
            for (String entry : classpath.split(File.pathSeparator)) {
                if (entry.endsWith("/*") || entry.equals("*")) {
                    addJarsIn(environment.resolve(entry.substring(0, entry.length() - 1)), urls);
                } else if (!entry.isBlank()) {
                    add(environment.resolve(entry), urls);
                }
            }
        });
        environment.get(HOME_VARIABLE).ifPresent(home -> addJarsIn(Path.of(home, "lib", "ext"), urls));
        ClassLoader parent = PluginClassLoader.class.getClassLoader();
        return urls.isEmpty() ? parent : new URLClassLoader(urls.toArray(URL[]::new), parent);
    }

    private static void addJarsIn(Path folder, List<URL> urls) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> add(f, urls));
        } catch (IOException e) {
            throw new ReplicateException(ExitStatus.USAGE, "cannot list " + folder + ": " + e.getMessage());
        }
    }

    private static void add(Path path, List<URL> urls) {
        try {
            urls.add(path.toUri().toURL());
        } catch (MalformedURLException e) {
            throw new ReplicateException(ExitStatus.USAGE, "bad " + CLASSPATH_VARIABLE + " entry " + path);
        }
    }
}
