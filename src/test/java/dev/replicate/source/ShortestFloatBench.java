package dev.replicate.source;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Nanoseconds a value of ShortestFloat against the String round trip it replaced, by hand (not a test):
 * <pre>
 *   mvn -B -ntp -q test-compile
 *   java -cp target/classes:target/test-classes:$(cat cp.txt) dev.replicate.source.ShortestFloatBench
 * </pre>
 * (cp.txt: {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}). Three sets of a million floats:
 * random bits (every binade alike), uniform in [0, 10^6), and two-decimal amounts; each timed over several
 * warmed rounds, the best kept. And the COPY reader's two ways with a real's text: the server's shortest
 * text parsed as a double, against Float.parseFloat of the text then ShortestFloat.
 */
public final class ShortestFloatBench {
    private static final int VALUES = 1 << 20;
    private static final int ROUNDS = 15;
    private static double sink;

    private ShortestFloatBench() {
    }

    public static void main(String[] args) {
        SplittableRandom random = new SplittableRandom(42);
        float[] bits = new float[VALUES];
        float[] uniform = new float[VALUES];
        float[] cents = new float[VALUES];
        for (int i = 0; i < VALUES; i++) {
            float f;
            do {
                f = Float.intBitsToFloat(random.nextInt());
            } while (Float.isNaN(f) || Float.isInfinite(f));
            bits[i] = f;
            uniform[i] = (float) (random.nextDouble() * 1e6);
            cents[i] = Float.parseFloat(java.math.BigDecimal.valueOf(random.nextLong(-10_000_000, 10_000_000), 2)
                    .toPlainString());
        }
        System.out.println("Java " + Runtime.version());
        for (String name : new String[] {"random bits", "uniform [0, 1e6)", "two decimals"}) {
            float[] values = name.startsWith("random") ? bits : name.startsWith("uniform") ? uniform : cents;
            double old = best(() -> {
                double sum = 0;
                for (float f : values) {
                    sum += Double.valueOf(Float.toString(f));
                }
                return sum;
            });
            double ours = best(() -> {
                double sum = 0;
                for (float f : values) {
                    sum += ShortestFloat.toDouble(f);
                }
                return sum;
            });
            System.out.printf("%-18s Double.valueOf(Float.toString(f)) %6.1f ns   ShortestFloat %6.1f ns%n", name, old, ours);
        }
        byte[][] texts = new byte[VALUES][];
        for (int i = 0; i < VALUES; i++) {
            texts[i] = new java.math.BigDecimal(ShortestFloat.toDouble(cents[i])).round(new java.math.MathContext(9))
                    .stripTrailingZeros().toPlainString().getBytes(StandardCharsets.US_ASCII);
        }
        double parsed = best(() -> {
            double sum = 0;
            for (byte[] text : texts) {
                sum += JavaDoubleParser.parseDouble(text, 0, text.length);
            }
            return sum;
        });
        double viaFloat = best(() -> {
            double sum = 0;
            for (byte[] text : texts) {
                sum += ShortestFloat.toDouble(Float.parseFloat(new String(text, 0, text.length,
                        StandardCharsets.ISO_8859_1)));
            }
            return sum;
        });
        System.out.printf("COPY text of two decimals: parsed as double %6.1f ns   Float.parseFloat + ShortestFloat %6.1f ns%n",
                parsed, viaFloat);
        System.out.println(sink == 42 ? "" : "(done)");
    }

    /** The best of the rounds, in nanoseconds a value, after the first few (warm-up) rounds. */
    private static double best(java.util.function.DoubleSupplier round) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long start = System.nanoTime();
            sink += round.getAsDouble();
            double perValue = (System.nanoTime() - start) / (double) VALUES;
            if (r >= 5) {
                best = Math.min(best, perValue);
            }
        }
        return best;
    }
}
