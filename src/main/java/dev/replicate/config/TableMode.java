package dev.replicate.config;

import java.util.Locale;

/**
 * How a table is read (the configuration's {@code "mode"}): {@link #INCREMENTAL}, by its watermark,
 * each run reading the rows at or after the stored cursor; or {@link #FULL}, whole on every due run,
 * into a shadow table swapped with the old one in one transaction.
 */
public enum TableMode {
    INCREMENTAL,
    FULL;

    /** The configuration's spelling. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
