package dev.replicate.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Random passwords made of every character that means something in a URL, written into a source
 * block in every way a configuration can hold a password, and the check that none of it leaked.
 *
 * <p>A password alternates letters that English text, SQL and driver messages hardly use with URL
 * specials, so every four characters of it hold two such letters and one special: a four-character
 * piece of it found in output is a leak, not a coincidence.
 */
public final class SecretCases {
    /** Every character with a meaning in some part of a URL, and the ones JSON and SQL quote. */
    public static final String SPECIALS = ":/?#[]@!$&'()*+,;=% \"\\<>{}|^`~";
    private static final String LETTERS = "JKQVWXZ";

    /** The shortest piece of a password that counts as a leak. */
    public static final int LEAK = 4;

    private SecretCases() {
    }

    /** How a password gets into the configuration. */
    public enum Form {
        /** scheme://user:password@host/db, the password encoded or (where the rule allows) as it is */
        USERINFO,
        /** jdbc:scheme://user:password@host/db */
        JDBC_USERINFO,
        /** scheme://host/db?user=u&password=... */
        QUERY,
        /** jdbc:scheme://host/db?user=u&password=... */
        JDBC_QUERY,
        /**
         * scheme://host/db?user=u&password=... (or jdbc:) with nothing encoded, as a careless user
         * writes it: an & cuts the password, and what follows reads as parameters (hostile test)
         */
        CARELESS_QUERY,
        /** "password": "..." beside a URL without one */
        PASSWORD_KEY,
        /** "properties": {"password": "..."} */
        PROPERTIES
    }

    /** One configured source: its block, and the password as the URL spells it (if it is in the URL). */
    public record Case(String password, Form form, String written, JsonObject block) {
        public String conn() {
            return block.get("conn").getAsString();
        }

        /** Every spelling of the password that must not show: as it is, and as the URL writes it. */
        public List<String> spellings() {
            return written.equals(password) ? List.of(password) : List.of(password, written);
        }

        @Override
        public String toString() {
            return form + " " + block;
        }
    }

    public static long seed() {
        String given = System.getProperty("replicate.seed");
        return given == null || given.isBlank() ? new Random().nextLong() : Long.parseLong(given.strip());
    }

    /** A password of 8 to 21 characters: a rare letter, then a special, and so on. */
    public static String password(Random random) {
        int length = 8 + random.nextInt(14);
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < length; i++) {
            String from = i % 2 == 0 ? LETTERS : SPECIALS;
            password.append(from.charAt(random.nextInt(from.length())));
        }
        return password.toString();
    }

    /**
     * A source block that holds the password in the given form.
     *
     * @param scheme      postgres, postgresql or mysql (jdbc forms add jdbc:, mysql may become jdbc:mariadb:)
     * @param user        the user name
     * @param hostAndDb   host:port/database
     */
    public static Case block(Random random, String sourceType, String scheme, String user, String password,
                             Form form, String hostAndDb, JsonArray tables) {
        return block(random, random.nextBoolean(), sourceType, scheme, user, password, form, hostAndDb, tables);
    }

    /** As above; {@code encoded} says whether a password in the URL is written all percent-encoded. */
    public static Case block(Random random, boolean encoded, String sourceType, String scheme, String user,
                             String password, Form form, String hostAndDb, JsonArray tables) {
        JsonObject block = new JsonObject();
        block.addProperty("source", sourceType);
        String jdbcScheme = scheme.equals("mysql") && random.nextBoolean() ? "jdbc:mariadb" : "jdbc:"
                + (scheme.equals("mysql") ? "mysql" : "postgresql");
        String written = password;
        String conn;
        switch (form) {
            case USERINFO, JDBC_USERINFO -> {
                written = encoded ? encodeAll(password) : encodeForUserinfo(password);
                conn = (form == Form.USERINFO ? scheme : jdbcScheme) + "://" + user + ":" + written + "@" + hostAndDb;
            }
            case QUERY, JDBC_QUERY -> {
                written = encoded ? encodeAll(password) : encodeForQuery(password);
                conn = (form == Form.QUERY ? scheme : jdbcScheme) + "://" + hostAndDb + "?user=" + user
                        + "&password=" + written;
            }
            case CARELESS_QUERY -> conn = (random.nextBoolean() ? scheme : jdbcScheme) + "://" + hostAndDb + "?user=" + user
                    + "&password=" + password;
            case PASSWORD_KEY -> {
                conn = scheme + "://" + user + "@" + hostAndDb;
                block.addProperty("password", password);
            }
            case PROPERTIES -> {
                conn = scheme + "://" + hostAndDb;
                JsonObject properties = new JsonObject();
                properties.addProperty("user", user);
                properties.addProperty("password", password);
                block.add("properties", properties);
            }
            default -> throw new IllegalArgumentException(form.toString());
        }
        block.addProperty("conn", conn);
        block.add("tables", tables);
        return new Case(password, form, written, block);
    }

    /** Every character but the unreserved ones percent-encoded, as a careful user writes it. */
    public static String encodeAll(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Only what the README says a password in user:password@ must encode: ? and %. */
    public static String encodeForUserinfo(String text) {
        return text.replace("%", "%25").replace("?", "%3F");
    }

    /** Only what a password=... value must encode: %, & and + (which the drivers read as a space). */
    public static String encodeForQuery(String text) {
        return text.replace("%", "%25").replace("&", "%26").replace("+", "%2B");
    }

    /** The first piece of {@link #LEAK} or more characters of any spelling that the text holds. */
    public static Optional<String> leak(String text, List<String> spellings) {
        for (String spelling : spellings) {
            for (int i = 0; i + LEAK <= spelling.length(); i++) {
                String piece = spelling.substring(i, i + LEAK);
                if (text.contains(piece)) {
                    int at = text.indexOf(piece);
                    return Optional.of("\"" + piece + "\" of \"" + spelling + "\" in: "
                            + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 120)));
                }
            }
        }
        return Optional.empty();
    }
}
