package dev.replicate.cli.docs;

/** Writes roff for the man(7) macros: escaping, fonts and the few blocks a man page needs. */
final class Roff {
    private final StringBuilder text = new StringBuilder();

    /**
     * Text safe to put on a roff line: backslashes and hyphens escaped (a plain - may print as a
     * hyphen, which breaks copying options), and nothing at the start of a line read as a request.
     */
    static String escape(String plain) {
        String escaped = plain.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    static String bold(String plain) {
        return "\\fB" + escape(plain) + "\\fR";
    }

    static String italic(String plain) {
        return "\\fI" + escape(plain) + "\\fR";
    }

    void comment(String comment) {
        text.append(".\\\" ").append(comment).append('\n');
    }

    void macro(String line) {
        text.append(line).append('\n');
    }

    void section(String name) {
        text.append(".SH \"").append(name).append("\"\n");
    }

    /** A line of running text, already escaped; one with a line break in it becomes several lines. */
    void text(String escaped) {
        for (String line : escaped.split("\n")) {
            text.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line).append('\n');
        }
    }

    /** A tagged paragraph: the term on its own line, the meaning indented below. */
    void item(String term, String meaning) {
        macro(".TP");
        text(term);
        text(meaning);
    }

    /** A command line, indented and unfilled so it can be copied as it is. */
    void example(String command) {
        macro(".PP");
        macro(".RS 4");
        macro(".nf");
        text(bold(command));
        macro(".fi");
        macro(".RE");
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
