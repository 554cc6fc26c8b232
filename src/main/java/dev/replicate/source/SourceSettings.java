package dev.replicate.source;

import java.util.Map;
import java.util.Optional;

/**
 * How to reach a source, exactly as configured (after {@code ${VAR}} substitution).
 *
 * @param conn        a URL: {@code postgres://}, {@code mysql://}, {@code jdbc:...} or whatever a
 *                    plugged-in connector understands
 * @param user        a user given apart from the URL
 * @param password    a password given apart from the URL
 * @param properties  extra driver properties
 */
public record SourceSettings(
        String conn,
        Optional<String> user,
        Optional<String> password,
        Map<String, String> properties) {
}
