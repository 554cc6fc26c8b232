package dev.replicate.config;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret values of a configuration (passwords, tokens, the password part of URLs), and the one
 * place that masks them. Every message that leaves the process, whether to the terminal, a log file
 * or the SQLite file, goes through {@link #mask(String)}.
 */
public final class Secrets {
    private static final String MASK = "***";
    /**
     * user:password@ in any URL, in case a driver echoes a URL we did not know about: up to the last
     * {@code @} before a {@code ?}, quote or space, the rule ConnectionUrl reads credentials by. The
     * placeholder "user:password@" of our own messages that show a URL's form is left as it is (a
     * configured password "password" is masked as a known value all the same).
     */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]*:)(?!password@)[^\\s?'\"]*@");
    /** Shorter pieces are too likely to be innocent words; see {@link #pieces}. */
    private static final int SHORTEST_PIECE = 4;
    /** Past this length a secret is masked whole only: its pieces would be too many to try. */
    private static final int LONGEST_CUT = 128;
    /** password=... in JDBC URLs and property lists. */
    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)((?:password|passwd|pwd|secret|token)=)[^&;\\s,)]+");

    private final Set<String> values = new LinkedHashSet<>();
    private final Set<String> pieces = new LinkedHashSet<>();
    /** The pieces longest first, sorted once: every log line is masked. */
    private java.util.List<String> piecesByLength = java.util.List.of();

    public static Secrets none() {
        return new Secrets();
    }

    public void add(String secret) {
        // Very short values would mask innocent text everywhere; a one- or two-character password
        // is still masked in URLs and parameters by the patterns below.
        if (secret != null && secret.length() >= 3) {
            values.add(secret);
            pieces.addAll(pieces(secret));
            piecesByLength = pieces.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }

    /**
     * The parts of a secret that a driver could show apart from the rest: every run of it that starts
     * and ends where it is cut by punctuation (S3cr3t and Pa55 of S3cr3t/Pa55), since a driver that
     * reads a URL by other rules splits a password at its URL specials, never inside a word.
     *
     * <p>Masking a piece costs innocent text only where the text holds that same word, and a piece
     * is masked only as a whole word (see {@link #maskPiece}), never inside a longer one. Pieces
     * under four characters, or without a letter or digit, are left alone: they are the stuff of
     * ordinary text ("://", "a", "10"). The price is that a password made of common words around
     * punctuation ("admin/password") masks those words wherever they stand alone.
     */
    private static Set<String> pieces(String secret) {
        Set<String> found = new LinkedHashSet<>();
        if (secret.length() > LONGEST_CUT) {
            return found;
        }
        java.util.List<Integer> cuts = new java.util.ArrayList<>();
        for (int i = 0; i <= secret.length(); i++) {
            boolean before = i > 0 && !Character.isLetterOrDigit(secret.charAt(i - 1));
            boolean after = i < secret.length() && !Character.isLetterOrDigit(secret.charAt(i));
            if (i == 0 || i == secret.length() || before || after) {
                cuts.add(i);
            }
        }
        for (int a = 0; a < cuts.size(); a++) {
            for (int b = a + 1; b < cuts.size(); b++) {
                String piece = secret.substring(cuts.get(a), cuts.get(b));
                if (piece.length() >= SHORTEST_PIECE && piece.length() < secret.length()
                        && piece.chars().anyMatch(Character::isLetterOrDigit)) {
                    found.add(piece);
                }
            }
        }
        return found;
    }

    /** Masks each whole-word occurrence of the piece: not preceded or followed by a letter or digit it would cut. */
    private static String maskPiece(String text, String piece) {
        StringBuilder out = null;
        int from = 0;
        int at = text.indexOf(piece);
        while (at >= 0) {
            int end = at + piece.length();
            boolean startsClean = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1))
                    || !Character.isLetterOrDigit(piece.charAt(0));
            boolean endsClean = end == text.length() || !Character.isLetterOrDigit(text.charAt(end))
                    || !Character.isLetterOrDigit(piece.charAt(piece.length() - 1));
            if (startsClean && endsClean) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, from, at).append(MASK);
                from = end;
                at = text.indexOf(piece, end);
            } else {
                at = text.indexOf(piece, at + 1);
            }
        }
        return out == null ? text : out.append(text, from, text.length()).toString();
    }

    /**
     * Whether the text holds a whole secret, a URL's password or a password parameter: what must not
     * be stored or shown even masked, such as a source's name (its identity in the SQLite file). Pieces
     * of a password do not count: a name may rightly be a word that a password also holds.
     */
    public boolean holdsSecret(String text) {
        return values.stream().anyMatch(text::contains) || URL_PASSWORD.matcher(text).find()
                || PASSWORD_PARAM.matcher(text).find();
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            masked = masked.replace(secret, MASK);
        }
        for (String piece : piecesByLength) {
            masked = maskPiece(masked, piece);
        }
        masked = URL_PASSWORD.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }
}
