package dev.replicate.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical form of a stored value, and the digests of a row and of a range of rows, shared by
 * both sides of {@code replicate verify}: the source's SQL builds the same text for the columns it
 * can (see {@code DigestSql}), and Java builds it ({@link CanonicalText}) from the values a column
 * reader gives and from the values SQLite holds. A value replicate stores exactly therefore hashes
 * the same on both sides. The forms are never stored: both sides compute them afresh on each verify.
 *
 * <p>A value's canonical text says its SQLite storage class, so that the text '5' and the integer 5
 * differ, and cannot run into the next value:
 * <ul>
 *   <li>NULL: {@code N} (distinct from the empty text {@code T;} and from the text {@code TNULL;});</li>
 *   <li>an integer: {@code I} and its decimal digits, then {@code ;};</li>
 *   <li>a real: {@code R}, the 16 lower-case hex digits of its IEEE 754 bits (most significant first, as
 *   PostgreSQL's {@code float8send} gives them), then {@code ;}. Zero is {@code R0000000000000000;} whatever its
 *   sign (SQLite gives 0.0 back for -0.0); NaN is the text {@code NaN}, as replicate stores it (SQLite has no NaN);</li>
 *   <li>in the replica, a single-precision column's double ({@link Source#singlePrecision}) that is the double of
 *   a decimal of at most nine digits (an earlier release's, which for some floats was not the shortest: see
 *   {@link ShortestFloat}) counts as the double of its float's shortest decimal, the source's: see
 *   {@link #storedSinglePrecision};</li>
 *   <li>a text: {@code T}, the text with a backslash put before each backslash and each semicolon, then
 *       {@code ;} (no value can fake the end);</li>
 *   <li>a blob: {@code B}, its bytes in lower-case hex, then {@code ;}.</li>
 * </ul>
 * The texts are hashed as UTF-8. Each form is self-delimiting, so a row's values, and a range's rows,
 * can be concatenated without separators and still read back one way only.
 *
 * <p>Which columns the source builds in SQL (S) and which it hands to Java (J) the source says
 * ({@link Source#columnsDigestedBySource}). A row's digest is {@code md5(md5(S) + J)} in hex, where S
 * is the concatenated canonical texts of the S columns, and J those of the J columns, each in column
 * order. A range's digest ({@link RangeDigest}) is the row count and the md5 of its rows' S texts
 * concatenated in key order (and, when there are J columns, the md5 of their J texts likewise).
 */
public final class RowDigests {
    private static final HexFormat HEX = HexFormat.of();

    private RowDigests() {
    }

    /**
     * The double a single-precision column of the replica holds, as verify compares it with the source's
     * (the double of the float's shortest decimal, {@link ShortestFloat}). A release before this one stored
     * {@code Double.parseDouble(Float.toString(f))}, which Java 17 printed with digits beyond the shortest for
     * some floats: a double of a decimal of at most nine digits that reads back as the float, as every
     * decimal a float was ever printed as is. Such a double counts as the float's own, whatever JVM wrote it
     * or reads it now; any other (a last bit changed by hand) stays as it is, and differs.
     */
    public static double storedSinglePrecision(double stored) {
        float single = (float) stored;
        if (Double.isNaN(stored) || Double.isInfinite(stored) || Float.isInfinite(single) || single == 0
                || Double.doubleToRawLongBits(ShortestFloat.toDouble(single)) == Double.doubleToRawLongBits(stored)) {
            return stored;
        }
        // The 9-digit decimal nearest to the double is the only one of 9 digits or fewer whose double it can be.
        String nine = ShortestFloat.nineDigits(stored);
        if (Double.parseDouble(nine) != stored) {
            return stored;
        }
        // The float that decimal reads as, read from it: its double may narrow to the neighbour (7.038531E-26).
        return ShortestFloat.toDouble(Float.parseFloat(nine));
    }

    /** {@code md5} of the text's UTF-8 bytes, in lower-case hex. */
    public static String md5(CharSequence text) {
        return hex(md5().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A new MD5 digest. */
    public static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    /** Bytes in lower-case hex. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * A row's digest from the source's SQL part (md5 of S, in hex) and the values of the other columns.
     */
    public static String row(String sqlPart, Object[] javaValues) {
        return row(sqlPart, javaValues, new CanonicalText(), md5());
    }

    /** The same, in a buffer and with a digest the caller reuses from row to row. */
    public static String row(String sqlPart, Object[] javaValues, CanonicalText text, MessageDigest md5) {
        text.clear();
        text.ascii(sqlPart);
        for (Object value : javaValues) {
            text.value(value);
        }
        return hex(text.md5(md5));
    }
}
