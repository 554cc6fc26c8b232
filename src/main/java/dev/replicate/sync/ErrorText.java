package dev.replicate.sync;

import java.sql.SQLException;

/** One line that says what went wrong, from an exception and its causes, without stack traces. */
public final class ErrorText {
    private ErrorText() {
    }

    public static String of(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if ((message == null || message.isBlank()) && cause != null) {
            return of(cause);
        }
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        if (e instanceof SQLException sql && sql.getSQLState() != null && !message.contains(sql.getSQLState())) {
            message = message + " [SQLSTATE " + sql.getSQLState() + "]";
        }
        // MySQL Connector/J appends the whole stack of a nested exception to its message.
        int nested = message.indexOf("Nested Stack Trace:");
        if (nested > 0) {
            message = message.substring(0, nested);
        }
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
