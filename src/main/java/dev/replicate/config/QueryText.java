package dev.replicate.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The offline check of a table entry's {@code "query"}: one SELECT, which the engine reads as a
 * derived table, {@code SELECT ... FROM (query) AS replicate_q WHERE ...}. It must start with SELECT
 * or WITH (after any opening parentheses), and pass {@link WhereClause}'s scan: outside quoted text no
 * {@code ;} (a second statement), no comment (which could hide one, or the rest of the statement the
 * query is put into), no {@code $} or {@code ?} (parameters, and PostgreSQL's dollar quoting, which
 * would hide the rest from the scan), and parentheses that balance (a {@code )} too many would close
 * the derived table and let the query go on outside it). A WITH must lead to a SELECT
 * ({@link WithStatement}). No control character but a tab or a line break: a NUL would pass here and
 * fail at the first read with a protocol error. Every read runs in a read-only transaction besides, so
 * a query that would write anyway (a function with side effects, PostgreSQL's data-modifying WITH)
 * fails at the server. Everything else (syntax, names, types) is the server's to check:
 * {@code validate-config --connect}.
 */
final class QueryText {
    private QueryText() {
    }

    /** The first reason the query cannot be used, or empty. */
    static Optional<String> problem(String query) {
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return Optional.of(String.format(Locale.ROOT, "must not contain a control character other than a tab or a line"
                        + " break; found U+%04X at character %d", (int) c, i + 1));
            }
        }
        int start = 0;
        while (start < query.length() && (query.charAt(start) == '(' || Character.isWhitespace(query.charAt(start)))) {
            start++;
        }
        int end = start;
        while (end < query.length() && Character.isLetter(query.charAt(end))) {
            end++;
        }
        String word = query.substring(start, end);
        if (!word.equalsIgnoreCase("select") && !word.equalsIgnoreCase("with")) {
            String found = word.isEmpty() ? (start >= query.length() ? "nothing" : "'" + query.charAt(start) + "'")
                    : word.length() > 20 ? word.substring(0, 20) + "..." : word;
            return Optional.of("must be one SELECT (or WITH ... SELECT), not a statement that starts with " + found);
        }
        Optional<String> scanned = WhereClause.problem(query, "one SELECT");
        if (scanned.isPresent() || !word.equalsIgnoreCase("with")) {
            return scanned;
        }
        return WithStatement.mainWord(query.substring(end))
                .filter(main -> !main.equalsIgnoreCase("select"))
                .map(main -> "must be one SELECT (or WITH ... SELECT), not a WITH whose main statement starts with "
                        + (main.length() > 20 ? main.substring(0, 20) + "..." : main));
    }
}
