package dev.replicate.sync;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A replica key value told by its bytes: a blob, or a text that is not UTF-8, which the driver reads
 * back with U+FFFD for each bad byte (a String no stored value equals, so the row could never be
 * found again by it). Neither can come from a source (see {@link StrayKeys}); both are typed in by
 * hand. Equal by content, and named as the SQLite literal of the value: {@code X'41'}, or
 * {@code CAST(X'6BFF' AS TEXT)}.
 *
 * @param text whether SQLite stores the value as TEXT (else as a BLOB)
 */
record StoredBytes(byte[] bytes, boolean text) {

    /**
     * The key value in column {@code index} of the current row: a blob or a text that is not UTF-8 as
     * its bytes, anything else as the driver reads it (integers as Long; see ReplicaDigests#normalKey).
     * Only a text holding U+FFFD is read a second time, as bytes, to tell one stored so from a bad byte.
     */
    static Object keyValue(ResultSet rs, int index, Object value) throws SQLException {
        if (value instanceof byte[] blob) {
            return new StoredBytes(blob, false);
        }
        if (value instanceof String s && s.indexOf('\uFFFD') >= 0) {
            byte[] stored = rs.getBytes(index);
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(stored));
            } catch (CharacterCodingException e) {
                return new StoredBytes(stored, true);
            }
        }
        return value;
    }

    /** The condition that holds for exactly this value in {@code column}, with one parameter: {@link #bytes}. */
    String condition(String column) {
        return "(typeof(" + column + ") = '" + (text ? "text" : "blob") + "' AND CAST(" + column + " AS BLOB) = ?)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredBytes that && text == that.text && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 2 + (text ? 1 : 0);
    }

    @Override
    public String toString() {
        String literal = "X'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
        return text ? "CAST(" + literal + " AS TEXT)" : literal;
    }
}
