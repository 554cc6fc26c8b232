package dev.replicate.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.replicate.source.jdbc.ConnectionUrl;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses a configuration's JSON strictly (RFC 8259) into Gson's tree. Our own parser rather than
 * Gson's, because what a user needs when the file is wrong is what is wrong, in their terms, and
 * where: Gson's messages advise calling {@code JsonReader.setStrictness} and name a path one step
 * beyond the fault. Each fault is told at its line and column (of the offending character) and the
 * JSON path being read.
 *
 * <p>A key given twice in one object is a problem too (Gson keeps the last one silently, other tools
 * the first, so the file means different things to different readers); those are collected, not
 * thrown, so that validation can still report everything at once.
 */
final class JsonText {
    /** Far deeper than any configuration; stops a pathological file before it exhausts the stack. */
    static final int MAX_DEPTH = 200;

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** The text is not JSON: what is wrong, at which line and column, and the JSON path being read. */
    static final class Malformed extends Exception {
        private final String path;

        Malformed(String path, String message) {
            super(message);
            this.path = path;
        }

        String path() {
            return path;
        }
    }

    private final String text;
    private int pos;
    /** The path being read, one segment (".key" or "[i]") per level: joined only for a message. */
    private final List<String> path = new ArrayList<>();
    /** Where each open [ or { is, and the path's length there, for "the text ends before the [ at ... is closed". */
    private final List<int[]> open = new ArrayList<>();
    private final List<ConfigProblem> duplicates;

    private JsonText(String text, List<ConfigProblem> duplicates) {
        this.text = text;
        this.duplicates = duplicates;
    }

    /**
     * Parses the whole text as one JSON value; a leading byte-order mark is skipped, as Gson did.
     * Keys given more than once in an object are added to {@code duplicates}, the last value kept.
     */
    static JsonElement parse(String text, List<ConfigProblem> duplicates) throws Malformed {
        JsonText parser = new JsonText(text, duplicates);
        if (text.startsWith("\uFEFF")) {
            parser.pos = 1;
        }
        JsonElement value = parser.value();
        parser.skipWhitespace();
        if (parser.pos < text.length()) {
            throw parser.fault(parser.pos, "more text after the end of the JSON");
        }
        return value;
    }

    private JsonElement value() throws Malformed {
        skipWhitespace();
        if (pos >= text.length()) {
            throw endOfText();
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return new JsonPrimitive(string());
            case ',':
            case ']':
            case '}':
            case ':':
                throw fault(pos, "a value is missing before " + c);
            default:
                return word();
        }
    }

