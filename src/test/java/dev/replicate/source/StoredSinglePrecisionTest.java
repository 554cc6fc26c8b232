package dev.replicate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.testing.EarlierFloats;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Verify's reading of a single-precision column of the replica (RowDigests#storedSinglePrecision): the
 * double an earlier release stored for a float is taken as this release's, and nothing else is.
 */
class StoredSinglePrecisionTest {

    private static void same(double expected, double stored) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(
                RowDigests.storedSinglePrecision(stored)), () -> stored + " read as "
                + RowDigests.storedSinglePrecision(stored) + ", not " + expected);
    }

    @Test
    void theDoublesJava17StoredAreTakenAsTheShortestDecimals() {
        for (String text : EarlierFloats.PRINTED_LONG) {
            float f = Float.parseFloat(text);
            same(Double.parseDouble(text), Double.parseDouble(Float.toString(f)));
            same(Double.parseDouble(text), Double.parseDouble(text));
        }
    }

    /** Any float's decimal of nine digits or fewer (as any JVM printed it) is its shortest's double. */
    @Test
    void everyShortDecimalOfAFloatIsItsShortest() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isNaN(f) || Float.isInfinite(f)) {
                continue;
            }
            double shortest = ShortestFloat.toDouble(f);
            same(shortest, shortest);
            same(shortest, Double.parseDouble(Float.toString(f)));
            same(shortest, Double.parseDouble(String.format(java.util.Locale.ROOT, "%.8e", f)));
            if (f != 0) {
                // One bit more or less than a float's decimal (by hand): not a float's decimal, kept to differ.
                same(Math.nextUp(shortest), Math.nextUp(shortest));
                same(Math.nextDown(shortest), Math.nextDown(shortest));
            }
        }
    }

    /**
     * The one decimal of a float (of every float, by ShortestFloatExhaustive) whose double narrows to the
     * neighbouring float: 7.038531E-26 is the float 0x15ae43fd, its double narrows to 0x15ae43fe. It is the
     * source's double, not a difference (it was taken for the neighbour's 7.0385313E-26).
     */
    @Test
    void aDecimalWhoseDoubleNarrowsToTheNeighbourIsItsOwnFloats() {
        double stored = Double.parseDouble("7.038531E-26");
        assertEquals(0x15ae43fe, Float.floatToRawIntBits((float) stored));
        assertEquals(stored, ShortestFloat.toDouble(Float.intBitsToFloat(0x15ae43fd)));
        same(stored, stored);
        same(-stored, -stored);
    }

    @Test
    void whatNoFloatHoldsStaysAsItIs() {
        for (double stored : new double[] {0.0, -0.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 1e300, -1e300, 1e-300, Double.MIN_VALUE, 0.1, 1.0 / 3}) {
            same(stored, stored);
        }
    }
}
