package dev.replicate.config;

import java.util.Optional;

/**
 * The offline check of a table's {@code "where"}: one expression that the engine puts into every
 * read as {@code ... AND (where)}, so nothing in it may end that expression or the statement around
 * it. Outside quoted text it refuses:
 * <ul>
 *   <li>{@code ;}: a second statement;</li>
 *   <li>{@code --}, {@code #}, {@code /*} and {@code *}{@code /}: comments. A {@code --} or {@code #}
 *       (MySQL's) would hide the rest of the line the engine writes after the expression, an open
 *       {@code /*} all of it; no filter needs one, and a rejected comment is simpler to explain than
 *       a query that reads other rows than it seems to. ({@code #} is also PostgreSQL's rarely
 *       used XOR operator: write it as {@code (a | b) - (a & b)}.)</li>
 *   <li>{@code $}: PostgreSQL's dollar quoting ({@code $$...$$}, {@code $tag$...$tag$}) would hide a quote or a
 *       parenthesis from this scan ({@code $$a'$$ <> $$b$$) OR (true) OR ($$'$$ = $$x$$} escaped the
 *       parentheses); no filter needs it, and an identifier holding a {@code $} can be quoted;</li>
 *   <li>{@code ?}: the reads are prepared statements, whose driver takes it for a parameter (PostgreSQL's
 *       jsonb operators {@code ?}, {@code ?|}, {@code ?&} have functions: {@code jsonb_exists} and the
 *       like);</li>
 *   <li>a {@code )} that closes more than the expression opened, or a {@code (} left open: {@code 1=1) OR (1=1}
 *       would escape the parentheses and let rows through that the read leaves out (NULL watermarks,
 *       rows behind the cursor).</li>
 * </ul>
 * Which quote rules apply depends on the database (a backslash escapes a quote in MySQL's strings and
 * PostgreSQL's {@code E'...'}, not in PostgreSQL's standard strings), so the text is scanned both
 * ways and must pass both: what passes cannot hide any of the above from either dialect. The server
 * checks everything else ({@code validate-config --connect}, or the first read).
 */
final class WhereClause {
    private WhereClause() {
    }

    /** The first reason the expression cannot be used, or empty. */
    static Optional<String> problem(String where) {
        return problem(where, "one expression");
    }

    /**
     * The same scan of other SQL the engine puts into its statements (a {@code "query"}, see
     * {@link QueryText}); {@code unit} says what the text must be, as in "must be one SELECT".
     */
    static Optional<String> problem(String text, String unit) {
        Optional<String> problem = scan(text, false, unit);
        return problem.isPresent() ? problem : scan(text, true, unit);
    }

    private static Optional<String> scan(String text, boolean backslashEscapes, String unit) {
        int depth = 0;
        char quote = 0;
        int quoteStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (backslashEscapes && c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                        i++;
                    } else {
                        quote = 0;
                    }
                }
                continue;
            }
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            String at = " at character " + (i + 1);
            switch (c) {
                case '\'', '"', '`' -> {
                    quote = c;
                    quoteStart = i;
                }
                case ';' -> {
                    return Optional.of("must be " + unit + ", without ';' outside quotes (found" + at + ")");
                }
                case '$' -> {
                    // PostgreSQL's dollar quoting ($$...$$, $tag$...$tag$) is a quote this scan does not
                    // follow: a ' or ) inside it would be read as live here, and a ) outside it as quoted,
                    // which let an expression escape its parentheses. Refused, with positional parameters.
                    return Optional.of("must not contain '$' outside quotes (found" + at + "): PostgreSQL's dollar"
                            + " quoting ($$...$$) is not accepted, write 'text' with doubled quotes ('it''s');"
                            + " quote an identifier that holds a $ (\"a$b\" in PostgreSQL, `a$b` in MySQL)");
                }
                case '?' -> {
                    // The reads are prepared statements: the driver takes a bare ? for a parameter, and the
                    // run fails ("No value specified for parameter") where validate-config passed.
                    return Optional.of("must not contain '?' outside quotes (found" + at + "): the driver takes it"
                            + " for a parameter of the prepared read; for PostgreSQL's jsonb operators ?, ?| and ?&"
                            + " write jsonb_exists(col, 'k'), jsonb_exists_any(col, array['a', 'b']) and"
                            + " jsonb_exists_all(col, array['a', 'b'])");
                }
                case '#' -> {
                    return Optional.of("must not contain '#' outside quotes: it starts a comment in MySQL (found" + at + ")");
                }
                case '-', '/', '*' -> {
                    if ((c == '-' && next == '-') || (c == '/' && next == '*') || (c == '*' && next == '/')) {
                        return Optional.of("must not contain a comment ('" + c + next + "' outside quotes" + at
                                + "): it could hide the rest of the query the expression is put into");
                    }
                }
                case '(' -> depth++;
                case ')' -> {
                    if (--depth < 0) {
                        return Optional.of("closes a parenthesis it did not open" + at);
                    }
                }
                default -> {
                }
            }
        }
        if (quote != 0) {
            return Optional.of("has a quote (" + quote + ") that is not closed, read " + (backslashEscapes
                    ? "with" : "without") + " backslash escapes (opened at character " + (quoteStart + 1)
                    + "); double a quote inside quotes ('it''s') rather than escaping it with a backslash");
        }
        if (depth > 0) {
            return Optional.of("leaves " + depth + (depth == 1 ? " parenthesis" : " parentheses") + " open");
        }
        return Optional.empty();
    }
}
