package dev.replicate.source.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * libpq's ways to reach a server through a Unix socket, which users paste from psql's settings: a host
 * that is a folder ({@code %2Fvar%2Frun%2Fpostgresql}), a {@code host=/folder} parameter (in pgjdbc's own
 * {@code jdbc:postgresql:database?host=/folder} form too), or no host at all (libpq's default). pgjdbc
 * connects over TCP unless a socket factory is given: it took the folder for a host name and failed with
 * "The connection attempt failed.", and a URL without a host was "not a URL" at all. Refused when the
 * configuration is checked, naming the socket and what to write instead. A socket factory given as pgjdbc's
 * {@code socketFactory} parameter (junixsocket's reaches a socket) is no libpq form, and is left to the
 * driver, and so is one among the source's properties. pgjdbc reads {@code host}, {@code port} and
 * {@code dbname} URL arguments in any case, over the address part, so a {@code jdbc:} URL whose {@code host=}
 * names a TCP host is the driver's when the address part names one too; with none there (in any form), the
 * source could not be named by its server (its identity), so a {@code host=} naming a TCP host is refused
 * saying to write it in the address part.
 */
final class UnixSocket {
    private static final String INSTEAD = ": pgjdbc, replicate's PostgreSQL driver, connects over TCP unless a"
            + " socketFactory such as junixsocket is given; give the server's TCP address instead, such as"
            + " postgres://user@127.0.0.1:5432/database (the server listens there when listen_addresses includes it)";

    private UnixSocket() {
    }

    /** Why {@code conn} asks for a Unix socket, in words that repeat no credential; empty if it does not. */
    static Optional<String> problem(String conn, Map<String, String> properties) {
        if (properties.containsKey("socketFactory")) {
            return Optional.empty();
        }
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
        if (hostParameter.isPresent() && conn.startsWith("jdbc:") && !hosts.isEmpty()) {
            return Optional.empty(); // pgjdbc's own reading: its host= wins over the address part
        }
        if (hosts.startsWith("/")) {
            int port = hosts.lastIndexOf(':');
            return Optional.of(named(port > 0 ? hosts.substring(0, port) : hosts));
        }
        if (hosts.isEmpty() && hostParameter.isPresent()) {
            String host = hostParameter.get();
            String port = parameter(query, "port").orElse(String.valueOf(PostgresConnector.DEFAULT_PORT));
            return Optional.of("names no host in its address part, and replicate names the source by the host of its"
                    + " address part (a change of server must be seen), not by a host= parameter (" + host + "): write it"
                    + " there, such as postgres://user@"
                    + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/database");
        }
        if (hosts.isEmpty()) {
            return Optional.of("names no host, which libpq and psql take for the server's Unix socket" + INSTEAD);
        }
        return Optional.empty();
    }

    /** Case-sensitive, as pgjdbc reads it. */
    private static boolean socketFactory(String query) {
        return parameter(query, "socketFactory", false).isPresent();
    }

    private static Optional<String> hostParameter(String query) {
        return parameter(query, "host");
    }

    /** pgjdbc reads host and port in any case (HOST=, Host=). */
    private static Optional<String> parameter(String query, String name) {
        return parameter(query, name, true);
    }

    /** The first {@code name=} parameter of {@code query}, decoded. */
    private static Optional<String> parameter(String query, String name, boolean anyCase) {
        for (String parameter : query.split("&")) {
            if (parameter.regionMatches(anyCase, 0, name + "=", 0, name.length() + 1)) {
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
