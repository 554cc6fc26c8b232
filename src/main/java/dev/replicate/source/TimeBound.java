package dev.replicate.source;

/**
 * A bound on each statement's time that replicate's own login sets at the source, which a statement ran
 * into ({@link Source#loginTimeBound}): the setting's name, and how to lift it for that login alone.
 */
public record TimeBound(String setting, String lift) {
}
