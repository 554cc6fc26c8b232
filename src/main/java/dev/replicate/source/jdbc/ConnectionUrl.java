package dev.replicate.source.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A database URL of the form {@code scheme://[user[:password]@]hosts[/database][?query]}, as users
 * write them for PostgreSQL and MySQL. Hand-parsed rather than with {@link java.net.URI} because
 * database URLs allow what URIs do not: several comma-separated hosts, and unencoded characters in
 * passwords (the last {@code @} before the path ends the credentials).
 */
public record ConnectionUrl(
        String scheme,
        Optional<String> user,
        Optional<String> password,
        String hosts,
        Optional<String> database,
        String query) {

    public static Optional<ConnectionUrl> parse(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            return Optional.empty();
        }
        String scheme = url.substring(0, schemeEnd);
        String rest = url.substring(schemeEnd + 3);
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question);
            rest = rest.substring(0, question);
        }
        int at = rest.lastIndexOf('@');
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = Optional.of(decode(userInfo.substring(0, colon)));
                password = Optional.of(decode(userInfo.substring(colon + 1)));
            } else {
                user = Optional.of(decode(userInfo));
            }
        }
        int slash = rest.indexOf('/');
        String hosts = slash >= 0 ? rest.substring(0, slash) : rest;
        Optional<String> database = slash >= 0 && slash < rest.length() - 1
                ? Optional.of(decode(rest.substring(slash + 1))) : Optional.empty();
        if (hosts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ConnectionUrl(scheme, user.filter(u -> !u.isEmpty()), password, hosts, database, query));
    }

    /** The hosts with the default port added where none is given, for a stable identity. */
    public String hostsWithPort(int defaultPort) {
        StringBuilder result = new StringBuilder();
        for (String host : hosts.split(",")) {
            if (result.length() > 0) {
                result.append(',');
            }
            boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
            result.append(hasPort ? host : host + ":" + defaultPort);
        }
        return result.toString();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
