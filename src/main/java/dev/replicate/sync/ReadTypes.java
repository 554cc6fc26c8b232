package dev.replicate.sync;

import dev.replicate.source.SourceColumn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The source types that decide how the stored rows tell themselves apart, as recorded in
 * {@code _replicate_watermarks.row_value_types}: for a table without a key, every stored column (its
 * rows' identities are digests of all their values); for a table with one, its key columns. Each line is
 * a column's source type and its name, a tab between them (a type has none), one column a line.
 */
final class ReadTypes {
    private ReadTypes() {
    }

    /** The record of {@code columns}' types, to compare with next time ({@link #retyped}). */
    static String of(List<SourceColumn> columns) {
        return String.join("\n", columns.stream().map(c -> c.sourceType() + "\t" + lineSafe(c.name())).toList());
    }

    /**
     * The columns whose type differs from the one recorded, by {@code alike} (given the recorded type and
     * the type now): none where nothing was recorded (a file an earlier release wrote, or a table not yet
     * read by this one), nor for a column the record does not name.
     */
    static List<SourceColumn> retyped(Optional<String> recorded, List<SourceColumn> columns,
                                      BiPredicate<String, String> alike) {
        Map<String, String> before = parse(recorded);
        return columns.stream().filter(column -> {
            String type = before.get(lineSafe(column.name()));
            return type != null && !alike.test(type, column.sourceType());
        }).toList();
    }

    /** The type the record gives a column, for a note. */
    static Optional<String> recordedType(Optional<String> recorded, SourceColumn column) {
        return Optional.ofNullable(parse(recorded).get(lineSafe(column.name())));
    }

    /** The recorded types by column name (as {@link #lineSafe} writes it). */
    private static Map<String, String> parse(Optional<String> recorded) {
        Map<String, String> types = new HashMap<>();
        for (String line : recorded.orElse("").split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                types.put(line.substring(tab + 1), line.substring(0, tab));
            }
        }
        return types;
    }

    /** A column name on one line of the record: a name may hold a line break. */
    private static String lineSafe(String name) {
        return name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