    private JsonObject object() throws Malformed {
        int start = enter();
        JsonObject object = new JsonObject();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == '}') {
            return leave(object);
        }
        // Where each key starts; the places of a repeated key only once one repeats (rarely ever).
        Map<String, Integer> keyAt = new HashMap<>();
        Map<String, List<Integer>> repeated = null;
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                throw endOfText();
            }
            char c = text.charAt(pos);
            if (c != '"') {
                throw notAKey(c);
            }
            int keyStart = pos;
            String key = string();
            Integer earlier = keyAt.putIfAbsent(key, keyStart);
            if (earlier != null) {
                if (repeated == null) {
                    repeated = new LinkedHashMap<>();
                }
                repeated.computeIfAbsent(key, k -> new ArrayList<>(List.of(earlier))).add(keyStart);
            }
            path.add("." + key);
            skipWhitespace();
            if (pos >= text.length()) {
                throw endOfText();
            }
            if (text.charAt(pos) != ':') {
                throw fault(pos, "a colon (:) is missing after the key " + quoted(key));
            }
            pos++;
            object.add(key, value());
            path.remove(path.size() - 1);
            skipWhitespace();
            if (pos >= text.length()) {
                throw endOfText();
            }
            c = text.charAt(pos);
            if (c == '}') {
                if (repeated != null) {
                    repeated.forEach(this::duplicate);
                }
                return leave(object);
            }
            if (c != ',') {
                if (c == '"' && ConnectionUrl.isSecretName(key)) {
                    // "password": "Kq7w" "Lm8x": the second string may be the rest of the password
                    throw fault(pos, "a comma is missing after the value of " + quoted(key));
                }
                if (c == '"') {
                    int end = text.indexOf('"', pos + 1);
                    throw fault(pos, "a comma is missing before "
                            + (end > 0 && end - pos < 80 ? text.substring(pos, end + 1) : "this key"));
                }
                throw afterItem(c, '}', start);
            }
            int comma = pos++;
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == '}') {
                throw fault(comma, "a trailing comma before } (JSON allows none after the last item)");
            }
        }
    }

    private JsonArray array() throws Malformed {
        int start = enter();
        JsonArray array = new JsonArray();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == ']') {
            return leave(array);
        }
        while (true) {
            path.add("[" + array.size() + "]");
            array.add(value());
            path.remove(path.size() - 1);
            skipWhitespace();
            if (pos >= text.length()) {
                throw endOfText();
            }
            char c = text.charAt(pos);
            if (c == ']') {
                return leave(array);
            }
            if (c != ',') {
                if (c == '"' || c == '{' || c == '[' || c == '-' || Character.isLetterOrDigit(c)) {
                    throw fault(pos, "a comma is missing before this item");
                }
                throw afterItem(c, ']', start);
            }
            int comma = pos++;
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == ']') {
                throw fault(comma, "a trailing comma before ] (JSON allows none after the last item)");
            }
        }
    }

    private void duplicate(String key, List<Integer> places) {
        List<String> where = places.stream().map(this::location).toList();
        String listed = String.join(", ", where.subList(0, where.size() - 1)) + " and " + where.get(where.size() - 1);
        duplicates.add(new ConfigProblem("$" + String.join("", path) + "." + key, "the key " + quoted(key) + " is given "
                + (places.size() == 2 ? "twice" : places.size() + " times") + ", at " + listed + "; keep one"));
    }

    /** Opens a [ or { at pos: returns where it is. */
    private int enter() throws Malformed {
        if (open.size() >= MAX_DEPTH) {
            throw fault(pos, "nested more than " + MAX_DEPTH + " levels deep");
        }
        open.add(new int[] {pos, path.size()});
        return pos++;
    }

    private <T extends JsonElement> T leave(T value) {
        open.remove(open.size() - 1);
        pos++;
        return value;
    }

    /** What stands where a key should start: a comment, a quote of the wrong kind, a bare word. */
    private Malformed notAKey(char c) {
        if (c == '/' || c == '#' || c == '\'') {
            return unexpected(c);
        }
        if (Character.isJavaIdentifierStart(c)) {
            String word = wordAt(pos);
            return fault(pos, "the key " + word + " is not in double quotes; write \"" + word + "\"");
        }
        return fault(pos, "a key in double quotes is missing before " + describe(c));
    }

    /** What stands after an item where only a comma or the closing bracket may. */
    private Malformed afterItem(char c, char closing, int start) {
        if (c == '/' || c == '#') {
            return unexpected(c);
        }
        if (c == ']' || c == '}') {
            return fault(pos, "the " + text.charAt(start) + " at " + location(start) + " is closed with " + c);
        }
        return fault(pos, "a comma or " + closing + " is missing before " + describe(c));
    }

    /** A bare word: true, false, null or a number; anything else is told apart as well as it can be. */
    private JsonElement word() throws Malformed {
        char c = text.charAt(pos);
        if (c == '/' || c == '#' || c == '\'') {
            throw unexpected(c);
        }
        String word = wordAt(pos);
        if (word.isEmpty()) {
            throw fault(pos, "unexpected " + describe(c));
        }
        if (underSecretKey()) {
            // A password written without quotes is still the password: whatever is wrong with it,
            // it is not repeated (a valid true, false, null or number is read, and typed later).
            switch (word) {
                case "true", "false", "null" -> { }
                default -> {
                    // The whole word, not its first 40 characters: the rest would be named as what is wrong.
                    if (!NUMBER.matcher(numberAt(pos)).matches()) {
                        throw fault(pos, "the value is not valid JSON; text needs double quotes");
                    }
                }
            }
        }
        switch (word) {
            case "true":
                pos += 4;
                return new JsonPrimitive(true);
            case "false":
                pos += 5;
                return new JsonPrimitive(false);
            case "null":
                pos += 4;
                return JsonNull.INSTANCE;
            case "NaN":
            case "Infinity":
            case "-Infinity":
            case "+Infinity":
                throw fault(pos, word + " is not a JSON value; write a number");
            default:
                break;
        }
        if (word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false") || word.equalsIgnoreCase("null")) {
            throw fault(pos, word + " is not JSON; write " + word.toLowerCase(java.util.Locale.ROOT));
        }
        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
            // Read whole, however long: a number of more than 40 characters is valid JSON, and read as its first 40
            // the rest would be refused as "a comma is missing".
            String written = numberAt(pos);
            if (!NUMBER.matcher(written).matches()) {
                throw fault(pos, JsonFields.shortened(written) + " is not a JSON number");
            }
            try {
                BigDecimal number = new BigDecimal(written);
                pos += written.length();
                return new JsonPrimitive(number);
            } catch (NumberFormatException e) {
                throw fault(pos, JsonFields.shortened(written) + " is too large a number");
            }
        }
        throw fault(pos, word + " is not a JSON value; text needs double quotes");
    }

    /**
     * Whether the value being read is under a key whose values are secrets (password, and the
     * secret-like property names that ConfigLoader masks): the nearest key of the path, so that an
     * array under one counts too.
     */
    private boolean underSecretKey() {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (path.get(i).startsWith(".")) {
                return ConnectionUrl.isSecretName(path.get(i).substring(1));
            }
        }
        return false;
    }

    /** The word from {@code at} on, whole however long (a number's): {@link #wordAt} cuts it at 40 characters. */
    private String numberAt(int at) {
        return wordAt(at, Integer.MAX_VALUE);
    }

    /** The characters from {@code at} up to the next space, quote or punctuation, at most 40: a word to name. */
    private String wordAt(int at) {
        return wordAt(at, 40);
    }

    private String wordAt(int at, int longest) {
        int end = at;
        while (end < text.length() && " \t\r\n,:[]{}\"'/".indexOf(text.charAt(end)) < 0 && end - at < longest) {
            end++;
        }
        return text.substring(at, end);
    }

    /** A string starting at pos (on its opening quote), unescaped; pos ends after its closing quote. */
    private String string() throws Malformed {
        int start = pos++;
        StringBuilder value = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                throw fault(start, "the text ends inside this string (its closing \" is missing)");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String result = value == null ? text.substring(runStart, pos)
                        : value.append(text, runStart, pos).toString();
                pos++;
                return result;
            }
            if (c < 0x20) {
                throw fault(pos, c == '\n' || c == '\r' ? "a line break inside a string; write it as \\n"
                        : c == '\t' ? "a tab inside a string; write it as \\t"
                        : String.format(Locale.ROOT, "the control character U+%04X inside a string; write it as \\u%04x", (int) c, (int) c));
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (value == null) {
                value = new StringBuilder();
            }
            value.append(text, runStart, pos);
            if (pos + 1 >= text.length()) {
                throw fault(start, "the text ends inside this string (its closing \" is missing)");
            }
            char escape = text.charAt(pos + 1);
            switch (escape) {
                case '"', '\\', '/' -> value.append(escape);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    if (pos + 6 > text.length() || !isHex(text.substring(pos + 2, pos + 6))) {
                        throw fault(pos, "\\u must be followed by four hexadecimal digits");
                    }
                    value.append((char) Integer.parseInt(text.substring(pos + 2, pos + 6), 16));
                    pos += 4;
                }
                default -> throw fault(pos, "\\" + escape + " is not a JSON escape; write \\\\ for a backslash");
            }
            pos += 2;
            runStart = pos;
        }
    }

    private static boolean isHex(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** A comment or a single quote, wherever it stands: the two habits JSON does not allow. */
    private Malformed unexpected(char c) {
        if (c == '\'') {
            return fault(pos, "text in single quotes; JSON needs double quotes (\"...\")");
        }
        if (c == '#' || (c == '/' && pos + 1 < text.length() && (text.charAt(pos + 1) == '/' || text.charAt(pos + 1) == '*'))) {
            return fault(pos, "comments are not allowed in JSON");
        }
        return fault(pos, "unexpected " + describe(c));
    }

    private Malformed endOfText() {
        if (open.isEmpty()) {
            return fault(pos, "the text ends where a value should be");
        }
        int[] innermost = open.get(open.size() - 1);
        path.subList(innermost[1], path.size()).clear();
        return fault(pos, "the text ends before the " + text.charAt(innermost[0]) + " at " + location(innermost[0])
                + " is closed");
    }

    private Malformed fault(int at, String message) {
        return new Malformed("$" + String.join("", path), "invalid JSON at " + location(at) + ": " + message);
    }

    /** "line L column C" of a character, both counted from 1; computed only for a message. */
    String location(int at) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + " column " + (at - lineStart + 1);
    }

    private static String describe(char c) {
        return c < 0x20 || Character.isWhitespace(c) ? String.format(Locale.ROOT, "U+%04X", (int) c) : String.valueOf(c);
    }

    private static String quoted(String key) {
        return "\"" + key + "\"";
    }
}
