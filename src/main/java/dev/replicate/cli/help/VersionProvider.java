package dev.replicate.cli.help;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version, written in one place (pom.xml) and copied by Maven's resource filtering into
 * {@code version.properties}, so that it is right in the jar, in tests and in the generated man pages;
 * with it the commit the jar was built from and when (issue #16: a bug report from an installed copy
 * must say which build it is, as there is no source tree beside it to ask).
 */
public final class VersionProvider implements IVersionProvider {
    private static final String UNKNOWN = "unknown";

    @Override
    public String[] getVersion() {
        Properties properties = properties();
        return new String[] {"replicate " + version(properties),
            "commit " + value(properties, "commit") + ", built " + value(properties, "built"),
            "Java " + System.getProperty("java.version")};
    }

    /** The version alone ("0.1.0"): the man pages' header carries it, and it must not change per build. */
    public static String version() {
        return version(properties());
    }

    private static String version(Properties properties) {
        String version = properties.getProperty("version");
        return version == null || unfiltered(version) ? "development build" : version;
    }

    /** A property, or "unknown" when it is missing or the file was not filtered (a build outside Maven). */
    private static String value(Properties properties, String name) {
        String value = properties.getProperty(name, "");
        return value.isBlank() || unfiltered(value) ? UNKNOWN : value;
    }

    private static boolean unfiltered(String value) {
        return value.contains("${");
    }

    private static Properties properties() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/replicate/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
