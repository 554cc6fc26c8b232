package dev.replicate.source;

/**
 * A bound on each statement's time that the source keeps for replicate's session, which a statement ran into
 * ({@link Source#loginTimeBound}): the setting's name, whose bound it may be (words that follow the name, as
 * "that replicate's login sets"), and how to lift it wherever it was set.
 */
public record TimeBound(String setting, String kept, String lift) {
    /** A bound that replicate's own login sets: the form connectors were written against before {@code kept}. */
    public TimeBound(String setting, String lift) {
        this(setting, "that replicate's login sets", lift);
    }
}
