package dev.replicate.sqlite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The indexes the configuration's {@code "indexes"} asks for on a replicated table, told apart from
 * the user's own by their name alone: {@code rx_<target>_<columns>_<8 hex digits>}, where the readable
 * part is the target and the columns joined by {@code _} (characters other than ASCII letters, digits
 * and {@code _} written {@code _}, cut at 40 characters), and the hex digits begin the SHA-256 of the
 * target and of the columns (each with A-Z folded only, as SQLite folds names: É stays É), and whether the index
 * is unique. The digest keeps names apart where the readable part would not ({@code ["a_b"]} and {@code ["a", "b"]},
 * or a target {@code t_a} beside {@code t}: index names are one namespace in a SQLite file) and makes
 * any change of definition a change of name. So each run only compares names: one
 * {@code PRAGMA index_list} per table, and an index is dropped or made only where they differ. An index
 * on the table whose name does not follow the rule is the user's and is never touched.
 */
public final class ReplicaIndexes {
    private static final int READABLE_LENGTH = 40;
    private static final Pattern NAME = Pattern.compile("(?i)rx_(.*)_[0-9a-f]{8}");

    private ReplicaIndexes() {
    }

    /** An index replicate keeps. */
    public record Index(String name, List<String> columns, boolean unique) {
        public String createSql(String table) {
            return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + SqliteSql.quote(name) + " ON "
                    + SqliteSql.quote(table) + " (" + columns.stream().map(SqliteSql::quote)
                    .collect(Collectors.joining(", ")) + ")";
        }

        String described() {
            return (unique ? "unique index " : "index ") + name + " on (" + String.join(", ", columns) + ")";
        }

        /** "unique index on (a, b)": the index as its entry in the configuration gives it, without its name. */
        String unnamed() {
            return (unique ? "unique index" : "index") + " on (" + String.join(", ", columns) + ")";
        }
    }

    /** The index on {@code columns} of {@code target}, named by the rule. */
    public static Index index(String target, List<String> columns, boolean unique) {
        // the target and the columns as SQLite tells them apart (A-Z folded only): CAFÉ and café are two
        // tables, É and é two columns, and need two names; for ASCII names this is the lower case earlier
        // builds used, so no rename
        return new Index(name(target, columns, unique, SqliteSql::foldCase, SqliteSql::foldCase), List.copyOf(columns),
                unique);
    }

    private static String name(String target, List<String> columns, boolean unique, UnaryOperator<String> targetCase,
                               UnaryOperator<String> columnCase) {
        String identity = targetCase.apply(target) + "\0" + (unique ? "unique" : "index") + "\0"
                + columns.stream().map(columnCase).collect(Collectors.joining("\0"));
        return "rx_" + readable(target + "_" + String.join("_", columns)) + "_" + digest(identity);
    }

    /**
     * The names earlier releases gave {@code index} on {@code target}, where they differ from its name now:
     * the releases before 1ccd8cb (2026-12-06) lower-cased the target and the columns as Java does, letters
     * outside A-Z too, and those from it to 497cbb7 still the columns. Only a name with a capital outside
     * A-Z (É, Ü) differs. An index of the table under one of them is this one, made by an earlier release:
     * not one taken out of the configuration.
     */
    static List<String> earlierNames(String target, Index index) {
        UnaryOperator<String> javaLowerCase = text -> text.toLowerCase(Locale.ROOT);
        return Stream.of(name(target, index.columns(), index.unique(), javaLowerCase, javaLowerCase),
                        name(target, index.columns(), index.unique(), SqliteSql::foldCase, javaLowerCase))
                .filter(name -> !SqliteSql.sameName(name, index.name())).distinct().toList();
    }

