package dev.replicate.log;

/**
 * A count's noun as a user reads it: "1 row", "2 rows", "0 rows". Log lines and messages said
 * "1 rows" where the noun was spelled plural after whatever count came.
 */
public final class Counted {
    private Counted() {
    }

    /** {@code singular}, or its plural (an "s" added) unless {@code count} is one. */
    public static String noun(long count, String singular) {
        return count == 1 ? singular : singular + "s";
    }

    /** "1 row", "3 rows". */
    public static String rows(long count) {
        return of(count, "row");
    }

    /** The count and its noun: "1 key", "3 keys". */
    public static String of(long count, String singular) {
        return count + " " + noun(count, singular);
    }

    /** The noun and the names after it, "column a" or "columns a, b". */
    public static String named(String singular, java.util.List<String> names) {
        return noun(names.size(), singular) + " " + String.join(", ", names);
    }

    /** {@code one} when {@code count} is one, else {@code many}: the verb that agrees ("has", "have"). */
    public static String agreeing(long count, String one, String many) {
        return count == 1 ? one : many;
    }
}
