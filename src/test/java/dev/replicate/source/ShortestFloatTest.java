package dev.replicate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.source.jdbc.CommonReaders;
import dev.replicate.testing.EarlierFloats;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ShortestFloat against a reference that shares nothing with Ryu: BigDecimal finds, for each length from
 * one digit up, the decimals of that length on either side of the float's exact value, keeps those that
 * Float.parseFloat reads back as the float, and takes the nearer (the even one on a tie). Every finite float
 * is checked by ShortestFloatExhaustive, by hand; this runs on each build.
 */
class ShortestFloatTest {

    /**
     * The reference: the double of the shortest decimal nearest to {@code f} strictly between the midpoints to
     * its neighbours (as PostgreSQL prints a real: a decimal exactly on a midpoint is never taken), found by search.
     */
    static double reference(float f) {
        if (f == 0 || Float.isNaN(f) || Float.isInfinite(f)) {
            return f;
        }
        float magnitude = Math.abs(f);
        BigDecimal exact = new BigDecimal(magnitude);
        BigDecimal below = exact.add(new BigDecimal(Math.nextDown(magnitude))).divide(BigDecimal.valueOf(2));
        BigDecimal above = Float.isInfinite(Math.nextUp(magnitude))
                ? exact.add(exact.subtract(new BigDecimal(Math.nextDown(magnitude))).divide(BigDecimal.valueOf(2)))
                : exact.add(new BigDecimal(Math.nextUp(magnitude))).divide(BigDecimal.valueOf(2));
        for (int length = 1; length <= 9; length++) {
            MathContext down = new MathContext(length, RoundingMode.FLOOR);
            MathContext up = new MathContext(length, RoundingMode.CEILING);
            BigDecimal best = null;
            for (BigDecimal candidate : List.of(exact.round(down), exact.round(up))) {
                if (candidate.compareTo(below) <= 0 || candidate.compareTo(above) >= 0) {
                    continue;
                }
                if (best == null) {
                    best = candidate;
                    continue;
                }
                int nearer = candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs());
                if (nearer < 0 || nearer == 0 && !candidate.unscaledValue().testBit(0)) {
                    best = candidate;
                }
            }
            if (best != null) {
                double value = Double.parseDouble(best.toString());
                return f < 0 ? -value : value;
            }
        }
        throw new AssertionError("no decimal of nine digits lies strictly within the midpoints around " + f);
    }

    private static void same(float f) {
        double expected = reference(f);
        double actual = ShortestFloat.toDouble(f);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                () -> f + " (bits " + Integer.toHexString(Float.floatToRawIntBits(f)) + "): expected " + expected
                        + ", got " + actual);
    }

    @Test
    void edgesAreTheShortestDecimals() {
        List<Float> edges = new ArrayList<>(List.of(0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
                Math.nextDown(Float.MIN_NORMAL), Math.nextUp(Float.MIN_NORMAL), Float.MAX_VALUE, -Float.MAX_VALUE,
                Math.nextDown(Float.MAX_VALUE), 1f, -1f, 0.1f, 0.2f, 0.3f, 1.1f, 3.4028235e38f, 1e38f, 1e-45f,
                2.8e-45f, 1.17549435e-38f, 16777216f, 16777217f, 33554432f, 3e10f, 1e11f, 9.999999e-39f));
        for (int e = -149; e <= 127; e++) {
            float power = Math.scalb(1f, e);
            edges.add(power);
            edges.add(Math.nextUp(power));
            edges.add(Math.nextDown(power));
        }
        for (int e = -45; e <= 38; e++) {
            float power = Float.parseFloat("1e" + e);
            edges.add(power);
            edges.add(Math.nextUp(power));
            edges.add(Math.nextDown(power));
        }
        for (float f : edges) {
            same(f);
        }
    }

    @Test
    void zerosInfinitiesAndNanStayAsTheyAre() {
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(ShortestFloat.toDouble(-0f)));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(ShortestFloat.toDouble(0f)));
        assertEquals(Double.POSITIVE_INFINITY, ShortestFloat.toDouble(Float.POSITIVE_INFINITY));
        assertEquals(Double.NEGATIVE_INFINITY, ShortestFloat.toDouble(Float.NEGATIVE_INFINITY));
        assertEquals(Double.NaN, ShortestFloat.toDouble(Float.NaN));
    }

    /**
     * Floats whose Float.toString before Java 19 (JDK-4511638) printed more digits than the shortest, so that
     * the double stored for them was another than the shortest decimal's (PostgreSQL's text): the shortest
     * decimal's double, whatever the JVM, and what the column readers give (CommonReaders#shortestReal).
     */
    @Test
    void floatsJava17PrintedLongAreTheirShortestDecimal() {
        for (String text : EarlierFloats.PRINTED_LONG) {
            float f = Float.parseFloat(text);
            assertEquals(Double.parseDouble(text), ShortestFloat.toDouble(f), text);
            assertEquals(Double.parseDouble(text), CommonReaders.shortestReal(f), text);
            same(f);
        }
    }

    /**
     * PostgreSQL never prints a decimal exactly halfway to a neighbour (3e10 lies halfway between two floats,
     * and reads back as the even one, which PostgreSQL prints 3.0000001e+10; Java 19+ prints 3.0E10).
     */
    @Test
    void aDecimalHalfwayToANeighbourIsNotTaken() {
        assertEquals(3.0000001E10, ShortestFloat.toDouble(3e10f));
        assertEquals(-3.0000001E10, ShortestFloat.toDouble(-3e10f));
    }

    /** PostgreSQL prints the smallest subnormal with the one digit that tells it apart (Java 19+ adds a second). */
    @Test
    void oneDigitSubnormalsKeepOneDigit() {
        assertEquals(1e-45, ShortestFloat.toDouble(Float.MIN_VALUE));
        assertEquals(-3e-45, ShortestFloat.toDouble(-2 * Float.MIN_VALUE));
    }

    @Test
    void twoDecimalValuesAreTheirText() {
        for (int cents = -100_000; cents <= 100_000; cents += 7) {
            String text = BigDecimal.valueOf(cents, 2).toPlainString();
            assertEquals(Double.parseDouble(text), ShortestFloat.toDouble(Float.parseFloat(text)), text);
        }
    }

    /** Floats of random bits, every binade alike, against the reference. */
    @Test
    void randomFloatsAreTheReferences() {
        SplittableRandom random = new SplittableRandom(20261208);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(f)) {
                same(f);
            }
        }
    }

    /** Floats whose decimal takes {@code scaledUp} and {@code scaledDown} (beyond 10^22, and below 10^-22). */
    @Test
    void farPowersOfTenAreTheReferences() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            same(Math.abs(Float.intBitsToFloat(random.nextInt(0x6b000000, 0x7f800000))));
            same(Float.intBitsToFloat(random.nextInt(0x00000001, 0x1a000000)));
        }
    }
}
