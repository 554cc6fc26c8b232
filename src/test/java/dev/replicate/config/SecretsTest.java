package dev.replicate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SecretsTest {
    @Test
    void knownSecretsAndUrlPasswordsAreMasked() {
        Secrets secrets = new Secrets();
        secrets.add("hunter2");
        secrets.add("ab");
        assertEquals("FATAL: password authentication failed (***)", secrets.mask("FATAL: password authentication failed (hunter2)"));
        assertEquals("see postgres://user:***@host/db", secrets.mask("see postgres://user:x1@host/db"));
        assertEquals("jdbc:postgresql://h/db?user=u&password=***&ssl=true",
                secrets.mask("jdbc:postgresql://h/db?user=u&password=zz&ssl=true"));
        assertEquals("ab stays: too short to mask everywhere", secrets.mask("ab stays: too short to mask everywhere"));
        assertEquals(null, secrets.mask(null));
    }
}
