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

    @Test
    void piecesOfAPasswordAreMaskedAsWholeWordsOnly() {
        Secrets secrets = new Secrets();
        secrets.add("S3cr3t/Pa55");
        assertEquals("Failed to parse the host:port pair 'root:***', database '***@127.0.0.1:3306/db'",
                secrets.mask("Failed to parse the host:port pair 'root:S3cr3t', database 'Pa55@127.0.0.1:3306/db'"));
        assertEquals("Pa55word and XS3cr3t stay: they are other words", secrets.mask("Pa55word and XS3cr3t stay: they are other words"));
        assertEquals("see jdbc:mysql://root:***@127.0.0.1/db", secrets.mask("see jdbc:mysql://root:S3cr3t/Pa55@127.0.0.1/db"));
        Secrets unknown = new Secrets();
        assertEquals("see jdbc:mysql://root:***@127.0.0.1/db, 'root'@'127.0.0.1' at postgres://h:5432/db?x=1",
                unknown.mask("see jdbc:mysql://root:a/b@c@127.0.0.1/db, 'root'@'127.0.0.1' at postgres://h:5432/db?x=1"),
                "a password nobody told of, in a URL");
    }

    @Test
    void theFormOfAUrlInAMessageIsNotASecret() {
        String message = "is not a URL of the form postgres://user:password@host:port/database";
        assertEquals(message, new Secrets().mask(message));
    }
}
