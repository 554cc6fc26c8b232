package dev.replicate.source.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * libpq's ways to reach a server through a Unix socket, which users paste from psql's settings: a host
 * that is a folder ({@code %2Fvar%2Frun%2Fpostgresql}), a {@code host=/folder} parameter, or no host at all
 * (libpq's default). pgjdbc connects over TCP only: it took the folder for a host name and failed with
 * "The connection attempt failed.", and a URL without a host was "not a URL" at all. Refused when the
 * configuration is checked, naming the socket and what to write instead. (A socket factory given as
 * pgjdbc's {@code socketFactory} parameters is no libpq form, and is left to the driver.)
 */
final class UnixSocket {
    private static final String INSTEAD = ": pgjdbc, replicate's PostgreSQL driver, connects over TCP only; give the"
            + " server's TCP address instead, such as postgres://user@127.0.0.1:5432/database (the server listens"
            + " there when listen_addresses includes it)";

    private UnixSocket() {
    }

    /** Why {@code conn} asks for a Unix socket, in words that repeat no credential; empty if it does not. */
    static Optional<String> problem(String conn) {
        String url = conn.startsWith("jdbc:") ? conn.substring("jdbc:".length()) : conn;
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            return Optional.empty();
        }
        String rest = url.substring(schemeEnd + 3);
        int question = rest.indexOf('?');
        String query = question < 0 ? "" : rest.substring(question + 1);
        rest = question < 0 ? rest : rest.substring(0, question);
        if (query.contains("@")) {
            return Optional.empty(); // user:pa?ss@host/db: a ? in the password, which ConnectionUrl refuses unrepeated
        }
        rest = rest.substring(rest.lastIndexOf('@') + 1);
        int slash = rest.indexOf('/');
        String hosts = decode(slash >= 0 ? rest.substring(0, slash) : rest);
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("host=") && decode(parameter.substring("host=".length())).startsWith("/")) {
                return Optional.of(named(decode(parameter.substring("host=".length()))));
            }
        }
        if (hosts.startsWith("/")) {
            int port = hosts.lastIndexOf(':');
            return Optional.of(named(port > 0 ? hosts.substring(0, port) : hosts));
        }
        if (hosts.isEmpty()) {
            return Optional.of("names no host, which libpq and psql take for the server's Unix socket" + INSTEAD);
        }
        return Optional.empty();
    }

    private static String named(String folder) {
        return "names a Unix socket (" + folder + ")" + INSTEAD;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
