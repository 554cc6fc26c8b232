package dev.replicate.source.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database URL of the form {@code scheme://[user[:password]@]hosts[/database][?query]}, as users
 * write them for PostgreSQL and MySQL. Hand-parsed rather than with {@link java.net.URI} because
 * database URLs allow what URIs do not: several comma-separated hosts, and unencoded characters in
 * passwords.
 *
 * <p>This is the one reading of a URL's credentials: the connectors hand the drivers what it finds
 * as properties and a URL without them ({@link #withoutCredentials()}), and the configuration masks
 * exactly what it finds ({@link #secrets()}). A driver that read the URL by rules of its own could
 * cut a password elsewhere, connect with the wrong one and echo the pieces.
 *
 * <p>The rule, as the README gives it: the query starts at the first {@code ?}, and the credentials
 * end at the last {@code @} before it. So {@code @}, {@code /} and {@code :} may stand unencoded in a
 * password; {@code ?} and {@code %} must be written {@code %3F} and {@code %25} (and an {@code @} in a
 * database name {@code %40}). In {@code ?password=} values, {@code &}, {@code %} and {@code +} must be
 * encoded, as in any query. A {@code ?} left in a password is caught where it can be (a host or query
 * that cannot be one), and the URL is refused rather than guessed at.
 */
public record ConnectionUrl(
        String scheme,
        Optional<String> user,
        Optional<String> password,
        String hosts,
        Optional<String> database,
        String query,
        Optional<String> writtenPassword,
        String address) {

    /** Names of properties and query parameters whose values are secrets. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|pwd|secret|token|credential).*");
    /** What a driver's parameter names are made of. */
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    /** name=value inside Connector/J's key-value host forms, such as address=(host=h)(password=p). */
    private static final Pattern HOST_PROPERTY = Pattern.compile("([A-Za-z]+)=([^,()]*)");

    /** Whether a property or query parameter of this name holds a secret. */
    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** A conn as configured: {@code scheme://...} or {@code jdbc:scheme://...}, whose scheme then lacks "jdbc:". */
    public static Optional<ConnectionUrl> parseConn(String conn) {
        return parse(conn.startsWith("jdbc:") ? conn.substring("jdbc:".length()) : conn);
    }

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
            if (firstParameterName(query).matches(".*[@/].*")) {
                return Optional.empty(); // user:pa?ss@host/db: a ? in the password
            }
        }
        int at = rest.lastIndexOf('@');
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        Optional<String> written = Optional.empty();
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = Optional.of(decode(userInfo.substring(0, colon)));
                written = Optional.of(userInfo.substring(colon + 1));
                password = Optional.of(decode(written.get()));
            } else {
                user = Optional.of(decode(userInfo));
            }
        }
        int slash = rest.indexOf('/');
        String hosts = slash >= 0 ? rest.substring(0, slash) : rest;
        Optional<String> database = slash >= 0 && slash < rest.length() - 1
                ? Optional.of(decode(rest.substring(slash + 1))) : Optional.empty();
        if (hosts.isEmpty() || hostFault(hosts, false).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new ConnectionUrl(scheme, user.filter(u -> !u.isEmpty()), password, hosts, database, query,
                written, rest));
    }

    /**
     * Why a URL that {@link #parseConn} may read cannot be meant as written, in words that repeat
     * nothing of it (what stands in the wrong place may be a piece of the password); empty when
     * nothing is known to be wrong. The connectors' checks still apply after this one.
     */
    public static Optional<String> fault(String conn) {
        String url = conn.startsWith("jdbc:") ? conn.substring("jdbc:".length()) : conn;
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            return Optional.empty(); // jdbc:postgresql:db and the like: the driver's own forms
        }
        String rest = url.substring(schemeEnd + 3);
        int question = rest.indexOf('?');
        String query = question < 0 ? "" : rest.substring(question);
        rest = question < 0 ? rest : rest.substring(0, question);
        rest = rest.substring(rest.lastIndexOf('@') + 1);
        int slash = rest.indexOf('/');
        return hostFault(slash >= 0 ? rest.substring(0, slash) : rest, !query.isEmpty()).or(() -> queryFault(query));
    }

    /**
     * Why hosts cannot be meant as written: a bracket not closed or not opened, text after an IPv6
     * address's ], a port that is not a number from 1 to 65535. Neither the host nor the port is
     * repeated: {@code user:pa?ss@h/db} cut at its ? leaves the password's start as "host:port".
     * Connector/J's key-value forms ({@code (host=h,port=p)}) are the driver's to check.
     */
    private static Optional<String> hostFault(String hosts, boolean hasQuery) {
        if (hosts.contains("=")) {
            return Optional.empty();
        }
        String[] list = hosts.split(",", -1);
        for (int i = 0; i < list.length; i++) {
            String host = list[i];
            String which = list.length > 1 ? " in host " + (i + 1) : "";
            String port = null;
            if (host.startsWith("[")) {
                int close = host.indexOf(']');
                if (close < 0) {
                    return Optional.of("has a [ without its ]" + which + " (an IPv6 address is written [::1]:3306)");
                }
                String after = host.substring(close + 1);
                if (!after.isEmpty() && !after.startsWith(":")) {
                    return Optional.of("has text after the ] of an IPv6 address" + which + " where only :port may stand");
                }
                port = after.isEmpty() ? null : after.substring(1);
            } else if (host.contains("[") || host.contains("]")) {
                return Optional.of("has a " + (host.contains("]") ? "] without its [" : "[ that does not start the host")
                        + which + " (an IPv6 address is written [::1]:3306)");
            } else if (host.indexOf(':') >= 0) {
                port = host.substring(host.indexOf(':') + 1);
            }
            if (port != null) {
                String range = ": a port is a number from 1 to 65535";
                if (!port.matches("[0-9]+")) {
                    return Optional.of("has a port that is not a number" + which + range
                            + (hasQuery ? " (a ? in a password is written %3F)" : ""));
                }
                if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                    return Optional.of("has a port out of range" + which + range);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A parameter after a secret one whose name no driver has (Yy7u+Ee8r, "a b", x;y) is the rest of
     * the secret, cut at an unencoded {@code &}: refused, since a driver given it fails and repeats it,
     * and a guess at the password would connect with a wrong one. A name that may be a parameter's
     * ({@code &socketFactory=x}) is let through, masked (see {@link #careless}).
     */
    private static Optional<String> queryFault(String query) {
        String secretName = null;
        for (String[] parameter : rawParameters(query)) {
            String name = decodeParameter(parameter[0]);
            if (secretName != null && !PARAMETER_NAME.matcher(parameter[0]).matches()) {
                return Optional.of("the value of " + secretName + "= holds an unencoded & (what follows it is not a"
                        + " parameter name); in a ?" + secretName + "= value write & as %26, + as %2B and % as %25");
            }
            if (secretName == null && isSecretName(name) && PARAMETER_NAME.matcher(parameter[0]).matches()) {
                secretName = name;
            }
        }
        return Optional.empty();
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

    /** The query's parameters, decoded as both drivers decode them ({@code +} is a space), in order. */
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String[] parameter : rawParameters(query)) {
            parameters.put(decodeParameter(parameter[0]), decodeParameter(parameter[1]));
        }
        return parameters;
    }

    /**
     * The value of the query's parameter {@code name}, the first that names it: by its exact name, or
     * regardless of case for a driver that reads names so (Connector/J).
     */
    public Optional<String> parameter(String name, boolean ignoringCase) {
        return parameters().entrySet().stream()
                .filter(e -> ignoringCase ? e.getKey().equalsIgnoreCase(name) : e.getKey().equals(name))
                .map(Map.Entry::getValue).findFirst();
    }

    /**
     * The user, password and every other secret parameter, for the driver's properties. A query's
     * {@code user=} and {@code password=} win over {@code user:password@}, as they do in both drivers.
     */
    public Properties credentials() {
        Properties credentials = new Properties();
        user.ifPresent(u -> credentials.setProperty("user", u));
        password.ifPresent(p -> credentials.setProperty("password", p));
        parameters().forEach((name, value) -> {
            if (isCredential(name)) {
                credentials.setProperty(name, value);
            }
        });
        return credentials;
    }

    /**
     * The URL without user, password or secret parameters: what a driver may be given, since drivers
     * repeat their URL in errors and logs.
     */
    public String withoutCredentials() {
        StringBuilder kept = new StringBuilder();
        for (String[] parameter : rawParameters(query)) {
            if (!isCredential(decodeParameter(parameter[0]))) {
                kept.append(kept.length() == 0 ? '?' : '&').append(parameter[0]);
                if (parameter[1] != null) {
                    kept.append('=').append(parameter[1]);
                }
            }
        }
        return scheme + "://" + address + kept;
    }

    /** Every secret this URL holds, each as written and as decoded. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        writtenPassword.ifPresent(secrets::add);
        password.ifPresent(secrets::add);
        // Segments as written, empty ones too, so that a run after a secret is the URL's own text.
        List<String> segments = query.length() <= 1 ? List.of() : List.of(query.substring(1).split("&", -1));
        for (int i = 0; i < segments.size(); i++) {
            String[] parameter = parameter(segments.get(i));
            if (isSecretName(decodeParameter(parameter[0])) && parameter[1] != null) {
                secrets.add(parameter[1]);
                secrets.add(decodeParameter(parameter[1]));
                secrets.addAll(careless(parameter[1], segments.subList(i + 1, segments.size())));
            }
        }
        Matcher hostProperty = HOST_PROPERTY.matcher(hosts);
        while (hostProperty.find()) {
            if (isSecretName(hostProperty.group(1))) {
                secrets.add(hostProperty.group(2));
            }
        }
        return secrets;
    }

    /**
     * What may still be a secret parameter's value when its {@code &} was not written {@code %26}:
     * {@code password=Kq7w&Yy7u+Ee8r=Tt9i} reads as password {@code Kq7w} and a parameter
     * {@code Yy7u+Ee8r}, which a driver is then given and repeats ("cannot parse ... near '+Ee8r=Tt9i'",
     * "Failed loading the class 'Tt9i'"). Whether the user meant a parameter or a password cannot be
     * told from the URL ({@code &socketFactory=x} may be either), so the safe reading for masking is
     * both: the value with everything after it, as written and decoded, so that its pieces are
     * masked like any password's, and each following parameter alone, for a run too long to cut.
     *
     * <p>The run stops at a later user= or secret parameter: those are taken out of the URL and never
     * reach a driver by name, and a password of "x&user=y" is far less likely than a URL that lists
     * user= after password=, where masking "user" as a word would garble every message about users.
     * The price of the rest: a parameter written after password= has its name and value masked as
     * words (the README asks for password= last, or for & written %26).
     */
    private static List<String> careless(String value, List<String> following) {
        List<String> candidates = new ArrayList<>();
        StringBuilder run = new StringBuilder(value);
        for (String segment : following) {
            if (!segment.isEmpty() && isCredential(decodeParameter(parameter(segment)[0]))) {
                break;
            }
            // password=Kq7&: the & may be the password's last character, so it stays in the run.
            run.append('&').append(segment);
            candidates.add(segment);
            candidates.add(decodeParameter(segment));
        }
        if (run.length() > value.length()) {
            candidates.add(run.toString());
            candidates.add(decodeParameter(run.toString()));
        }
        return candidates;
    }

    private static boolean isCredential(String name) {
        return name.equalsIgnoreCase("user") || isSecretName(name);
    }

    /** name and value (null without an =) as written; split at &, the first = ends the name. */
    private static List<String[]> rawParameters(String query) {
        List<String[]> parameters = new ArrayList<>();
        if (query.length() <= 1) {
            return parameters;
        }
        for (String parameter : query.substring(1).split("&")) {
            if (!parameter.isEmpty()) {
                parameters.add(parameter(parameter));
            }
        }
        return parameters;
    }

    /** One name=value as written: the first = ends the name; the value is null without one. */
    private static String[] parameter(String segment) {
        int equals = segment.indexOf('=');
        return equals >= 0 ? new String[] {segment.substring(0, equals), segment.substring(equals + 1)}
                : new String[] {segment, null};
    }

    private static String firstParameterName(String query) {
        List<String[]> parameters = rawParameters(query);
        return parameters.isEmpty() ? "" : parameters.get(0)[0];
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String decodeParameter(String text) {
        if (text == null) {
            return "";
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
