package dev.replicate.source.jdbc;

import dev.replicate.source.SourceSettings;
import java.util.Optional;
import java.util.Properties;

/**
 * The driver properties that carry a connection's credentials. The driver gets them as properties,
 * read from the URL by {@link ConnectionUrl} as the masking read them, and a URL without them: a
 * driver that read the URL by its own rules could cut a password elsewhere and repeat the pieces in
 * its error.
 */
public final class Credentials {
    private Credentials() {
    }

    /**
     * Adds, each overriding the one before: the URL's user and password, the configured
     * {@code user} and {@code password}, then the configured {@code properties}.
     */
    public static void merge(Properties into, Optional<ConnectionUrl> url, SourceSettings settings) {
        url.ifPresent(u -> into.putAll(u.credentials()));
        settings.user().ifPresent(u -> into.setProperty("user", u));
        settings.password().ifPresent(p -> into.setProperty("password", p));
        into.putAll(settings.properties());
    }
}
