package dev.replicate.source.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConnectionUrlTest {
    @Test
    void partsOfATypicalUrl() {
        ConnectionUrl url = ConnectionUrl.parse("postgres://app:p%40ss@db.example.com:6432/shop?sslmode=require").orElseThrow();
        assertEquals("postgres", url.scheme());
        assertEquals(Optional.of("app"), url.user());
        assertEquals(Optional.of("p@ss"), url.password());
        assertEquals("db.example.com:6432", url.hosts());
        assertEquals(Optional.of("shop"), url.database());
        assertEquals("?sslmode=require", url.query());
    }

    @Test
    void unencodedAtSignsInPasswordsAndSeveralHosts() {
        ConnectionUrl url = ConnectionUrl.parse("postgresql://u:a@b+c@h1,h2:5433/db").orElseThrow();
        assertEquals(Optional.of("a@b+c"), url.password(), "a plus stays a plus");
        assertEquals("h1:5432,h2:5433", url.hostsWithPort(5432));
    }

    @Test
    void minimalAndBrokenUrls() {
        ConnectionUrl url = ConnectionUrl.parse("mysql://localhost").orElseThrow();
        assertEquals(Optional.empty(), url.user());
        assertEquals(Optional.empty(), url.database());
        assertEquals(Optional.empty(), ConnectionUrl.parse("localhost:5432/db"));
        assertEquals(Optional.empty(), ConnectionUrl.parse("postgres:///db"));
    }

    @Test
    void theCredentialsEndAtTheLastAtSignBeforeTheQuery() {
        for (String conn : List.of("mysql://root:S3cr3t/Pa55@127.0.0.1:3306/db", "jdbc:mysql://root:S3cr3t/Pa55@127.0.0.1:3306/db")) {
            ConnectionUrl url = ConnectionUrl.parseConn(conn).orElseThrow();
            assertEquals(Optional.of("S3cr3t/Pa55"), url.password(), conn);
            assertEquals("127.0.0.1:3306", url.hosts());
            assertEquals(Optional.of("db"), url.database());
            assertEquals("mysql://127.0.0.1:3306/db", url.withoutCredentials());
        }
        ConnectionUrl at = ConnectionUrl.parse("postgres://u:S3cr3t@Pa55@h/db?sslmode=require").orElseThrow();
        assertEquals(Optional.of("S3cr3t@Pa55"), at.password());
        assertEquals(List.of("S3cr3t@Pa55", "S3cr3t@Pa55"), at.secrets());
        assertEquals(Optional.of("a?b%c"), ConnectionUrl.parse("postgres://u:a%3Fb%25c@h/db").orElseThrow().password());
    }

    @Test
    void anUnencodedQuestionMarkInAPasswordIsRefusedNotGuessedAt() {
        assertEquals(Optional.empty(), ConnectionUrl.parse("postgres://u:pa?ss@h/db"));
        assertEquals(Optional.empty(), ConnectionUrl.parse("postgres://u:pa?s=s@h/db"));
        assertEquals(Optional.empty(), ConnectionUrl.parse("postgres://u:pa/x?s=s@h/db"));
        assertEquals("?application_name=me@home", ConnectionUrl.parse("postgres://h/db?application_name=me@home")
                .orElseThrow().query(), "an @ in the query is the query's");
    }

    @Test
    void credentialsLeaveTheUrlForTheDriversProperties() {
        ConnectionUrl url = ConnectionUrl.parseConn(
                "jdbc:postgresql://u:in%2Furl@h:5432/db?ssl=true&password=p%26q+r&user=v&sslpassword=k&x").orElseThrow();
        assertEquals("postgresql://h:5432/db?ssl=true&x", url.withoutCredentials());
        Properties credentials = url.credentials();
        assertEquals("v", credentials.getProperty("user"), "the query's user wins, as in the drivers");
        assertEquals("p&q r", credentials.getProperty("password"), "decoded as the drivers decode a query");
        assertEquals("k", credentials.getProperty("sslpassword"));
        // x follows the last secret, and may be the rest of it (an & not written %26)
        assertEquals(List.of("in%2Furl", "in/url", "p%26q+r", "p&q r", "k", "k", "x", "x", "k&x", "k&x"), url.secrets());
        assertEquals(List.of("hunter22"), ConnectionUrl.parse("mysql://(host=h1,port=1111,password=hunter22)/shop")
                .orElseThrow().secrets());
    }

    /** Hostile test: password=Kq7w/Lm8x&Yy7u+... was cut at the &, and the driver repeated the rest. */
    @Test
    void everythingAfterAnUnencodedAmpersandInAPasswordParameterIsASecretCandidate() {
        ConnectionUrl url = ConnectionUrl.parseConn(
                "jdbc:mysql://127.0.0.1:3306/hostile?user=pw&password=Kq7wLm8x&socketFactory=Tt9iUu0o&x+y").orElseThrow();
        assertTrue(url.secrets().containsAll(List.of("Kq7wLm8x", "socketFactory=Tt9iUu0o", "x+y", "x y",
                "Kq7wLm8x&socketFactory=Tt9iUu0o&x+y")), url.secrets()::toString);
        ConnectionUrl userAfter = ConnectionUrl.parse("mysql://h/db?password=ab&cd&user=root&sslMode=REQUIRED").orElseThrow();
        assertTrue(userAfter.secrets().contains("ab&cd"), userAfter.secrets()::toString);
        assertFalse(userAfter.secrets().stream().anyMatch(s -> s.contains("user") || s.contains("REQUIRED")),
                "a later user= ends what may be the password: " + userAfter.secrets());
        assertEquals(List.of("k", "k"), ConnectionUrl.parse("postgres://h/db?ssl=true&sslpassword=k").orElseThrow().secrets(),
                "a secret parameter given last has nothing after it");
    }

    @Test
    void aParameterNameNoDriverHasAfterASecretIsRefusedWithoutRepeatingIt() {
        String expected = "the value of password= holds an unencoded & (what follows it is not a parameter name);"
                + " in a ?password= value write & as %26, + as %2B and % as %25";
        for (String conn : List.of("jdbc:mysql://127.0.0.1:3306/hostile?user=pw&password=Kq7w/Lm8x&Yy7u+Ee8r=Tt9i;Uu0o Gg1a",
                "mysql://127.0.0.1:3306/hostile?user=pw&password=Kq7w/Lm8x&Yy7u+Ee8r=Tt9i;Uu0o Gg1a",
                "postgres://h/db?password=Kq7w&Yy7u Ee8r", "postgres://h/db?password=Kq7w&Yy7u;Ee8r=1")) {
            assertEquals(Optional.of(expected), ConnectionUrl.fault(conn), conn);
        }
        for (String conn : List.of("jdbc:mysql://h/db?user=pw&password=Kq7wLm8x&socketFactory=Tt9iUu0o",
                "postgres://h/db?password=a%26b%2Bc&sslmode=require", "postgres://h/db?a+b=1&password=x", "postgres://h/db")) {
            assertEquals(Optional.empty(), ConnectionUrl.fault(conn), conn);
        }
    }

    /** Hostile test: an unclosed [ and port 99999 passed offline validation. */
    @Test
    void hostsAndPortsThatCannotBeAreRefusedWithoutRepeatingThem() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("mysql://u@[::1:3306/hostile", "has a [ without its ] (an IPv6 address is written [::1]:3306)");
        cases.put("mysql://u@::1]:3306/hostile", "has a ] without its [ (an IPv6 address is written [::1]:3306)");
        cases.put("mysql://u@127.0.0.1:99999/hostile", "has a port out of range: a port is a number from 1 to 65535");
        cases.put("postgres://u:S3cr3t@h1:5432,h2:0/db", "has a port out of range in host 2: a port is a number from 1 to 65535");
        cases.put("jdbc:mysql://u@h:33o6/db", "has a port that is not a number: a port is a number from 1 to 65535");
        cases.put("mysql://u@[::1]x/db", "has text after the ] of an IPv6 address where only :port may stand");
        cases.put("postgres://u:pa?x=1", "has a port that is not a number: a port is a number from 1 to 65535"
                + " (a ? in a password is written %3F)");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertEquals(Optional.of(c.getValue()), ConnectionUrl.fault(c.getKey()), c.getKey());
            assertEquals(Optional.empty(), ConnectionUrl.parseConn(c.getKey()), "no reading of " + c.getKey());
        }
        for (String ok : List.of("mysql://u@[::1]:3306/db", "mysql://u@[::1]/db", "postgres://h:1,h2:65535/db", "postgres://h/db",
                "mysql://(host=h1,port=1111,password=hunter22)/shop")) {
            assertEquals(Optional.empty(), ConnectionUrl.fault(ok), ok);
            assertTrue(ConnectionUrl.parseConn(ok).isPresent(), ok);
        }
    }
}
