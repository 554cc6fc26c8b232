package dev.replicate.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical form of a stored value, and the digest of a row, shared by both sides of
 * {@code replicate verify}: the source's SQL builds the same text for the columns it can (see
 * {@code DigestSql}), and Java builds it from the values a column reader gives and from the values
 * SQLite holds. A value replicate stores exactly therefore hashes the same on both sides.
 *
 * <p>A value's canonical text says its SQLite storage class, so that the text '5' and the integer 5
 * differ, and cannot run into the next value:
 * <ul>
 *   <li>NULL: {@code N} (distinct from the empty text {@code T0:} and from the text {@code T4:NULL});</li>
 *   <li>an integer: {@code I} and its decimal digits, then {@code ;};</li>
 *   <li>a real: {@code R} and Java's shortest round-trip text, then {@code ;} (NaN is the text {@code NaN}, as
 *   replicate stores it: SQLite has no NaN);</li>
 *   <li>a text: {@code T}, its length in characters (code points), {@code :}, the text (length-prefixed: no value can
 *       fake a separator);</li>
 *   <li>a blob: {@code B}, its bytes in lower-case hex, then {@code ;}.</li>
 * </ul>
 * A row's digest is {@code md5(md5(S) + J)} in hex, where S is the concatenated canonical texts of
 * the columns the source digests in SQL, and J those of the others, each in column order, the texts
 * hashed as UTF-8. Which columns are which the source says ({@link Source#columnsDigestedBySource}).
 */
public final class RowDigests {
    private static final HexFormat HEX = HexFormat.of();

    private RowDigests() {
    }

    /** Appends {@code value}'s canonical text. */
    public static void append(StringBuilder text, Object value) {
        if (value == null) {
            text.append('N');
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            text.append('I').append(((Number) value).longValue()).append(';');
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                append(text, "NaN");
            } else {
                // SQLite keeps no negative zero apart from zero once read back: both are 0.0.
                text.append('R').append(d == 0 ? "0.0" : Double.toString(d)).append(';');
            }
        } else if (value instanceof byte[] bytes) {
            text.append('B').append(HEX.formatHex(bytes)).append(';');
        } else {
            String s = value.toString();
            text.append('T').append(s.codePointCount(0, s.length())).append(':').append(s);
        }
    }

    /** {@code md5} of the text's UTF-8 bytes, in lower-case hex. */
    public static String md5(CharSequence text) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HEX.formatHex(md5.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    /**
     * A row's digest from the source's SQL part (md5 of S, in hex) and the values of the other columns.
     */
    public static String row(String sqlPart, Object[] javaValues) {
        StringBuilder text = new StringBuilder(sqlPart);
        for (Object value : javaValues) {
            append(text, value);
        }
        return md5(text);
    }

    /** The first 60 bits of a row digest (its first 15 hex digits), as SQL computes them too. */
    static long sliceA(String hex) {
        return Long.parseLong(hex, 0, 15, 16);
    }

    /** The next 60 bits (hex digits 16 to 30). */
    static long sliceB(String hex) {
        return Long.parseLong(hex, 15, 30, 16);
    }
}
