package dev.replicate.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, located reads from one JSON object. Every read that fails records a problem at the field's
 * JSON path and returns empty, so that validation can go on and report everything at once.
 */
final class JsonFields {
    private final JsonObject object;
    private final String path;
    private final List<ConfigProblem> problems;
    private final EnvInterpolator interpolator;

    JsonFields(JsonObject object, String path, List<ConfigProblem> problems, EnvInterpolator interpolator) {
        this.object = object;
        this.path = path;
        this.problems = problems;
        this.interpolator = interpolator;
    }

    String path() {
        return path;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    EnvInterpolator interpolator() {
        return interpolator;
    }

    /** Fields of a nested object, sharing this one's problem list and interpolation. */
    JsonFields nested(JsonObject nestedObject, String nestedPath) {
        return new JsonFields(nestedObject, nestedPath, problems, interpolator);
    }

    String pathOf(String key) {
        return path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(new ConfigProblem(pathOf(key), message));
    }

    /** Reports every key that is not allowed here, naming the closest allowed one. */
    void rejectUnknownKeys(Set<String> allowed) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                String hint = closest(key, allowed).map(k -> "; did you mean \"" + k + "\"?")
                        .orElse("; allowed here: " + String.join(", ", allowed.stream().sorted().toList()));
                problem(key, "unknown key \"" + key + "\"" + hint);
            }
        }
    }

    boolean has(String key) {
        return object.has(key) && !object.get(key).isJsonNull();
    }

    Optional<String> string(String key) {
        return string(key, false);
    }

    /**
     * A string that holds a secret: a value of the wrong type is named by its type alone, since a
     * password mistyped as a number is still the password.
     */
    Optional<String> secretString(String key) {
        return string(key, true);
    }

    private Optional<String> string(String key, boolean secret) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonElement value = object.get(key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            problem(key, "must be a string, not " + (secret ? describeType(value) : describe(value)));
            return Optional.empty();
        }
        return Optional.of(interpolator.interpolate(value.getAsString(), pathOf(key), problems));
    }

    /** A string value as written, before its {@code ${VAR}} references are replaced. */
    Optional<String> written(String key) {
        JsonElement value = has(key) ? object.get(key) : null;
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? Optional.of(value.getAsString()) : Optional.empty();
    }

    Optional<String> requiredString(String key) {
        if (!has(key)) {
            problem(key, "is required");
            return Optional.empty();
        }
        Optional<String> value = string(key);
        if (value.isPresent() && value.get().isBlank()) {
            problem(key, "must not be empty");
            return Optional.empty();
        }
        return value;
    }

    Optional<Integer> wholeNumber(String key, int min, int max) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonElement value = object.get(key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            problem(key, "must be a whole number from " + min + " to " + max + ", not " + describe(value));
            return Optional.empty();
        }
        BigDecimal number = value.getAsBigDecimal();
        if (number.stripTrailingZeros().scale() > 0
                || number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            problem(key, "must be a whole number from " + min + " to " + max + ", not " + asWritten(value));
            return Optional.empty();
        }
        return Optional.of(number.intValueExact());
    }

    /**
     * A number for a message, as read: {@code 1e309} as {@code 1E+309}, not its 310 digits written out; one written
     * with hundreds of digits cut short ({@link #shortened}).
     */
    private static String asWritten(JsonElement number) {
        return shortened(number.getAsString());
    }

    /** A text for a message: as it is up to 40 characters, else its first 20 and its length. */
    static String shortened(String text) {
        return text.length() <= 40 ? text : text.substring(0, 20) + "... (" + text.length() + " characters)";
    }

    Optional<JsonArray> array(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonElement value = object.get(key);
        if (!value.isJsonArray()) {
            problem(key, "must be an array, not " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.getAsJsonArray());
    }

    Optional<JsonElement> raw(String key) {
        return has(key) ? Optional.of(object.get(key)) : Optional.empty();
    }

    /** A string, or an array of strings; {@code []} is allowed and means "none". */
    Optional<List<String>> stringOrStrings(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonElement value = object.get(key);
        List<JsonElement> items = new ArrayList<>();
        if (value.isJsonArray()) {
            value.getAsJsonArray().forEach(items::add);
        } else {
            items.add(value);
        }
        List<String> strings = new ArrayList<>();
        for (JsonElement item : items) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                problem(key, "must be a column name or an array of column names, not " + describe(item));
                return Optional.empty();
            }
            strings.add(item.getAsString());
        }
        // Told at the item itself: the shape is right, one name is not.
        boolean ok = true;
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < strings.size(); i++) {
            String name = strings.get(i);
            String at = value.isJsonArray() ? key + "[" + i + "]" : key;
            if (name.isBlank()) {
                problem(at, value.isJsonArray() ? "must not be empty" : "must not be empty; write [] for no primary key");
                ok = false;
                continue;
            }
            // SQLite's names ignore the case of A-Z, so "id" and "ID" are one column there: a key naming it
            // twice would make PRIMARY KEY ("id", "id"). Only of A-Z: "café" and "CAFÉ" are two.
            Integer first = seen.putIfAbsent(dev.replicate.sqlite.SqliteSql.foldCase(name), i);
            if (first != null) {
                String earlier = strings.get(first);
                problem(at, "the column \"" + name + "\" is already " + key + "[" + first + "]"
                        + (earlier.equals(name) ? "" : " (\"" + earlier + "\"; SQLite's names ignore case)")
                        + "; name each column once");
                ok = false;
            }
        }
        return ok ? Optional.of(List.copyOf(strings)) : Optional.empty();
    }

    /** An object whose values are strings, numbers or booleans, all read as strings. */
    Map<String, String> stringMap(String key) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        if (!has(key)) {
            return map;
        }
        JsonElement value = object.get(key);
        if (!value.isJsonObject()) {
            problem(key, "must be an object of names to values, not " + describe(value));
            return map;
        }
        for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
            JsonElement item = entry.getValue();
            String itemPath = pathOf(key) + "." + entry.getKey();
            if (!item.isJsonPrimitive()) {
                problems.add(new ConfigProblem(itemPath, "must be a string, number or boolean, not " + describe(item)));
                continue;
            }
            JsonPrimitive primitive = item.getAsJsonPrimitive();
            String text = primitive.isString() ? interpolator.interpolate(primitive.getAsString(), itemPath, problems)
                    : primitive.getAsString();
            map.put(entry.getKey(), text);
        }
        return map;
    }

    /** The kind of a value without the value itself, for values that may be secrets. */
    static String describeType(JsonElement value) {
        if (value != null && value.isJsonPrimitive()) {
            JsonPrimitive primitive = value.getAsJsonPrimitive();
            return primitive.isBoolean() ? "a boolean" : primitive.isNumber() ? "a number" : "a string";
        }
        return describe(value);
    }

    static String describe(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return "a boolean (" + primitive.getAsBoolean() + ")";
        }
        if (primitive.isNumber()) {
            return "a number (" + primitive.getAsString() + ")";
        }
        return "a string";
    }

    private static Optional<String> closest(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