    /**
     * Whether {@code name}, an index on {@code table} named as replicate's ({@link #isReplicates}), is the
     * index of its columns (as it is unique or not) under a name an earlier release gave it
     * ({@link #earlierNames}). The prefix alone does not tell: {@code rx_orders_archive_...}, the name of an index
     * of target orders_archive, starts as replicate's would on orders, and the user's index of that name on
     * orders is theirs.
     */
    static boolean underAnEarlierName(Replica replica, String table, String name) throws SQLException {
        boolean unique = replica.query("SELECT \"unique\" FROM pragma_index_list(?) WHERE name = ?", statement -> {
            statement.setString(1, table);
            statement.setString(2, name);
        }, rs -> rs.next() && rs.getInt(1) == 1);
        List<String> columns = replica.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno",
                statement -> statement.setString(1, name), rs -> {
                    List<String> names = new ArrayList<>();
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                    return names;
                });
        // An expression's column has no name, and no index of replicate's has one.
        if (columns.isEmpty() || columns.contains(null)) {
            return false;
        }
        return earlierNames(table, index(table, columns, unique)).stream().anyMatch(earlier -> SqliteSql.sameName(earlier, name));
    }

    /**
     * The note for {@code name}, an index of replicate's on {@code target} that is none of {@code wanted},
     * dropped: taken out of the configuration or changed, or one of them under the name an earlier release
     * gave it ({@link #earlierNames}), made again under its name now.
     */
    static String droppedNote(String target, String name, List<Index> wanted) {
        return wanted.stream().filter(index -> earlierNames(target, index).stream()
                        .anyMatch(earlier -> SqliteSql.sameName(earlier, name)))
                .findFirst()
                .map(index -> "index " + name + " is the " + index.unnamed() + " of the configuration under the name an"
                        + " earlier release gave it (index names changed for targets and columns with capitals outside"
                        + " A-Z, such as É); dropped, to be made again as " + index.name())
                .orElse("index " + name + " is no longer in the configuration (removed or changed); dropped");
    }

    /** Whether {@code indexName}, an index on {@code target}, is one of replicate's. */
    public static boolean isReplicates(String target, String indexName) {
        Matcher matcher = NAME.matcher(indexName);
        return matcher.matches() && SqliteSql.foldCase(matcher.group(1)).startsWith(SqliteSql.foldCase(readable(target)));
    }

    /**
     * Drops replicate's indexes on the table that are not {@code wanted} (removed from the configuration,
     * or changed: a changed index has another name), and commits. Done before any row is written, so
     * that a unique index taken out of the configuration no longer refuses rows.
     *
     * @param existing replicate's indexes on the table ({@link #existing}), as the run read them
     * @return a note per index dropped
     */
    public static List<String> dropUnwanted(Replica replica, String table, List<Index> wanted, List<String> existing)
            throws SQLException {
        List<String> notes = new ArrayList<>();
        for (String name : existing) {
            if (wanted.stream().noneMatch(index -> SqliteSql.sameName(index.name(), name))) {
                try (Statement statement = replica.connection().createStatement()) {
                    statement.execute("DROP INDEX " + SqliteSql.quote(name));
                }
                notes.add(droppedNote(table, name, wanted));
            }
        }
        replica.commit();
        return notes;
    }

    /** Those of {@code wanted} that the table does not have yet, {@code existing} being those it has ({@link #existing}). */
    public static List<Index> missing(List<Index> wanted, List<String> existing) {
        return wanted.stream().filter(index -> existing.stream().noneMatch(name -> SqliteSql.sameName(name, index.name())))
                .toList();
    }

    /**
     * Makes the index, in a transaction of its own: SQLite builds it whole or not at all, so a unique
     * index the rows violate leaves nothing behind, and the table fails naming the index and its columns.
     *
     * @return the note for the log
     */
    public static String create(Replica replica, String table, Index index) throws SQLException, UniqueViolation {
        try {
            build(replica, table, index);
            replica.commit();
        } catch (SQLException | UniqueViolation e) {
            replica.rollbackQuietly();
            throw e;
        }
        return "made the " + index.described();
    }

    /** Makes the index inside the caller's transaction (a full table's swap: {@link ShadowTable}). */
    static void build(Replica replica, String table, Index index) throws SQLException, UniqueViolation {
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute(index.createSql(table));
        } catch (SQLException e) {
            if (index.unique() && isUniqueViolation(e)) {
                throw new UniqueViolation("the " + index.described() + " cannot be made: rows of " + table
                        + " share values in those columns (" + e.getMessage() + "); make the values unique at the"
                        + " source (the next run copies the changed rows and tries again), or remove \"unique\"");
            }
            throw e;
        }
    }

    /**
     * Why a page failed, if a unique index refused one of its rows: the upsert's ON CONFLICT covers the
     * key only, so a row whose values another row holds in a unique index fails its page. The index is
     * found by the columns SQLite's message names, so that one the user made by hand on the replica is
     * not blamed on replicate's (review finding: with a unique index of replicate's on the table, every
     * such failure named it, even when the user's own index refused the row).
     *
     * @return empty when it was not a unique index, or the message names no index of the table
     */
    public static java.util.Optional<String> refused(Replica replica, SQLException e, String table, List<Index> indexes)
            throws SQLException {
        if (!isUniqueViolation(e)) {
            return java.util.Optional.empty();
        }
        java.util.Optional<List<String>> columns = failedColumns(String.valueOf(e.getMessage()), table);
        if (columns.isEmpty()) {
            return java.util.Optional.empty();
        }
        java.util.Optional<Index> ours = indexes.stream().filter(Index::unique)
                .filter(index -> SqliteSql.sameNames(index.columns(), columns.get())).findFirst();
        if (ours.isPresent()) {
            return java.util.Optional.of("a row of " + table + " was refused by the " + ours.get().described() + " ("
                    + e.getMessage() + "): the source holds rows that share those values; the page was not written."
                    + " Make them unique at the source, or remove \"unique\" (the index is then dropped before rows"
                    + " are written)");
        }
        for (String name : uniqueIndexesOn(replica, table, columns.get())) {
            if (!isReplicates(table, name)) {
                return java.util.Optional.of("a row of " + table + " was refused by the unique index " + name + " on ("
                        + String.join(", ", columns.get()) + "), which is not replicate's (made on the replica by"
                        + " hand?) (" + e.getMessage() + "): the source holds rows that share those values; the page"
                        + " was not written. Drop that index (" + ByHand.sqlite3(replica.path(), "DROP INDEX "
                        + SqliteSql.quote(name)) + "), or make the values unique at the source");
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The columns of a UNIQUE failure, from SQLite's message ({@code UNIQUE constraint failed: t.a, t.b});
     * empty when the message is not in that form or names another table.
     */
    static java.util.Optional<List<String>> failedColumns(String message, String table) {
        String marker = "UNIQUE constraint failed: ";
        int start = message.indexOf(marker);
        if (start < 0) {
            return java.util.Optional.empty();
        }
        String rest = message.substring(start + marker.length());
        int end = rest.indexOf(')');
        List<String> columns = new ArrayList<>();
        for (String qualified : (end < 0 ? rest : rest.substring(0, end)).trim().split(", ")) {
            String prefix = table + ".";
            if (!qualified.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return java.util.Optional.empty();
            }
            columns.add(qualified.substring(prefix.length()));
        }
        return java.util.Optional.of(columns);
    }

    /** The unique indexes of the table on exactly these columns, in this order (names ignore case). */
    private static List<String> uniqueIndexesOn(Replica replica, String table, List<String> columns)
            throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement list = replica.connection().prepareStatement(
                "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1");
             PreparedStatement info = replica.connection().prepareStatement(
                     "SELECT name FROM pragma_index_info(?) ORDER BY seqno")) {
            list.setString(1, table);
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            List<String> matching = new ArrayList<>();
            for (String name : names) {
                List<String> indexed = new ArrayList<>();
                info.setString(1, name);
                try (ResultSet rs = info.executeQuery()) {
                    while (rs.next()) {
                        indexed.add(rs.getString(1));
                    }
                }
                if (SqliteSql.sameNames(indexed, columns)) {
                    matching.add(name);
                }
            }
            return matching;
        }
    }

    /**
     * The names of replicate's indexes on the table: one {@code PRAGMA index_list}, which a run reads once
     * and hands to {@link IndexNameTaken#check}, {@link #dropUnwanted} and {@link #missing}.
     */
    public static List<String> existing(Replica replica, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        // origin 'c': made by CREATE INDEX (not the primary key's or a UNIQUE constraint's own index).
        return replica.query("SELECT name FROM pragma_index_list(?) WHERE origin = 'c'",
                statement -> statement.setString(1, table), rs -> {
                    while (rs.next()) {
                        if (isReplicates(table, rs.getString(1))) {
                            names.add(rs.getString(1));
                        }
                    }
                    return names;
                });
    }

    private static boolean isUniqueViolation(SQLException e) {
        // SQLITE_CONSTRAINT_UNIQUE (2067), as sqlite-jdbc reports it; its message names table.column.
        String message = String.valueOf(e.getMessage());
        return e.getErrorCode() == 2067 || e.getErrorCode() == 19 && message.contains("UNIQUE constraint failed")
                || message.contains("SQLITE_CONSTRAINT_UNIQUE");
    }

    private static String readable(String text) {
        String plain = text.replaceAll("[^A-Za-z0-9_]", "_");
        return plain.length() > READABLE_LENGTH ? plain.substring(0, READABLE_LENGTH) : plain;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A unique index that the table's rows violate. */
    public static final class UniqueViolation extends Exception {
        public UniqueViolation(String message) {
            super(message);
        }
    }
}
