package dev.replicate.sqlite;

import dev.replicate.source.ShortestFloat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Identities for rows of tables without a primary key, so that re-reading rows (each run starts at
 * the last watermark, inclusive, minus the lookback) never duplicates them. A row's identity is a
 * digest of its non-NULL values by column name, plus its occurrence number among identical rows:
 * two genuinely identical source rows stay two rows. Identical rows share their watermark, and a run
 * always reads a watermark's rows together, so occurrence counting restarts whenever the watermark
 * moves on, which also keeps memory flat. "Moves on" is the source's word: numeric 1.0 and 1.00 are
 * one value there, whose rows may come mixed, so numbers are compared by value; text the source holds
 * equal while spelling it otherwise comes each spelling together (ReadRequest#toldApartByValues).
 * Counted any other way, two identical rows could get one identity, and one would be lost. NULLs
 * are left out of the digest so that a column added at the source (NULL in old rows) does not change
 * the identity of rows already stored. A column
 * that holds values in rows already stored (one newly selected, or added at the source with a
 * DEFAULT) would change it, so a table whose stored columns change is synced again from the start
 * (TableSync) rather than given the column in place.
 *
 * <p>One value is not stored as the source holds it while the rows of each of its values are counted
 * apart: a watermark read from a value that is stored as NULL (MySQL's zero dates, 2024-05-00, read as
 * the day before). Rows that differ only in such a watermark would store the same values in two groups,
 * each counted the first of its kind, so the watermark as read joins the digest of such a row.
 *
 * <p>A single-precision value (PostgreSQL's real, MySQL's FLOAT) is digested as the text of the double an
 * earlier release stored for its float, {@code Double.parseDouble(Float.toString(f))}, not as the double now
 * stored: that one is the double of the float's shortest decimal, which Java 17's Float.toString did not
 * always print (JDK-4511638), so the stored double of some floats changed. A row re-read from the source
 * (each run reads the stored watermark's rows again) keeps the identity an earlier release gave it, on the
 * same JVM, and is not stored twice.
 */
public final class RowKeys {
    private final List<String> columnNames;
    private final MessageDigest digest;
    private final DigestCounts occurrences = new DigestCounts();
    private Object currentWatermark;
    private final int watermarkIndex;
    private final boolean[] singlePrecision;

    public RowKeys(List<String> columnNames) {
        this(columnNames, null);
    }

    /** @param watermarkColumn the watermark's column among {@code columnNames}; null for none */
    public RowKeys(List<String> columnNames, String watermarkColumn) {
        this(columnNames, watermarkColumn, new boolean[columnNames.size()]);
    }

    /**
     * @param watermarkColumn the watermark's column among {@code columnNames}; null for none
     * @param singlePrecision for each column, whether its values are floats held as doubles (see above)
     */
    public RowKeys(List<String> columnNames, String watermarkColumn, boolean[] singlePrecision) {
        if (singlePrecision.length != columnNames.size()) {
            throw new IllegalArgumentException(singlePrecision.length + " flags for " + columnNames.size() + " columns");
        }
        this.columnNames = columnNames;
        this.singlePrecision = singlePrecision.clone();
        this.watermarkIndex = watermarkColumn == null ? -1 : columnNames.indexOf(watermarkColumn);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public String next(Object[] values, Object watermark) {
        if (!sameWatermark(watermark, currentWatermark)) {
            occurrences.clear();
            currentWatermark = watermark;
        }
        byte[] hash = hash(values, watermark);
        int occurrence = occurrences.add(half(hash, 0), half(hash, 8));
        return HexFormat.of().formatHex(hash, 0, 16) + ":" + occurrence;
    }

    /**
     * Whether two watermark values, as a source hands them over, are one value in the source's order:
     * numbers by value (numeric 1.0 and 1.00 are one value, whose rows the source may hand over mixed),
     * the rest as they are.
     */
    public static boolean sameWatermark(Object watermark, Object current) {
        if (watermark instanceof BigDecimal number && current instanceof BigDecimal other) {
            return number.compareTo(other) == 0;
        }
        return Objects.equals(watermark, current);
    }

    private static long half(byte[] hash, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = value << 8 | (hash[i] & 0xff);
        }
        return value;
    }

    /** The first 16 bytes of the row's digest: the identity, before its occurrence number. */
    private byte[] hash(Object[] values, Object watermark) {
        digest.reset();
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                continue;
            }
            update(columnNames.get(i).getBytes(StandardCharsets.UTF_8));
            if (value instanceof byte[] bytes) {
                digest.update((byte) 'b');
                update(bytes);
            } else if (singlePrecision[i] && value instanceof Double real) {
                digest.update((byte) 'D');
                update(earlierText(real).getBytes(StandardCharsets.UTF_8));
            } else {
                digest.update((byte) value.getClass().getSimpleName().charAt(0));
                update(value.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        if (watermarkIndex >= 0 && values[watermarkIndex] == null && watermark != null) {
            // After every column's entry, and unlike any (which starts with a name's length): one digest per value read.
            digest.update((byte) 'w');
            update(watermark.toString().getBytes(StandardCharsets.UTF_8));
        }
        return digest.digest();
    }

    /** The text of {@link #earlierDouble}: what a single-precision value's identity digests. */
    public static String earlierText(double value) {
        return Double.toString(earlierDouble(value));
    }

    /**
     * The double an earlier release stored for the float {@code value} holds, the same for the old double and
     * the new one, on one JVM. The float is the one the double narrows to, but for the rare decimal whose double
     * narrows to the neighbouring float (7.038531E-26, of every float's decimals by ShortestFloatExhaustive): the
     * float that decimal reads as, read from the decimal itself.
     */
    public static double earlierDouble(double value) {
        float single = (float) value;
        double earlier = Double.parseDouble(Float.toString(single));
        if (earlier != value && ShortestFloat.toDouble(single) != value && !Double.isNaN(value)
                && !Double.isInfinite(value) && single != 0) {
            earlier = Double.parseDouble(Float.toString(Float.parseFloat(ShortestFloat.nineDigits(value))));
        }
        return earlier;
    }

    /** Length-prefixed, so that ("ab","c") and ("a","bc") differ. */
    private void update(byte[] bytes) {
        int length = bytes.length;
        digest.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        digest.update(bytes);
    }
}
