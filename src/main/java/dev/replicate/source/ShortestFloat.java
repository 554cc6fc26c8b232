package dev.replicate.source;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A float as the double of its shortest decimal form, the one PostgreSQL prints for a real (12 and newer,
 * through Ryu) and Java 19 and newer for {@code Float.toString}: 1.1f as 1.1, not 1.100000023841858.
 * {@code Double.valueOf(Float.toString(f))} gave that only from Java 19 on: Java 17's Float.toString prints
 * digits beyond the shortest for 10.9% of floats (JDK-4511638: 1e11f as 9.9999998E10), most between 2^25 and
 * 2^63, so a replica's value depended on the JVM that wrote it and differed from the source's own text.
 *
 * <p>The digits are found by Ryu's float algorithm, ported from {@code f2s.c} of Ulf Adams's Ryu
 * (https://github.com/ulfjack/ryu, Copyright 2018 Ulf Adams, used under the Apache License 2.0) as PostgreSQL
 * runs it for {@code float4out}: the digits PostgreSQL prints. So, unlike Java 19+, it never takes a decimal
 * exactly halfway between the float and a neighbour, which reads back as the float only by the tie rule
 * (3e10f is 3.0000001e+10, where Java 19+ prints 3.0E10: PostgreSQL compiles Ryu without STRICTLY_SHORTEST);
 * and a subnormal that one digit tells apart keeps one ({@code Float.MIN_VALUE} is 1e-45, where Java 19+
 * prints 1.4E-45, its specification asking for two digits). Its multipliers are computed here with BigInteger
 * from their definition rather than copied. The double is then built without a String: exactly with one
 * multiplication or division when the power of ten is within 10^22, else by 128-bit integer arithmetic;
 * 26 to 33 ns a value against 76 to 198 ns for the String round trip (ShortestFloatBench, Java 17, two
 * decimals to random bits, measured while another program kept both cores busy).
 *
 * <p>Proven against every finite float by {@code ShortestFloatExhaustive} (a program run by hand on a JVM
 * whose Float.toString is the shortest: see its comment).
 */
public final class ShortestFloat {
    private static final int MANTISSA_BITS = 23;
    private static final int EXPONENT_BIAS = 127;
    private static final int POW5_INV_BITCOUNT = 59;
    private static final int POW5_BITCOUNT = 61;
    /** 2^(59 + pow5bits(q) - 1) / 5^q, rounded up, for q from 0 to 30: Ryu's FLOAT_POW5_INV_SPLIT. */
    private static final long[] POW5_INV_SPLIT = new long[31];
    /**
     * 5^i scaled to 61 bits, rounded down, for i from 0 to 47: Ryu's FLOAT_POW5_SPLIT, and one more, for the digit
     * removed below the smallest subnormals' (i + 1 where i is 46).
     */
    private static final long[] POW5_SPLIT = new long[48];

    /** The powers of ten a double holds exactly. */
    private static final double[] POW10 = new double[23];
    /** The powers of five a long holds. */
    private static final long[] POW5 = new long[28];
    /** The highest power of ten {@link #scaledUp} takes: a float's value is below 10^39. */
    private static final int MAX_UP = 38;
    /** The highest power of ten {@link #scaledDown} takes: a float's shortest decimal is at least 1e-45. */
    private static final int MAX_DOWN = 63;
    /** For 5^k: 2^S / 5^k rounded down, S = 125 + bitLength(5^k), below 2^126, in two 63-bit words (high, low), and S. */
    private static final long[] RECIPROCAL_HIGH = new long[MAX_DOWN + 1];
    private static final long[] RECIPROCAL_LOW = new long[MAX_DOWN + 1];
    private static final int[] RECIPROCAL_SHIFT = new int[MAX_DOWN + 1];

    static {
        for (int q = 0; q < POW5_INV_SPLIT.length; q++) {
            BigInteger pow = BigInteger.valueOf(5).pow(q);
            POW5_INV_SPLIT[q] = BigInteger.ONE.shiftLeft(POW5_INV_BITCOUNT + pow5bits(q) - 1).divide(pow)
                    .add(BigInteger.ONE).longValueExact();
        }
        for (int i = 0; i < POW5_SPLIT.length; i++) {
            BigInteger pow = BigInteger.valueOf(5).pow(i);
            POW5_SPLIT[i] = pow.shiftLeft(POW5_BITCOUNT).shiftRight(pow5bits(i)).longValueExact();
        }
        double ten = 1;
        for (int e = 0; e < POW10.length; e++) {
            POW10[e] = ten;
            ten *= 10;
        }
        long five = 1;
        for (int e = 0; e < POW5.length; e++) {
            POW5[e] = five;
            five *= 5;
        }
        for (int k = 1; k <= MAX_DOWN; k++) {
            BigInteger pow = BigInteger.valueOf(5).pow(k);
            int shift = 125 + pow.bitLength();
            BigInteger reciprocal = BigInteger.ONE.shiftLeft(shift).divide(pow);
            // Below 2^126, as 5^k is not a power of two: two words of 63 bits, whose products with the digits are signed.
            RECIPROCAL_HIGH[k] = reciprocal.shiftRight(63).longValueExact();
            RECIPROCAL_LOW[k] = reciprocal.longValue() & Long.MAX_VALUE;
            RECIPROCAL_SHIFT[k] = shift;
        }
    }

    private ShortestFloat() {
    }

    /**
     * The decimal of nine significant digits nearest to {@code value} (ties to even): the only decimal of nine
     * digits or fewer whose double {@code value} can be, so the one an earlier release printed for the float it
     * stored, when it stored one. For the places that take such a double back ({@code RowKeys}, {@link RowDigests}).
     */
    public static String nineDigits(double value) {
        return new BigDecimal(value).round(new MathContext(9, RoundingMode.HALF_EVEN)).toString();
    }

    /**
     * The double of {@code value}'s shortest decimal: the one closest to it among the shortest that read
     * back as it. Zeros, infinities and NaN as they are.
     */
    public static double toDouble(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7fffffff) == 0 || (bits & 0x7f800000) == 0x7f800000) {
            return value;
        }
        long decimal = decimal(bits);
        double magnitude = toDouble(digits(decimal), exponent(decimal));
        return bits < 0 ? -magnitude : magnitude;
    }

    /** The digits of a {@link #decimal}. */
    static long digits(long decimal) {
        return decimal >>> 8;
    }

    /** The power of ten of a {@link #decimal}'s digits: its value is digits * 10^exponent. */
    static int exponent(long decimal) {
        return (byte) decimal;
    }

    /**
     * The shortest decimal of a finite, non-zero float's magnitude, as Ryu finds it: its digits above its
     * power of ten, which takes the low 8 bits (as a signed byte). One long, so that no object is made.
     */
    static long decimal(int bits) {
        int ieeeMantissa = bits & ((1 << MANTISSA_BITS) - 1);
        int ieeeExponent = (bits >>> MANTISSA_BITS) & 0xff;
        int e2;
        long m2;
        // Two bits more than the float's own, for the bounds halfway to the neighbours.
        if (ieeeExponent == 0) {
            e2 = 1 - EXPONENT_BIAS - MANTISSA_BITS - 2;
            m2 = ieeeMantissa;
        } else {
            e2 = ieeeExponent - EXPONENT_BIAS - MANTISSA_BITS - 2;
            m2 = (1L << MANTISSA_BITS) | ieeeMantissa;
        }
        // No decimal exactly on a bound of the interval (halfway to a neighbour) is taken, though it reads back
        // as this float when its mantissa is even: PostgreSQL's choice (its f2s.c without STRICTLY_SHORTEST),
        // for a strtof that rounds such a tie otherwise. 3e10 is one: the float nearest it prints 3.0000001e+10.

        // The interval of decimals that read back as the float, times 4 (the lower bound is nearer at a power of two).
        long mv = 4 * m2;
        long mp = 4 * m2 + 2;
        long mm = 4 * m2 - ((ieeeMantissa != 0 || ieeeExponent <= 1) ? 2 : 1);

        // In a decimal power base: vm, vr and vp are mm, mv and mp times 2^e2 / 10^e10, rounded down.
        long vr;
        long vp;
        long vm;
        int e10;
        boolean vrIsTrailingZeros = false;
        int lastRemovedDigit = 0;
        if (e2 >= 0) {
            int q = (int) ((e2 * 3010299L) / 10000000L); // log10(2^e2), rounded down
            e10 = q;
            int k = POW5_INV_BITCOUNT + pow5bits(q) - 1;
            int i = -e2 + q + k;
            vr = mulShift(mv, POW5_INV_SPLIT[q], i);
            vp = mulShift(mp, POW5_INV_SPLIT[q], i);
            vm = mulShift(mm, POW5_INV_SPLIT[q], i);
            if (q != 0 && (vp - 1) / 10 <= vm / 10) {
                // One removed digit is needed even when the loop below removes none.
                int l = POW5_INV_BITCOUNT + pow5bits(q - 1) - 1;
                lastRemovedDigit = (int) (mulShift(mv, POW5_INV_SPLIT[q - 1], -e2 + q - 1 + l) % 10);
            }
            if (q <= 9) {
                // Only one of mp, mv and mm can be a multiple of 5, if any.
                if (mv % 5 == 0) {
                    vrIsTrailingZeros = multipleOfPowerOf5(mv, q);
                } else if (multipleOfPowerOf5(mp, q)) {
                    vp--; // the upper bound is an exact decimal: not taken
                }
            }
        } else {
            int q = (int) ((-e2 * 6989700L) / 10000000L); // log10(5^-e2), rounded down
            e10 = q + e2;
            int i = -e2 - q;
            int k = pow5bits(i) - POW5_BITCOUNT;
            int j = q - k;
            vr = mulShift(mv, POW5_SPLIT[i], j);
            vp = mulShift(mp, POW5_SPLIT[i], j);
            vm = mulShift(mm, POW5_SPLIT[i], j);
            if (q != 0 && (vp - 1) / 10 <= vm / 10) {
                j = q - 1 - (pow5bits(i + 1) - POW5_BITCOUNT);
                lastRemovedDigit = (int) (mulShift(mv, POW5_SPLIT[i + 1], j) % 10);
            }
            if (q <= 1) {
                // mv is a multiple of 4, and mp of 2: both exact decimals; the upper bound is not taken.
                vrIsTrailingZeros = true;
                vp--;
            } else if (q < 31) {
                vrIsTrailingZeros = (mv & ((1L << (q - 1)) - 1)) == 0;
            }
        }

        // The shortest decimal in the interval: digits removed while vp and vm still differ above them.
        int removed = 0;
        while (vp / 10 > vm / 10) {
            vrIsTrailingZeros &= lastRemovedDigit == 0;
            long nvr = vr / 10;
            lastRemovedDigit = (int) (vr - 10 * nvr);
            vr = nvr;
            vp /= 10;
            vm /= 10;
            removed++;
        }
        if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0) {
            // The value is exactly halfway between vr and vr + 1 (it ends in 50000...): down, to the even digit.
            lastRemovedDigit = 4;
        }
        // vr + 1 when vr is the lower bound (not taken) or the removed digits round up.
        long output = vr + (vr == vm || lastRemovedDigit >= 5 ? 1 : 0);
        return output << 8 | ((e10 + removed) & 0xff);
    }

    /**
     * {@code digits * 10^exponent}, rounded to the nearest double (ties to even), for the at most nine digits
     * of a float's decimal.
     */
    static double toDouble(long digits, int exponent) {
        // Within 10^22 both the digits (below 2^53) and the power are exact doubles: one rounding, IEEE's.
        if (exponent >= 0 && exponent <= 22) {
            return digits * POW10[exponent];
        }
        if (exponent < 0 && exponent >= -22) {
            return digits / POW10[-exponent];
        }
        if (exponent > 0 && exponent <= MAX_UP) {
            return scaledUp(digits, exponent);
        }
        if (exponent < 0 && -exponent <= MAX_DOWN) {
            return scaledDown(digits, -exponent);
        }
        return Double.parseDouble(digits + "E" + exponent);
    }

    /** {@code digits * 10^e} = {@code digits * 5^e * 2^e}: the product of the first two is exact in 128 bits. */
    private static double scaledUp(long digits, int e) {
        // digits < 2^30 and 5^11 < 2^26: the first product fits in a long, and 5^27 does.
        long x = e > 27 ? digits * POW5[e - 27] : digits;
        long five = POW5[Math.min(e, 27)];
        return rounded(Math.multiplyHigh(x, five), x * five, e);
    }

    /**
     * {@code digits / 10^k} = {@code digits / 5^k * 2^-k}, for k above 22, from digits times R, the reciprocal
     * of 5^k in 126 bits (2^S / 5^k rounded down, S = 125 + bitLength(5^k)), in two 63-bit words H and L:
     * digits * R = digits * H * 2^63 + digits * L. P = digits * H + (digits * L >> 63), 128 bits, falls short of
     * the quotient digits * 2^S / 5^k, divided by 2^63, by less than 2 (one lost in the shift, and digits
     * times R's lost fraction is below 2^30 units of 2^-63). Where P and P + 2 round to one double, so does
     * the quotient. They round apart only for a quotient within about 2^-39 ulp of a halfway point (never on
     * one: 5^k, above 5^13, divides no 9-digit number): that one is left to Double.parseDouble.
     */
    private static double scaledDown(long digits, int k) {
        long h = RECIPROCAL_HIGH[k];
        long l = RECIPROCAL_LOW[k];
        long high = Math.multiplyHigh(digits, h);
        long low = digits * h;
        long carried = Math.multiplyHigh(digits, l) << 1 | (digits * l) >>> 63; // digits * L >> 63, below 2^30
        long sum = low + carried;
        if (Long.compareUnsigned(sum, low) < 0) {
            high++;
        }
        int scale = 63 - RECIPROCAL_SHIFT[k] - k;
        double below = rounded(high, sum, scale);
        long sumAbove = sum + 2;
        double above = rounded(Long.compareUnsigned(sumAbove, sum) < 0 ? high + 1 : high, sumAbove, scale);
        return below == above ? below : Double.parseDouble(digits + "E-" + k);
    }

    /**
     * The 128-bit unsigned {@code (high, low) * 2^scale} rounded to the nearest double: the long that holds
     * its 63 highest bits, with a last bit set when any bit below them is, converts exactly as the whole
     * (Java's long to double rounds to nearest, ties to even). Only for a result in the normal doubles.
     */
    private static double rounded(long high, long low, int scale) {
        if (high == 0 && low >= 0) {
            return Math.scalb((double) low, scale);
        }
        int shift = high == 0 ? 1 : 65 - Long.numberOfLeadingZeros(high);
        long top = high << (64 - shift) | low >>> shift;
        if ((low & ((1L << shift) - 1)) != 0) {
            top |= 1;
        }
        return Math.scalb((double) top, scale + shift);
    }

    /** The bit length of 5^e (1 for e = 0), for e up to 3528 (Ryu's approximation of log2(5)). */
    private static int pow5bits(int e) {
        return e == 0 ? 1 : (int) ((e * 23219280L + 10000000L - 1) / 10000000L);
    }

    /** {@code (m * factor) >> shift} for m below 2^32 and a shift above 32, without the 96-bit product. */
    private static long mulShift(long m, long factor, int shift) {
        long bits0 = m * (factor & 0xffffffffL);
        long bits1 = m * (factor >>> 32);
        return ((bits0 >>> 32) + bits1) >>> (shift - 32);
    }

    private static boolean multipleOfPowerOf5(long value, int p) {
        int count = 0;
        while (value > 0 && value % 5 == 0) {
            value /= 5;
            count++;
        }
        return count >= p;
    }
}
