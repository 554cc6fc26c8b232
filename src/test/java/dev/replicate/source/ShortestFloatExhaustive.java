package dev.replicate.source;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every finite float through ShortestFloat: a program run by hand, not a test (minutes on all cores). On a
 * JVM whose Float.toString is the shortest decimal (Java 19 and newer; run it on Temurin 25):
 * <pre>
 *   mvn -B -ntp -q test-compile
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp target/classes:target/test-classes \
 *       dev.replicate.source.ShortestFloatExhaustive
 * </pre>
 * It checks, for each float f:
 * <ul>
 * <li>ShortestFloat.toDouble(f) is Double.parseDouble(Float.toString(f)), bit for bit, but where PostgreSQL's
 * choice differs from Java's, each counted and a few shown: the subnormals that one digit tells apart,
 * printed with one by PostgreSQL (1e-45) and two by Java (1.4E-45); and the floats whose Java decimal lies
 * exactly halfway to a neighbour, which PostgreSQL never prints (3e10f: Java 3.0E10, PostgreSQL
 * 3.0000001e+10). Any other difference fails;</li>
 * <li>the double of Float.toString(f) (on Java 17, the double an earlier release stored) and ShortestFloat's give
 * a keyless row the earlier release's identity (RowKeys#earlierText), and verify takes both as ShortestFloat's
 * (RowDigests#storedSinglePrecision). Checked where either double differs from the other or does not narrow
 * to f (a double of a decimal of f may narrow to the neighbour: 7.038531E-26): elsewhere both hold by
 * construction.</li>
 * </ul>
 * On Java 17 the first check is skipped (its Float.toString is not the shortest) and the second still runs.
 */
public final class ShortestFloatExhaustive {
    private ShortestFloatExhaustive() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean shortestJdk = Runtime.version().feature() >= 19;
        int threads = Runtime.getRuntime().availableProcessors();
        AtomicLong checked = new AtomicLong();
        AtomicLong oneDigit = new AtomicLong();
        AtomicLong halfway = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<String> shown = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread worker = new Thread(() -> {
                long count = 0;
                for (long b = first; b <= 0xffffffffL; b += threads) {
                    int bits = (int) b;
                    float f = Float.intBitsToFloat(bits);
                    if (Float.isNaN(f)) {
                        continue;
                    }
                    count++;
                    double ours = ShortestFloat.toDouble(f);
                    double old = Double.parseDouble(Float.toString(f));
                    if (ours != old || (float) ours != f || (float) old != f) {
                        String earlier = Double.toString(old);
                        if (!dev.replicate.sqlite.RowKeys.earlierText(ours).equals(earlier)
                                || !dev.replicate.sqlite.RowKeys.earlierText(old).equals(earlier)) {
                            failures.incrementAndGet();
                            note(shown, "identity not the earlier one: " + f + " ours " + ours + " earlier " + old);
                        }
                        if (Double.doubleToRawLongBits(RowDigests.storedSinglePrecision(old)) != Double.doubleToRawLongBits(ours)
                                || Double.doubleToRawLongBits(RowDigests.storedSinglePrecision(ours)) != Double.doubleToRawLongBits(ours)) {
                            failures.incrementAndGet();
                            note(shown, "verify does not take the earlier or our double as ours: " + f);
                        }
                    }
                    if (shortestJdk && Double.doubleToRawLongBits(ours) != Double.doubleToRawLongBits(old)) {
                        boolean subnormal = (bits & 0x7f800000) == 0;
                        long decimal = ShortestFloat.decimal(bits);
                        if (subnormal && ShortestFloat.digits(decimal) < 10) {
                            if (oneDigit.incrementAndGet() <= 5) {
                                note(shown, "one digit (kept): " + Float.toString(f) + " is " + ours);
                            }
                        } else if (halfwayToANeighbour(f)) {
                            if (halfway.incrementAndGet() <= 5) {
                                note(shown, "halfway (not taken): " + Float.toString(f) + " is " + ours);
                            }
                        } else {
                            failures.incrementAndGet();
                            note(shown, "differs: " + Float.toString(f) + " (bits " + Integer.toHexString(bits)
                                    + ") ours " + ours);
                        }
                    }
                }
                checked.addAndGet(count);
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        shown.forEach(System.out::println);
        System.out.printf("Java %s, %d threads: %,d finite floats in %.0f s; %,d subnormals of one digit; %,d Java"
                + " decimals halfway to a neighbour; %,d failures%s%n", Runtime.version(), threads, checked.get(),
                (System.nanoTime() - started) / 1e9, oneDigit.get(), halfway.get(), failures.get(), shortestJdk ? "" : " (Float.toString not the shortest here: only identities and verify checked)");
        System.exit(failures.get() == 0 ? 0 : 1);
    }

    /** Whether Java's decimal of {@code f} lies exactly halfway between it and a neighbour. */
    private static boolean halfwayToANeighbour(float f) {
        java.math.BigDecimal decimal = new java.math.BigDecimal(Float.toString(Math.abs(f)));
        java.math.BigDecimal exact = new java.math.BigDecimal(Math.abs(f));
        java.math.BigDecimal two = java.math.BigDecimal.valueOf(2);
        float up = Math.nextUp(Math.abs(f));
        return decimal.compareTo(exact.add(new java.math.BigDecimal(Math.nextDown(Math.abs(f)))).divide(two)) == 0
                || !Float.isInfinite(up) && decimal.compareTo(exact.add(new java.math.BigDecimal(up)).divide(two)) == 0;
    }

    private static void note(List<String> shown, String line) {
        if (shown.size() < 40) {
            shown.add(line);
        }
    }
}
