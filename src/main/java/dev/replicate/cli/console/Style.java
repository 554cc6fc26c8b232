package dev.replicate.cli.console;

/** ANSI colour, or plain text when colour is off (not a terminal, or NO_COLOR set). */
public final class Style {
    private final boolean colour;

    public Style(boolean colour) {
        this.colour = colour;
    }

    public String green(String text) {
        return wrap("32", text);
    }

    public String red(String text) {
        return wrap("31", text);
    }

    public String dim(String text) {
        return wrap("2", text);
    }

    public String bold(String text) {
        return wrap("1", text);
    }

    private String wrap(String code, String text) {
        return colour ? "\033[" + code + "m" + text + "\033[0m" : text;
    }
}
