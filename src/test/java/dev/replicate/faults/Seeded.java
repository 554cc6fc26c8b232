package dev.replicate.faults;

import java.util.Random;

/**
 * Repeatable randomness and the soak knob. Every randomized scenario draws from one seed, printed
 * on failure; {@code -Dreplicate.seed=N} replays it. (Thread timing is not replayed: the seed fixes
 * what the scenario does and when it aims to do it, the machine decides the interleaving.)
 * {@code -Dreplicate.soak=N} multiplies iteration counts and durations by N for a long run.
 */
final class Seeded {
    private Seeded() {
    }

    static long seed() {
        String given = System.getProperty("replicate.seed");
        return given == null || given.isBlank() ? new Random().nextLong() : Long.parseLong(given.strip());
    }

    static int soak() {
        return Math.max(1, Integer.getInteger("replicate.soak", 1));
    }

    /** A scenario body that gets the seeded random. */
    interface Body {
        void run(Random random) throws Exception;
    }

    /** Runs the body; any failure is rethrown with the seed and how to replay it. */
    static void run(String scenario, Body body) throws Exception {
        long seed = seed();
        System.out.println("[faults] " + scenario + ": seed " + seed + ", soak x" + soak());
        try {
            body.run(new Random(seed));
        } catch (AssertionError | Exception e) {
            String replay = " [" + scenario + " seed " + seed + "; replay with -Dreplicate.seed=" + seed + "]";
            AssertionError wrapped = new AssertionError(e.getMessage() + replay, e);
            throw wrapped;
        }
    }
}
