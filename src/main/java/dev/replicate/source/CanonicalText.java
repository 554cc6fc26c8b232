package dev.replicate.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Canonical texts (see {@link RowDigests}) written as UTF-8 bytes into one reusable buffer: a range
 * of rows is hashed without a String or a byte array per value, which the replica's side of
 * {@code verify} would otherwise build for each of its millions of values.
 */
public final class CanonicalText {
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAN = "NaN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[256];
    private int length;

    /** Empties the buffer. */
    public void clear() {
        length = 0;
    }

    public int length() {
        return length;
    }

    /** A Java value as the column readers give it: null, an integer type, a floating type, bytes, or text. */
    public void value(Object value) {
        if (value == null) {
            nul();
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            integer(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            real(((Number) value).doubleValue());
        } else if (value instanceof byte[] blob) {
            blob(blob, blob.length);
        } else {
            text(value.toString());
        }
    }

    public void nul() {
        room(1);
        bytes[length++] = 'N';
    }

    public void integer(long value) {
        room(22);
        bytes[length++] = 'I';
        if (value == Long.MIN_VALUE) {
            System.arraycopy(MIN_LONG, 0, bytes, length, MIN_LONG.length);
            length += MIN_LONG.length;
        } else {
            if (value < 0) {
                bytes[length++] = '-';
                value = -value;
            }
            digits(value);
        }
        bytes[length++] = ';';
    }

    /** A real by its bits; zero of either sign as +0.0; NaN as the text replicate stores for it. */
    public void real(double value) {
        if (Double.isNaN(value)) {
            text(NAN, NAN.length);
            return;
        }
        long bits = value == 0 ? 0 : Double.doubleToRawLongBits(value);
        room(18);
        bytes[length++] = 'R';
        for (int shift = 60; shift >= 0; shift -= 4) {
            bytes[length++] = HEX_DIGITS[(int) (bits >>> shift) & 0xf];
        }
        bytes[length++] = ';';
    }

    public void text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        text(utf8, utf8.length);
    }

    /**
     * A text given as its UTF-8 bytes, as SQLite hands it over: {@code T}, the text with a backslash before
     * each backslash and each semicolon, then a semicolon. (The bytes of a backslash and a semicolon never
     * occur inside a UTF-8 sequence.) A source's SQL escapes the texts that may hold either with two
     * replace calls, which find nothing to replace in most texts; a length prefix would cost a second
     * output of values such as jsonb or timestamptz.
     */
    public void text(byte[] utf8, int count) {
        room(2 + 2 * count);
        bytes[length++] = 'T';
        for (int i = 0; i < count; i++) {
            byte b = utf8[i];
            if (b == '\\' || b == ';') {
                bytes[length++] = '\\';
            }
            bytes[length++] = b;
        }
        bytes[length++] = ';';
    }

    public void blob(byte[] blob, int count) {
        room(2 + 2 * count);
        bytes[length++] = 'B';
        for (int i = 0; i < count; i++) {
            bytes[length++] = HEX_DIGITS[(blob[i] >> 4) & 0xf];
            bytes[length++] = HEX_DIGITS[blob[i] & 0xf];
        }
        bytes[length++] = ';';
    }

    /** ASCII text as it is, without a tag (the hex of an md5). */
    public void ascii(String text) {
        room(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
    }

    /** Another buffer's texts, after this one's. */
    public void append(CanonicalText other) {
        room(other.length);
        System.arraycopy(other.bytes, 0, bytes, length, other.length);
        length += other.length;
    }

    /** Hands the buffer to {@code digest}. */
    public void feed(MessageDigest digest) {
        digest.update(bytes, 0, length);
    }

    /** The md5 of the buffer (the digest is reset by it). */
    public byte[] md5(MessageDigest digest) {
        feed(digest);
        return digest.digest();
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void digits(long positive) {
        long divisor = 1;
        while (divisor <= positive / 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            bytes[length++] = (byte) ('0' + (positive / divisor) % 10);
        }
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
