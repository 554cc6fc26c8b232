package dev.replicate.config;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret values of a configuration (passwords, tokens, the password part of URLs), and the one
 * place that masks them. Every message that leaves the process, whether to the terminal, a log file
 * or the SQLite file, goes through {@link #mask(String)}.
 */
public final class Secrets {
    private static final String MASK = "***";
    /** user:password@ in any URL, in case a driver echoes a URL we did not know about. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]*:)[^@\\s/]+@");
    /** password=... in JDBC URLs and property lists. */
    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)((?:password|passwd|pwd|secret|token)=)[^&;\\s,)]+");

    private final Set<String> values = new LinkedHashSet<>();

    public static Secrets none() {
        return new Secrets();
    }

    public void add(String secret) {
        // Very short values would mask innocent text everywhere; a one- or two-character password
        // is still masked in URLs and parameters by the patterns below.
        if (secret != null && secret.length() >= 3) {
            values.add(secret);
        }
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            masked = masked.replace(secret, MASK);
        }
        masked = URL_PASSWORD.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }
}
