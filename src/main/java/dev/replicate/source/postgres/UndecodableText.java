package dev.replicate.source.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * A read that failed because the source's text cannot be sent as UTF-8, explained. A database of
 * encoding SQL_ASCII takes any bytes into a text column and checks none, so a legacy database may
 * hold Latin-1 or Windows-1252 bytes there; PostgreSQL refuses to send them in the UTF-8 the session
 * (and SQLite's text) uses, and its error names neither a column nor a way out. Its bytes can be
 * replicated exactly, as a BLOB, by a query that selects them with convert_to in the database's
 * own encoding. The same SQLSTATEs from a UTF8 database come from the statement itself, not from
 * sending its text, and are left as they are.
 */
final class UndecodableText {
    /** character_not_in_repertoire ("invalid byte sequence"), untranslatable_character. */
    private static final Set<String> STATES = Set.of("22021", "22P05");

    private UndecodableText() {
    }

    static SQLException explained(SQLException e, Connection connection) {
        if (!STATES.contains(e.getSQLState())) {
            return e;
        }
        String encoding = serverEncoding(connection);
        if (encoding.equals("UTF8") || encoding.equals("unknown")) {
            // Nothing is converted on the way out of a UTF8 database: the bad bytes came from the
            // statement's own doing (convert_from over bytes that are not UTF-8, say), whose error says
            // what it is, and convert_to would be no way out. Without the encoding there is no advice.
            return e;
        }
        return new SQLException("its rows hold text that PostgreSQL cannot send as UTF-8 (" + e.getMessage().strip()
                + "; the database's encoding is " + encoding + (encoding.equals("SQL_ASCII")
                        ? ", which takes any bytes into text and checks none" : "")
                + "). SQLite's text is UTF-8: replicate such a column as its exact bytes (a BLOB) with a \"query\" that"
                + " selects convert_to(column, '" + encoding + "') AS column, leave it out (\"excludeColumns\"),"
                + " or mend the text at the source", e.getSQLState(), e);
    }

    private static String serverEncoding(Connection connection) {
        try {
            String encoding = connection.unwrap(org.postgresql.PGConnection.class).getParameterStatus("server_encoding");
            return encoding == null ? "unknown" : encoding;
        } catch (SQLException | RuntimeException e) {
            return "unknown";
        }
    }
}
