package dev.replicate.source.jdbc;

/**
 * The bound the driver's own timeouts put on the login, in seconds, which a server that accepts the connection
 * and says nothing runs into ({@link LoginSilence}), and an example, in the driver's terms, of a port that is
 * another service's and silent to that driver ("PostgreSQL's 5432 given to a MySQL source").
 */
public record LoginBound(int seconds, String silentPort) {
}
