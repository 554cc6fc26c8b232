package dev.replicate.sync;

import dev.replicate.config.Lookback;
import dev.replicate.source.WatermarkKind;
import java.util.Optional;

/**
 * {@link Position}'s rules for callers that hold a raw value and its kind apart (the metrics' lag
 * figures read stored values this way). The engine itself works with {@link Position}.
 */
public final class Watermarks {
    private Watermarks() {
    }

    public static String encode(WatermarkKind kind, Object value) {
        return new Position(kind, value).encode();
    }

    public static Object decode(WatermarkKind kind, String text) {
        return Position.decode(kind, text).value();
    }

    /** Two values of one kind, in order. */
    public static int compare(Object a, Object b) {
        return Position.compareValues(a, b);
    }

    /** See {@link Position#minus}. */
    public static Optional<Object> startFrom(WatermarkKind kind, Object last, Optional<Lookback> lookback) {
        return new Position(kind, last).minus(lookback).map(Position::value);
    }
}
