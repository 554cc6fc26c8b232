package dev.replicate.source.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
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
}
