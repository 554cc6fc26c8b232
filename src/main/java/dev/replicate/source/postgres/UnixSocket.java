package dev.replicate.source.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * libpq's ways to reach a server through a Unix socket, which users paste from psql's settings: a host
 * that is a folder ({@code %2Fvar%2Frun%2Fpostgresql}), a {@code host=/folder} parameter (in pgjdbc's own
 * {@code jdbc:postgresql:database?host=/folder} form too), or no host at all (libpq's default). pgjdbc
 * connects over TCP unless a socket factory is given: it took the folder for a host name and failed with
 * "The connection attempt failed.", and a URL without a host was "not a URL" at all. Refused when the
 * configuration is checked, naming the socket and what to write instead. A socket factory given as pgjdbc's
 * {@code socketFactory} parameter (junixsocket's reaches a socket) is no libpq form, and is left to the
 * driver. A {@code host=} parameter that names a TCP host, with none in the address part, is libpq's
 * spelling too, which pgjdbc does not read: the host belongs in the address part.
 */
final class UnixSocket {
    private static final String INSTEAD = ": pgjdbc, replicate's PostgreSQL driver, connects over TCP unless a"
            + " socketFactory such as junixsocket is given; give the server's TCP address instead, such as"
            + " postgres://user@127.0.0.1:5432/database (the server listens there when listen_addresses includes it)";

    private UnixSocket() {
    }

    /** Why {@code conn} asks for a Unix socket, in words that repeat no credential; empty if it does not. */
    static Optional<String> problem(String conn) {
        String url = conn.startsWith("jdbc:") ? conn.substring("jdbc:".length()) : conn;
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            // pgjdbc's own forms without an address part (jdbc:postgresql:database?...): the parameters alone.
            int question = url.indexOf('?');
            String query = question < 0 ? "" : url.substring(question + 1);
            return socketFactory(query) ? Optional.empty() : hostParameter(query).filter(host -> host.startsWith("/"))
                    .map(UnixSocket::named);
        }
        String rest = url.substring(schemeEnd + 3);
        int question = rest.indexOf('?');
        String query = question < 0 ? "" : rest.substring(question + 1);
        rest = question < 0 ? rest : rest.substring(0, question);
        if (query.contains("@")) {
            return Optional.empty(); // user:pa?ss@host/db: a ? in the password, which ConnectionUrl refuses unrepeated
        }
        if (socketFactory(query)) {
            return Optional.empty();
        }
        rest = rest.substring(rest.lastIndexOf('@') + 1);
        int slash = rest.indexOf('/');
        String hosts = decode(slash >= 0 ? rest.substring(0, slash) : rest);
        Optional<String> hostParameter = hostParameter(query);
        if (hostParameter.filter(host -> host.startsWith("/")).isPresent()) {
            return hostParameter.map(UnixSocket::named);
        }
        if (hosts.startsWith("/")) {
            int port = hosts.lastIndexOf(':');
            return Optional.of(named(port > 0 ? hosts.substring(0, port) : hosts));
        }
        if (hosts.isEmpty() && hostParameter.isPresent()) {
            String port = parameter(query, "port").orElse(String.valueOf(PostgresConnector.DEFAULT_PORT));
            return Optional.of("names no host in its address part, and its host= parameter (" + hostParameter.get()
                    + ") is libpq's way to name one, which pgjdbc, replicate's PostgreSQL driver, does not read: write"
                    + " the host in the address part, such as postgres://user@" + hostParameter.get() + ":" + port
                    + "/database");
        }
        if (hosts.isEmpty()) {
            return Optional.of("names no host, which libpq and psql take for the server's Unix socket" + INSTEAD);
        }
        return Optional.empty();
    }

    private static boolean socketFactory(String query) {
        return parameter(query, "socketFactory").isPresent();
    }

    private static Optional<String> hostParameter(String query) {
        return parameter(query, "host");
    }

    /** The first {@code name=} parameter of {@code query}, decoded. */
    private static Optional<String> parameter(String query, String name) {
        for (String parameter : query.split("&")) {
            if (parameter.startsWith(name + "=")) {
                return Optional.of(decode(parameter.substring(name.length() + 1)));
            }
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
