package dev.replicate.cli;

/** ANSI colour, or plain text when colour is off (not a terminal, or NO_COLOR set). */
final class Style {
    private final boolean colour;

    Style(boolean colour) {
        this.colour = colour;
    }

    String green(String text) {
        return wrap("32", text);
    }

    String red(String text) {
        return wrap("31", text);
    }

    String dim(String text) {
        return wrap("2", text);
    }

    String bold(String text) {
        return wrap("1", text);
    }

    private String wrap(String code, String text) {
        return colour ? "\033[" + code + "m" + text + "\033[0m" : text;
    }
}
