package dev.replicate.source.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
        assertEquals(List.of("in%2Furl", "in/url", "p%26q+r", "p&q r", "k", "k"), url.secrets());
        assertEquals(List.of("hunter22"), ConnectionUrl.parse("mysql://(host=h1,port=1111,password=hunter22)/shop")
                .orElseThrow().secrets());
    }
}
