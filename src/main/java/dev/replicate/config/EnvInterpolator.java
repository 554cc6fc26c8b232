package dev.replicate.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in configuration strings with values from the
 * environment, so that secrets stay out of configuration files. As in the shell, the default applies
 * when the variable is unset or empty.
 */
final class EnvInterpolator {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
    /**
     * The shell's other expansions (${VAR-x}, ${VAR:=x}, ${VAR?}, ${VAR:+x}...), which an operator may
     * write out of habit: taken as literal text they gave a password or a URL that was silently wrong.
     */
    private static final Pattern SHELL_ONLY = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:[=?+]|[-=?+])");

    private final Map<String, String> environment;

    EnvInterpolator(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The names of the variables {@code text} references (set, or defaulted) whose value holds {@code c}. */
    List<String> referencesHolding(String text, char c) {
        Matcher matcher = REFERENCE.matcher(text);
        List<String> names = new java.util.ArrayList<>();
        while (matcher.find()) {
            String value = environment.get(matcher.group(1));
            if (value == null || value.isEmpty()) {
                value = matcher.group(2) != null ? matcher.group(3) : "";
            }
            if (value.indexOf(c) >= 0 && !names.contains(matcher.group(1))) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /**
     * The text with every reference replaced; an unset variable without a default is reported in
     * {@code problems} (by name, never by value) and left in place.
     */
    String interpolate(String text, String path, List<ConfigProblem> problems) {
        // Named by the variable and the operator only: the text around may be a secret.
        Matcher shellOnly = SHELL_ONLY.matcher(text);
        while (shellOnly.find()) {
            String name = shellOnly.group(1);
            problems.add(new ConfigProblem(path, "${" + name + shellOnly.group(2) + "...} is not a reference replicate"
                    + " reads; write ${" + name + "} or ${" + name + ":-default}"));
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (matcher.group(3) != null && matcher.group(3).contains("${")) {
                // The default ends at the first }, so the inner reference's } closed the outer one.
                problems.add(new ConfigProblem(path, "${" + name + ":-...} holds another ${...} in its default, which"
                        + " replicate does not read; write ${NAME} or ${NAME:-default} with a plain default"));
                matcher.appendReplacement(result, Matcher.quoteReplacement(matcher.group()));
                continue;
            }
            String set = environment.get(name);
            String value = set;
            if (value == null || value.isEmpty()) {
                value = matcher.group(2) != null ? matcher.group(3) : null;
            }
            if (value == null && set != null) {
                // "is not set" sent a user with an exported empty password looking for a typo.
                problems.add(new ConfigProblem(path, "environment variable " + name + " is empty, which counts as not set"
                        + " (write ${" + name + ":-default} to give a default, ${" + name + ":-} for an empty value)"));
                value = matcher.group();
            } else if (value == null) {
                problems.add(new ConfigProblem(path, "environment variable " + name + " is not set"
                        + " (write ${" + name + ":-default} to give a default)"));
                value = matcher.group();
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
