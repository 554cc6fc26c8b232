package dev.replicate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the main statement of a WITH: the word after its common table expressions, which must be
 * SELECT for a {@code "query"} ({@code WITH x AS (...) DELETE FROM t} is a statement that writes).
 *
 * <p>It walks the grammar both servers share, on the text after WITH:
 * {@code [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (body) [SEARCH ... SET col]
 * [CYCLE ... USING col | CYCLE ... RESTRICT] [, ...] main}, where a parenthesised group and a quoted
 * name or string are one token each. The text has passed {@link WhereClause}'s scan (quotes closed,
 * parentheses balanced, no comment, no {@code $}) read with backslash escapes and without; it is
 * walked both ways, and a main word is only given when both find the same one. Where the walk meets
 * what it does not expect (text that is not SQL, or grammar it does not know), it gives nothing and
 * leaves the query to the server (whose reads are read-only besides): a valid SELECT is never refused
 * on a guess.
 */
final class WithStatement {
    private WithStatement() {
    }

    /** The main statement's first word (inside its parentheses, for a parenthesised one), or empty when the walk is not sure. */
    static Optional<String> mainWord(String afterWith) {
        Optional<String> plain = walk(tokens(afterWith, false), false);
        Optional<String> escaped = walk(tokens(afterWith, true), true);
        return plain.equals(escaped) ? plain : Optional.empty();
    }

    private enum Kind { WORD, QUOTED, GROUP, COMMA, OTHER }

    private record Token(Kind kind, String text) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED;
        }
    }

    /**
     * The first word of a parenthesised main statement ({@code (SELECT ...) UNION (SELECT ...)}), a
     * WITH in it walked in turn.
     */
    private static Optional<String> firstWordOf(String group, boolean backslashEscapes) {
        int start = 0;
        while (start < group.length() && (group.charAt(start) == '(' || Character.isWhitespace(group.charAt(start)))) {
            start++;
        }
        int end = start;
        while (end < group.length() && Character.isLetter(group.charAt(end))) {
            end++;
        }
        String word = group.substring(start, end);
        if (word.equalsIgnoreCase("with")) {
            return walk(tokens(group.substring(end), backslashEscapes), backslashEscapes);
        }
        return word.isEmpty() ? Optional.empty() : Optional.of(word);
    }

    private static Optional<String> walk(List<Token> tokens, boolean backslashEscapes) {
        if (tokens == null) {
            return Optional.empty();
        }
        int i = 0;
        if (i < tokens.size() && tokens.get(i).is("recursive")) {
            i++;
        }
        while (true) {
            if (i >= tokens.size() || !tokens.get(i).isName()) {
                return Optional.empty();
            }
            i++;
            if (i < tokens.size() && tokens.get(i).kind() == Kind.GROUP) {
                i++;
            }
            if (i >= tokens.size() || !tokens.get(i).is("as")) {
                return Optional.empty();
            }
            i++;
            if (i < tokens.size() && tokens.get(i).is("not")) {
                i++;
            }
            if (i < tokens.size() && tokens.get(i).is("materialized")) {
                i++;
            }
            if (i >= tokens.size() || tokens.get(i).kind() != Kind.GROUP) {
                return Optional.empty();
            }
            i++;
            if (i < tokens.size() && tokens.get(i).is("search")) {
                i = after(tokens, i, "set");
            }
            if (i >= 0 && i < tokens.size() && tokens.get(i).is("cycle")) {
                int using = after(tokens, i, "using");
                int restrict = indexOf(tokens, i, "restrict");
                i = using >= 0 && (restrict < 0 || using < restrict) ? using : restrict < 0 ? -1 : restrict + 1;
            }
            if (i < 0 || i >= tokens.size()) {
                return Optional.empty();
            }
            if (tokens.get(i).kind() != Kind.COMMA) {
                Token main = tokens.get(i);
                return main.kind() == Kind.WORD ? Optional.of(main.text())
                        : main.kind() == Kind.GROUP ? firstWordOf(main.text(), backslashEscapes) : Optional.empty();
            }
            i++;
        }
    }

    /** The index after the name that follows {@code word} (from {@code from} on), or -1. */
    private static int after(List<Token> tokens, int from, String word) {
        int at = indexOf(tokens, from, word);
        return at < 0 || at + 1 >= tokens.size() || !tokens.get(at + 1).isName() ? -1 : at + 2;
    }

    private static int indexOf(List<Token> tokens, int from, String word) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).is(word)) {
                return i;
            }
        }
        return -1;
    }

    /** The top-level tokens, or null when the text does not split (a quote or a group left open). */
    private static List<Token> tokens(String text, boolean backslashEscapes) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = quoteEnd(text, i, backslashEscapes);
                if (end < 0) {
                    return null;
                }
                tokens.add(new Token(Kind.QUOTED, text.substring(i, end)));
                i = end;
            } else if (c == '(') {
                int depth = 0;
                int j = i;
                while (j < text.length()) {
                    char d = text.charAt(j);
                    if (d == '\'' || d == '"' || d == '`') {
                        j = quoteEnd(text, j, backslashEscapes);
                        if (j < 0) {
                            return null;
                        }
                        continue;
                    }
                    j++;
                    if (d == '(') {
                        depth++;
                    } else if (d == ')' && --depth == 0) {
                        break;
                    }
                }
                if (depth != 0) {
                    return null;
                }
                tokens.add(new Token(Kind.GROUP, text.substring(i, j)));
                i = j;
            } else if (c == ',') {
                tokens.add(new Token(Kind.COMMA, ","));
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int j = i;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(i, j)));
                i = j;
            } else {
                tokens.add(new Token(Kind.OTHER, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }

    /** The index after the quote opened at {@code start}, or -1 when it is not closed. */
    private static int quoteEnd(String text, int start, boolean backslashEscapes) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (backslashEscapes && c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i + 1;
                }
            }
        }
        return -1;
    }
}
