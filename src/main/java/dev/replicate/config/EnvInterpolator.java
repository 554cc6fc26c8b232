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
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = environment.get(name);
            if (value == null || value.isEmpty()) {
                value = matcher.group(2) != null ? matcher.group(3) : null;
            }
            if (value == null) {
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
