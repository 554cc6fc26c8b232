package dev.replicate.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Instants for tests that hold a hand-written parser or formatter to the JDK's. */
public final class RandomInstants {
    private RandomInstants() {
    }

    /**
     * 200,000 instants between two, a quarter each with no fraction and with the milli-, micro- and nanoseconds
     * Instant.toString writes in groups of three digits.
     */
    public static List<Instant> between(long seed, String from, String to) {
        SplittableRandom random = new SplittableRandom(seed);
        long min = Instant.parse(from).getEpochSecond();
        long max = Instant.parse(to).getEpochSecond();
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            long nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000L;
                case 2 -> random.nextInt(1_000_000) * 1_000L;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(random.nextLong(min, max), nanos));
        }
        return instants;
    }
}
