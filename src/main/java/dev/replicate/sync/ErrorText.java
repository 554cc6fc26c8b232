package dev.replicate.sync;

import java.sql.SQLException;
import java.util.Locale;

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
        return printable(message.replaceAll("\\s*\\R\\s*", " ").strip());
    }

    /**
     * The text with its control characters written as {@code \\uXXXX}: a message goes to a terminal, a
     * log file and the SQLite file, and a NUL or an escape sequence in a hand-edited value or a
     * server's message must reach none of them raw (a NUL cuts C readers short; ESC drives terminals).
     */
    public static String printable(String text) {
        StringBuilder result = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (control && result == null) {
                result = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (control) {
                result.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (result != null) {
                result.append(c);
            }
        }
        return result == null ? text : result.toString();
    }
}
