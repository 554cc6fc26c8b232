package dev.replicate.config;

import dev.replicate.sqlite.SqliteSql;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.replicate.source.SourceConnector;
import dev.replicate.source.SourceRegistry;
import dev.replicate.source.SourceQuery;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.TableName;
import dev.replicate.source.jdbc.ConnectionUrl;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates a configuration. Two shapes are accepted: the replication plugin's JSON array of
 * source blocks, and an object {@code {"database": ..., "sources": [...]}}. Every problem is collected
 * with its JSON path and reported together.
 */
public final class ConfigLoader {
    public static final String ENV_VARIABLE = "REPLICATION_CONFIG_JSON";
    public static final int DEFAULT_INTERVAL_SECONDS = 60;
    public static final int DEFAULT_PAGE_SIZE = 1000;
    public static final int DEFAULT_LOG_RETENTION_DAYS = 30;
    static final int MAX_INTERVAL_SECONDS = 366 * 24 * 3600;
    static final int MAX_PAGE_SIZE = 1_000_000;
    /**
     * The largest configuration file read, 16 MiB: no real configuration comes near it (a source block with
     * a thousand tables is some 100 KiB), and a larger file is another one given by mistake (see {@link #read}).
     */
    static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    /** A day: a longer wait for a lock is more likely a typo (0 waits as long as the lock is held). */
    static final int MAX_LOCK_TIMEOUT_SECONDS = 24 * 3600;
    /**
     * Two days: a read timeout must be more than the lock wait (a statement waits for a lock in silence), so the
     * longest lock wait, a day, leaves a day's choice beyond it, its default (ten minutes more) included; a server
     * silent for longer is not coming back (0 waits forever).
     */
    static final int MAX_READ_TIMEOUT_SECONDS = 2 * 24 * 3600;
    /**
     * 10,000 years (of 366 days): a watermark's dates span less (MySQL's 1000-9999), so a longer
     * lookback could only mean "always everything", and is more likely a typo.
     */
    static final Duration MAX_LOOKBACK = Duration.ofDays(3_660_000);
    /** A year (of 366 days), as for intervalSeconds: a longer wait between reconciles is more likely a typo. */
    static final Duration MAX_RECONCILE_INTERVAL = Duration.ofDays(366);
    /** sign, P, years, months, weeks, days, T, hours, minutes, seconds (a fraction in seconds only, as Duration). */
    private static final Pattern DURATION = Pattern.compile(
            "(?i)(-)?P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?"
                    + "(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:[.,][0-9]+)?)S)?)?");

    private static final Set<String> TOP_KEYS = Set.of("database", "sources", "logRetentionDays");
    private static final Set<String> SOURCE_KEYS = Set.of("source", "conn", "name", "user", "password",
            "properties", "intervalSeconds", "pageSize", "lockTimeoutSeconds", "readTimeoutSeconds", "tables");
    private static final Set<String> TABLE_KEYS = Set.of("name", "watermark", "primaryKey", "target",
            "intervalSeconds", "pageSize", "lookback", "columns", "excludeColumns", "where", "indexes", "deletes",
            "query", "mode");
    private static final Set<String> INDEX_KEYS = Set.of("columns", "unique");
    /** The keys of a "deletes" object. */
    private static final Set<String> DELETES_KEYS = Set.of("softDelete", "reconcile", "maxDeletePercent");
    /** name=value after the ? of a URL that does not parse (jdbc:postgresql:db?password=...). */
    private static final Pattern PARAMETER = Pattern.compile("[?&;]([^=&;]*)=([^&;]*)");

    private final Map<String, String> environment;
    private final SourceRegistry registry;

    public ConfigLoader(Map<String, String> environment, SourceRegistry registry) {
        this.environment = environment;
        this.registry = registry;
    }

    public ReplicationConfig loadFile(Path file) throws ConfigException {
        String text;
        try {
            text = utf8(read(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "$", "the configuration file does not exist");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "$", "cannot read the configuration file: " + e.getMessage());
        }
        return load(text, file.toString());
    }

    /**
     * The file's bytes, at most {@link #MAX_FILE_BYTES}: a file larger than any configuration is refused, a
     * regular one by its size before anything is read, another (a device, a pipe) once more than that came.
     * A database given as --config by mistake was read whole: past 2 GiB that was an OutOfMemoryError (an
     * internal error), and hundreds of MB took a heap's worth before the JSON failed.
     */
    private static byte[] read(Path file) throws IOException, ConfigException {
        if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
            throw tooLarge(file, String.format(Locale.ROOT, "is %,d bytes", Files.size(file)));
        }
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw tooLarge(file, "holds more than " + (MAX_FILE_BYTES >> 20) + " MiB");
        }
        return bytes;
    }

    private static ConfigException tooLarge(Path file, String size) {
        return new ConfigException(file.toString(), "$", "the configuration file " + size + ", larger than any"
                + " configuration (at most " + (MAX_FILE_BYTES >> 20) + " MiB): is it the replica or another file?"
                + " --config takes the JSON configuration");
    }

    /**
     * The file's text, or where it stops being UTF-8: the line and column (of the text read so far,
     * as a JSON error is told) and the byte offset, since the editor that wrote another encoding may
     * show the character fine. Only the one byte is named, never the text around it.
     */
    static String utf8(byte[] bytes, String origin) throws ConfigException {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            String before = out.flip().toString();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < before.length(); i++) {
                char c = before.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= before.length() || before.charAt(i + 1) != '\n'))) {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new ConfigException(origin, "$", String.format(Locale.ROOT, "the configuration file is not valid UTF-8: the byte"
                    + " 0x%02X at line %d column %d (byte offset %d); save it as UTF-8",
                    bytes[offset] & 0xff, line, before.length() - lineStart + 1, offset));
        }
        return out.flip().toString();
    }

    public ReplicationConfig load(String text, String origin) throws ConfigException {
        // Keys given twice come first; validation goes on with the last value, to report everything at once.
        List<ConfigProblem> problems = new ArrayList<>();
        JsonElement root = parse(text, origin, problems);
        int duplicates = problems.size();
        Secrets secrets = new Secrets();
        EnvInterpolator interpolator = new EnvInterpolator(environment);

        Optional<String> database = Optional.empty();
        int logRetentionDays = DEFAULT_LOG_RETENTION_DAYS;
        JsonArray sourceArray;
        String sourcesPath;
        if (root.isJsonArray()) {
            sourceArray = root.getAsJsonArray();
            sourcesPath = "$";
        } else if (root.isJsonObject()) {
            JsonFields top = new JsonFields(root.getAsJsonObject(), "$", problems, interpolator);
            top.rejectUnknownKeys(TOP_KEYS);
            database = top.string("database");
            // "" would pass on as the working directory itself, not a file in it.
            if (database.isPresent() && database.get().isBlank()) {
                top.problem("database", "must not be empty");
                database = Optional.empty();
            }
            logRetentionDays = top.wholeNumber("logRetentionDays", 1, 36500).orElse(DEFAULT_LOG_RETENTION_DAYS);
            sourcesPath = "$.sources";
            if (!top.has("sources")) {
                top.problem("sources", "is required: an array of source blocks");
            }
            sourceArray = top.array("sources").orElse(new JsonArray());
        } else {
            throw new ConfigException(origin, "$", "must be a JSON array of source blocks, or an object with"
                    + " \"sources\", not " + JsonFields.describe(root));
        }
        if (sourceArray.isEmpty() && problems.size() == duplicates) {
            problems.add(new ConfigProblem(sourcesPath, "names no source; add at least one source block"));
        }

        List<SourceConfig> sources = new ArrayList<>();
        for (int i = 0; i < sourceArray.size(); i++) {
            String path = sourcesPath + "[" + i + "]";
            JsonElement element = sourceArray.get(i);
            if (!element.isJsonObject()) {
                problems.add(new ConfigProblem(path, "must be a source block (an object), not " + JsonFields.describe(element)));
                continue;
            }
            readSource(new JsonFields(element.getAsJsonObject(), path, problems, interpolator), secrets)
                    .ifPresent(sources::add);
        }
        checkUniqueness(sources, problems);
        checkTargetsHoldNoSecret(sources, secrets, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(origin, problems);
        }
        return new ReplicationConfig(database, List.copyOf(sources), logRetentionDays, secrets, origin);
    }

    /**
     * What a configuration's text says of its SQLite file, when the rest of it may not load: a run whose
     * configuration fails still writes its --metrics-file, which must not be that file.
     *
     * @param read  the text is a configuration's JSON (an array or an object); if not, whether it names a
     *              file is not known
     * @param given it has a "database", so the default is not what it means
     * @param name  that "database" as {@link #load} reads it, its ${VAR}s interpolated; empty where the
     *              loader would report a problem with it (an unset variable), since a name that is not the
     *              one meant would only refuse the wrong file
     */
    public record RawDatabase(boolean read, boolean given, Optional<String> name) {
        public static final RawDatabase NOT_READ = new RawDatabase(false, false, Optional.empty());
    }

    /** See {@link RawDatabase}. Reads the environment and nothing else; nothing is reported. */
    public static RawDatabase rawDatabase(String text, Map<String, String> environment) {
        JsonElement root;
        try {
            root = JsonText.parse(text, new ArrayList<>());
        } catch (JsonText.Malformed e) {
            return RawDatabase.NOT_READ;
        }
        if (root.isJsonArray()) {
            return new RawDatabase(true, false, Optional.empty());
        }
        if (!root.isJsonObject()) {
            return RawDatabase.NOT_READ;
        }
        JsonFields top = new JsonFields(root.getAsJsonObject(), "$", new ArrayList<>(), new EnvInterpolator(environment));
        Optional<String> database = top.string("database");
        return new RawDatabase(true, top.has("database"),
                top.problems().isEmpty() ? database.filter(name -> !name.isBlank()) : Optional.empty());
    }

    private static JsonElement parse(String text, String origin, List<ConfigProblem> duplicates) throws ConfigException {
        // A byte-order mark (some Windows editors write one) is not content.
        if ((text.startsWith("\uFEFF") ? text.substring(1) : text).isBlank()) {
            throw new ConfigException(origin, "$", "is empty; expected a JSON array of source blocks");
        }
        try {
            return JsonText.parse(text, duplicates);
        } catch (JsonText.Malformed e) {
            throw new ConfigException(origin, e.path(), e.getMessage());
        }
    }

    private Optional<SourceConfig> readSource(JsonFields fields, Secrets secrets) {
        fields.rejectUnknownKeys(SOURCE_KEYS);
        Optional<String> type = fields.requiredString("source");
        Optional<String> conn = fields.requiredString("conn");
        Optional<String> name = fields.string("name");
        Optional<String> user = fields.string("user");
        Optional<String> password = fields.secretString("password");
        Map<String, String> properties = fields.stringMap("properties");
        int interval = fields.wholeNumber("intervalSeconds", 1, MAX_INTERVAL_SECONDS).orElse(DEFAULT_INTERVAL_SECONDS);
        int pageSize = fields.wholeNumber("pageSize", 1, MAX_PAGE_SIZE).orElse(DEFAULT_PAGE_SIZE);
        int lockTimeout = fields.wholeNumber("lockTimeoutSeconds", 0, MAX_LOCK_TIMEOUT_SECONDS)
                .orElse(SourceSettings.DEFAULT_LOCK_TIMEOUT_SECONDS);
        int readTimeout = fields.wholeNumber("readTimeoutSeconds", 0, MAX_READ_TIMEOUT_SECONDS)
                .orElse(SourceSettings.defaultReadTimeoutSeconds(lockTimeout));
        if (readTimeout > 0 && readTimeout <= lockTimeout && fields.has("readTimeoutSeconds")) {
            // A statement waits for a lock in silence: a read timeout no longer than that wait would take
            // every locked table for a server that stopped answering.
            fields.problem("readTimeoutSeconds", "must be more than the source's lockTimeoutSeconds (" + lockTimeout
                    + "), since a statement waits for a lock without a word from the server, or 0 to wait forever;"
                    + " not " + readTimeout);
        }

        password.ifPresent(secrets::add);
        conn.ifPresent(c -> collectUrlSecrets(c, secrets));
        properties.forEach((key, value) -> {
            if (ConnectionUrl.isSecretName(key)) {
                secrets.add(value);
            }
        });
        // The name is the source's identity: stored in the SQLite file, shown by status, a metrics label.
        if (name.isPresent() && secrets.holdsSecret(name.get())) {
            fields.problem("name", "holds a password; the name is stored in the SQLite file and shown by status and"
                    + " the metrics, so name the source without credentials, such as postgres://host:5432/database");
            name = Optional.empty();
        }

        Optional<SourceConnector> connector = type.flatMap(t -> {
            Optional<SourceConnector> found = registry.find(t);
            if (found.isEmpty()) {
                fields.problem("source", "unknown source type \"" + t + "\"; known types: "
                        + String.join(", ", registry.types()));
            }
            return found;
        });
        SourceSettings settings = new SourceSettings(conn.orElse(""), user, password, Map.copyOf(properties),
                lockTimeout, readTimeout);
        String identity = name.orElse("");
        if (connector.isPresent() && conn.isPresent()) {
            // A URL known to be wrong is told as such; the connector's "is not a URL of the form ..."
            // would only hide what to fix.
            List<String> connProblems = ConnectionUrl.fault(conn.get()).map(List::of)
                    .orElseGet(() -> connector.get().check(settings));
            String hint = questionMarkHint(fields);
            connProblems.forEach(p -> fields.problem("conn", secrets.mask(p) + hint));
            if (connProblems.isEmpty() && name.isEmpty()) {
                identity = connector.get().identity(settings);
            }
        }

        List<TableConfig> tables = new ArrayList<>();
        if (!fields.has("tables")) {
            fields.problem("tables", "is required: an array of tables to replicate");
        }
        JsonArray tableArray = fields.array("tables").orElse(new JsonArray());
        if (fields.has("tables") && tableArray.isEmpty()) {
            fields.problem("tables", "names no table; add at least one");
        }
        for (int i = 0; i < tableArray.size(); i++) {
            String path = fields.pathOf("tables") + "[" + i + "]";
            JsonElement element = tableArray.get(i);
            if (!element.isJsonObject()) {
                fields.problem("tables[" + i + "]", "must be a table (an object), not " + JsonFields.describe(element));
                continue;
            }
            readTable(fields.nested(element.getAsJsonObject(), path), interval, pageSize, type.orElse(""), connector)
                    .ifPresent(tables::add);
        }
        if (type.isEmpty() || conn.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SourceConfig(type.get(), identity, settings, interval, pageSize, List.copyOf(tables), fields.path()));
    }

    private Optional<TableConfig> readTable(JsonFields fields, int sourceInterval, int sourcePageSize, String type,
                                            Optional<SourceConnector> connector) {
        fields.rejectUnknownKeys(TABLE_KEYS);
        boolean isQuery = fields.has("query");
        Optional<String> name = isQuery ? Optional.empty() : fields.requiredString("name");
        // Optional: a table without one is full (read whole on every run), unless "mode" says otherwise.
        Optional<String> watermark = fields.has("watermark") ? fields.requiredString("watermark") : Optional.empty();
        Optional<List<String>> primaryKey = fields.stringOrStrings("primaryKey");
        Optional<String> target = fields.string("target");
        Optional<String> querySql = isQuery ? readQuery(fields, type, connector, target, primaryKey) : Optional.empty();
        int interval = fields.wholeNumber("intervalSeconds", 1, MAX_INTERVAL_SECONDS).orElse(sourceInterval);
        int pageSize = fields.wholeNumber("pageSize", 1, MAX_PAGE_SIZE).orElse(sourcePageSize);
        Optional<Lookback> lookback = fields.raw("lookback").flatMap(value -> readLookback(value, fields));
        // Identifiers end up in SQL and in SQLite's C API, which ends a name at NUL: reject them here, by path.
        name.ifPresent(n -> rejectControlCharacters(fields, "name", n));
        watermark.ifPresent(w -> rejectControlCharacters(fields, "watermark", w));
        target.ifPresent(t -> rejectControlCharacters(fields, "target", t));
        primaryKey.ifPresent(columns -> {
            boolean array = fields.raw("primaryKey").map(JsonElement::isJsonArray).orElse(false);
            for (int i = 0; i < columns.size(); i++) {
                rejectControlCharacters(fields, array ? "primaryKey[" + i + "]" : "primaryKey", columns.get(i));
            }
        });

        Optional<TableName> tableName = name.flatMap(n -> {
            TableName parsed = TableName.parse(n);
            if (parsed.table().isEmpty() || parsed.schema().map(String::isEmpty).orElse(false)) {
                fields.problem("name", "\"" + n + "\" is not a table name; write table or schema.table");
                return Optional.empty();
            }
            return Optional.of(parsed);
        });
        String targetName = target.orElse(tableName.map(TableName::table).orElse(""));
        Optional<SourceQuery> query = querySql.map(sql -> new SourceQuery(sql, targetName));
        if (query.isPresent()) {
            tableName = Optional.of(query.get().name());
        }
        if (target.isPresent() && target.get().isBlank()) {
            fields.problem("target", "must not be empty");
        } else if (targetName.toLowerCase(Locale.ROOT).startsWith("_replicate_")
                || targetName.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
            fields.problem(target.isPresent() ? "target" : "name", "the SQLite table name \"" + targetName
                    + "\" is reserved (names starting with _replicate_ or sqlite_); set another \"target\"");
        }
        Optional<List<String>> columns = columnList(fields, "columns");
        List<String> excluded = columnList(fields, "excludeColumns").orElse(List.of());
        checkSelection(fields, watermark, primaryKey, columns, excluded);
        Optional<String> where = readWhere(fields, type, connector);
        List<IndexConfig> indexes = readIndexes(fields, columns, excluded);
        Deletes deletes = readDeletes(fields, watermark, primaryKey, columns, excluded, type, connector);
        Optional<TableMode> mode = readMode(fields, watermark, type, connector);
        if (tableName.isEmpty() || mode.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TableConfig(tableName.get(), watermark, primaryKey, targetName, interval,
                pageSize, lookback, columns, excluded, where, indexes, deletes.softDelete(), query, deletes.reconcile(),
                fields.path()));
    }

    /**
     * {@code "query"} instead of {@code "name"}: one SELECT ({@link QueryText}), on a source whose
     * connector reads queries, with the {@code "target"} its rows go to (a query has no name to take it
     * from) and a {@code "primaryKey"} (a query has no key of its own; {@code []} appends its rows).
     * Empty, with the problems noted, when it cannot be used.
     */
    private static Optional<String> readQuery(JsonFields fields, String type, Optional<SourceConnector> connector,
                                              Optional<String> target, Optional<List<String>> primaryKey) {
        int problems = fields.problems().size();
        if (fields.has("name")) {
            fields.problem("query", "cannot be given with \"name\": a table entry reads a table (\"name\") or the"
                    + " rows of a query (\"query\"), not both");
        }
        if (!fields.has("target")) {
            fields.problem("target", "is required with \"query\": the SQLite table the query's rows go to");
        }
        if (!fields.has("primaryKey")) {
            fields.problem("primaryKey", "is required with \"query\": a query has no primary key of its own; give the"
                    + " column(s) that identify a row of its result, or [] to append every row read");
        }
        Optional<String> sql = fields.requiredString("query");
        sql.flatMap(QueryText::problem).ifPresent(problem -> fields.problem("query", problem));
        if (connector.isPresent() && !connector.get().supportsQuery()) {
            fields.problem("query", "the source type \"" + type + "\" does not read a \"query\"; replicate a table"
                    + " (\"name\"), or use a source that does (see docs/SOURCES.md)");
        }
        return fields.problems().size() == problems ? sql : Optional.empty();
    }

    /**
     * {@code "mode"}: {@code "incremental"}, which needs a watermark, or {@code "full"}, which has none
     * and is the default without one. A full table is read whole on every run, so what belongs to a
     * watermark is refused with it: the watermark itself (it would be ignored, and look like a cursor),
     * a lookback, and {@code "deletes"} (the rewrite already drops the rows deleted at the source; even
     * "keep" would promise what a full table cannot do). So is a full table on a source that cannot read
     * one whole (a plug-in written before full tables existed).
     *
     * @return the mode, or empty when the table has a problem with it
     */
    private static Optional<TableMode> readMode(JsonFields fields, Optional<String> watermark, String type,
                                                Optional<SourceConnector> connector) {
        int before = fields.problems().size();
        Optional<TableMode> mode = Optional.empty();
        if (fields.has("mode")) {
            Optional<String> text = fields.requiredString("mode");
            if (text.isEmpty()) {
                return Optional.empty();
            }
            mode = java.util.Arrays.stream(TableMode.values()).filter(m -> m.jsonName().equals(text.get())).findFirst();
            if (mode.isEmpty()) {
                fields.problem("mode", "must be \"incremental\" or \"full\", not \"" + text.get() + "\"");
                return Optional.empty();
            }
        }
        boolean explicit = mode.isPresent();
        // A watermark given but unusable (reported already) still makes the table incremental.
        TableMode chosen = mode.orElse(fields.has("watermark") ? TableMode.INCREMENTAL : TableMode.FULL);
        if (chosen == TableMode.INCREMENTAL && !fields.has("watermark")) {
            fields.problem("watermark", "is required for an incremental table (\"mode\": \"incremental\"): the column"
                    + " that rows are read in order of; or set \"mode\": \"full\" to read the whole table on every run");
        }
        if (chosen == TableMode.FULL) {
            if (fields.has("watermark")) {
                fields.problem("watermark", "a full table (\"mode\": \"full\") is read whole on every run and has no"
                        + " watermark; remove \"watermark\", or set \"mode\": \"incremental\"");
            }
            String why = explicit ? "" : " (a table without \"watermark\" is full: read whole on every run)";
            if (fields.has("lookback")) {
                fields.problem("lookback", "applies to a watermark, and a full table has none" + why
                        + "; remove \"lookback\", or give the table a \"watermark\"");
            }
            if (fields.has("deletes")) {
                fields.problem("deletes", "a full table is rewritten whole on every run, so rows deleted at the source"
                        + " leave the replica with the next run" + why + "; remove \"deletes\"");
            }
            if (connector.isPresent() && !connector.get().supportsFullRead()) {
                fields.problem(explicit ? "mode" : "watermark", (explicit ? "" : "is required: ") + "the source type \""
                        + type + "\" cannot read a whole table (\"mode\": \"full\"); give the table a \"watermark\","
                        + " or use a source that can (see docs/SOURCES.md)");
            }
        }
        return fields.problems().size() == before && (chosen == TableMode.FULL || watermark.isPresent())
                ? Optional.of(chosen) : Optional.empty();
    }

    /**
     * {@code "columns"} or {@code "excludeColumns"}: an array of distinct column names. Distinct
     * ignoring case, as SQLite's names are.
     */
    private static Optional<List<String>> columnList(JsonFields fields, String key) {
        Optional<JsonArray> array = fields.array(key);
        if (array.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<String>> names = columnNames(fields, key, array.get());
        if (names.isPresent() && key.equals("columns") && names.get().isEmpty()) {
            fields.problem(key, "names no column; list the columns to read, the watermark and the key among them");
            return Optional.empty();
        }
        return names;
    }

    /**
     * The column names of {@code array}, found under {@code key}: distinct as SQLite compares names, ignoring the
     * case of A-Z only ({@link SqliteSql#foldCase}: {@code café} and {@code CAFÉ} are two columns).
     */
    private static Optional<List<String>> columnNames(JsonFields fields, String key, JsonArray array) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            JsonElement item = array.get(i);
            String itemKey = key + "[" + i + "]";
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString() || item.getAsString().isBlank()) {
                fields.problem(itemKey, "must be a column name, not " + JsonFields.describe(item));
                ok = false;
                continue;
            }
            String name = fields.interpolator().interpolate(item.getAsString(), fields.pathOf(itemKey), fields.problems());
            rejectControlCharacters(fields, itemKey, name);
            Integer earlier = seen.putIfAbsent(SqliteSql.foldCase(name), i);
            if (earlier != null) {
                fields.problem(itemKey, "names the column \"" + name + "\" again (" + fields.pathOf(key + "[" + earlier
                        + "]") + "); SQLite's column names ignore case");
                ok = false;
            }
            names.add(name);
        }
        return ok ? Optional.of(List.copyOf(names)) : Optional.empty();
    }

    /**
     * {@code "indexes"}: each entry a list of column names, or {@code {"columns": [...], "unique": true}}.
     * Two entries on the same columns (ignoring the case of A-Z, as SQLite's names do) are refused, whatever their
     * {@code unique}: SQLite would keep two indexes that do one job. So is a column that {@code columns} or
     * {@code excludeColumns} leaves out, which the replica never has. Whether the other columns exist is for the
     * plan to say: only the source knows its columns.
     */
    private static List<IndexConfig> readIndexes(JsonFields fields, Optional<List<String>> selected,
                                                 List<String> excluded) {
        Optional<JsonArray> array = fields.array("indexes");
        if (array.isEmpty()) {
            return List.of();
        }
        List<IndexConfig> indexes = new ArrayList<>();
        Map<List<String>, String> seen = new HashMap<>();
        for (int i = 0; i < array.get().size(); i++) {
            String key = "indexes[" + i + "]";
            JsonElement entry = array.get().get(i);
            Optional<List<String>> columns;
            boolean unique = false;
            String columnsKey;
            if (entry.isJsonArray()) {
                columnsKey = key;
                columns = columnNames(fields, key, entry.getAsJsonArray());
            } else if (entry.isJsonObject()) {
                JsonFields index = fields.nested(entry.getAsJsonObject(), fields.pathOf(key));
                index.rejectUnknownKeys(INDEX_KEYS);
                columnsKey = key + ".columns";
                if (!index.has("columns")) {
                    index.problem("columns", "is required: the columns to index, in order");
                }
                columns = index.array("columns").flatMap(list -> columnNames(index, "columns", list));
                JsonElement flag = index.raw("unique").orElse(null);
                if (flag != null && !(flag.isJsonPrimitive() && flag.getAsJsonPrimitive().isBoolean())) {
                    index.problem("unique", "must be true or false, not " + JsonFields.describe(flag));
                } else if (flag != null) {
                    unique = flag.getAsBoolean();
                }
            } else {
                fields.problem(key, "must be a list of column names, or {\"columns\": [...], \"unique\": true},"
                        + " not " + JsonFields.describe(entry));
                continue;
            }
            if (columns.isEmpty()) {
                continue;
            }
            if (columns.get().isEmpty()) {
                fields.problem(columnsKey, "names no column; an index needs at least one");
                continue;
            }
            if (!storedColumns(fields, columnsKey, columns.get(), selected, excluded)) {
                continue;
            }
            List<String> folded = columns.get().stream().map(SqliteSql::foldCase).toList();
            String earlier = seen.putIfAbsent(folded, fields.pathOf(key));
            if (earlier != null) {
                fields.problem(key, "indexes the same columns as " + earlier + " (" + String.join(", ", columns.get())
                        + "); keep one");
                continue;
            }
            indexes.add(new IndexConfig(columns.get(), unique, fields.pathOf(key)));
        }
        return List.copyOf(indexes);
    }

    /** Whether every column of an index is one the replica stores; each that is not is named, with its path. */
    private static boolean storedColumns(JsonFields fields, String columnsKey, List<String> columns,
                                         Optional<List<String>> selected, List<String> excluded) {
        boolean stored = true;
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i);
            String at = columnsKey + "[" + i + "]";
            if (excluded.contains(name)) {
                fields.problem(at, "\"" + name + "\" is in \"excludeColumns\" (" + fields.pathOf("excludeColumns["
                        + excluded.indexOf(name) + "]") + "), so the replica has no such column to index");
                stored = false;
            } else if (selected.isPresent() && !selected.get().contains(name)) {
                fields.problem(at, "\"" + name + "\" is not in \"columns\", so the replica has no such column to"
                        + " index; add it there");
                stored = false;
            }
        }
        return stored;
    }

    /**
     * One of columns and excludeColumns, and never without the watermark or a configured key column:
     * the cursor and the upsert need them in every row. (A key taken from the source is checked when
     * the table is reflected, by the plan.)
     */
    private static void checkSelection(JsonFields fields, Optional<String> watermark, Optional<List<String>> primaryKey,
                                       Optional<List<String>> columns, List<String> excluded) {
        if (fields.has("columns") && fields.has("excludeColumns")) {
            fields.problem("excludeColumns", "cannot be given with \"columns\"; list the columns to read in"
                    + " \"columns\", or those to leave out in \"excludeColumns\"");
            return;
        }
        List<String> needed = new ArrayList<>();
        watermark.ifPresent(needed::add);
        primaryKey.ifPresent(needed::addAll);
        if (columns.isPresent()) {
            List<String> missing = needed.stream().filter(n -> !columns.get().contains(n)).distinct().toList();
            if (!missing.isEmpty()) {
                fields.problem("columns", "must include " + (watermark.isPresent() ? "the watermark and " : "")
                        + "the primary key; add "
                        + String.join(", ", missing.stream().map(n -> "\"" + n + "\"").toList()));
            }
        }
        for (int i = 0; i < excluded.size(); i++) {
            String name = excluded.get(i);
            if (watermark.filter(name::equals).isPresent()) {
                fields.problem("excludeColumns[" + i + "]", "\"" + name + "\" is the watermark column, which every"
                        + " read orders and resumes by; it cannot be excluded");
            } else if (primaryKey.orElse(List.of()).contains(name)) {
                fields.problem("excludeColumns[" + i + "]", "\"" + name + "\" is a primary key column, which rows are"
                        + " upserted by; it cannot be excluded");
            }
        }
    }

    /** What {@code "deletes"} asks for: either, both or neither. */
    private record Deletes(Optional<String> softDelete, Optional<Reconcile> reconcile) {
        static final Deletes KEEP = new Deletes(Optional.empty(), Optional.empty());
    }

    /**
     * {@code "deletes"}: {@code "keep"} (the default), or an object with {@code "softDelete": column},
     * {@code "reconcile": duration} (with its guard {@code "maxDeletePercent"}), or both: a soft
     * delete removes the rows read flagged, a reconcile those gone from the source (a hard delete, a
     * purge of old soft-deleted rows). Refused here as far as no server is needed: a soft-delete
     * column that is never NULL in a row read (the watermark, a configured key column) would delete
     * every row; a column left out of the selection could not be read; an append-only table has no
     * key to delete by (its rows are told apart by all their values, and a deleted row's values are
     * not those of the row stored); a source that cannot list its keys cannot reconcile. The column's
     * existence, and the source's own key, are checked against the source by the plan.
     */
    private static Deletes readDeletes(JsonFields fields, Optional<String> watermark,
                                       Optional<List<String>> primaryKey, Optional<List<String>> columns,
                                       List<String> excluded, String type, Optional<SourceConnector> connector) {
        Optional<JsonElement> raw = fields.raw("deletes");
        if (raw.isEmpty()) {
            return Deletes.KEEP;
        }
        String usage = "must be \"keep\" or {\"softDelete\": \"column\"} or {\"reconcile\": \"PT1H\"} (or both"
                + " in one object), not ";
        JsonElement value = raw.get();
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            if (!value.getAsString().equals("keep")) {
                fields.problem("deletes", usage + value);
            }
            return Deletes.KEEP;
        }
        if (!value.isJsonObject()) {
            fields.problem("deletes", usage + JsonFields.describe(value));
            return Deletes.KEEP;
        }
        JsonFields deletes = fields.nested(value.getAsJsonObject(), fields.pathOf("deletes"));
        deletes.rejectUnknownKeys(DELETES_KEYS);
        if (!deletes.has("softDelete") && !deletes.has("reconcile")) {
            fields.problem("deletes", "names neither \"softDelete\" nor \"reconcile\"; give one, or both");
            return Deletes.KEEP;
        }
        boolean appendOnly = primaryKey.isPresent() && primaryKey.get().isEmpty();
        if (appendOnly) {
            fields.problem("deletes", "a table without a primary key (\"primaryKey\": []) is append-only; its rows"
                    + " cannot be deleted by key. Give it a primary key, or remove \"deletes\"");
        }
        Optional<String> softDelete = deletes.has("softDelete") && !appendOnly
                ? readSoftDelete(fields, deletes, watermark, primaryKey, columns, excluded) : Optional.empty();
        Optional<Reconcile> reconcile = readReconcile(deletes, type, connector);
        if (!deletes.has("reconcile") && deletes.has("maxDeletePercent")) {
            deletes.problem("maxDeletePercent", "guards a reconcile, and this table has none; add \"reconcile\","
                    + " or remove \"maxDeletePercent\"");
        }
        return appendOnly ? Deletes.KEEP : new Deletes(softDelete, reconcile);
    }

    private static Optional<String> readSoftDelete(JsonFields fields, JsonFields deletes, Optional<String> watermark,
                                                   Optional<List<String>> primaryKey, Optional<List<String>> columns,
                                                   List<String> excluded) {
        Optional<String> column = deletes.requiredString("softDelete");
        if (column.isEmpty()) {
            return Optional.empty();
        }
        String name = column.get();
        rejectControlCharacters(deletes, "softDelete", name);
        int problems = fields.problems().size();
        if (watermark.filter(name::equals).isPresent()) {
            deletes.problem("softDelete", "\"" + name + "\" is the watermark column, which is never NULL in a row read:"
                    + " every row would be deleted");
        } else if (primaryKey.orElse(List.of()).contains(name)) {
            deletes.problem("softDelete", "\"" + name + "\" is a primary key column, which is never NULL: every row"
                    + " would be deleted");
        } else if (excluded.contains(name)) {
            deletes.problem("softDelete", "\"" + name + "\" is in \"excludeColumns\" (" + fields.pathOf("excludeColumns["
                    + excluded.indexOf(name) + "]") + "); a row's deletion is read from it, so it must be read");
        } else if (columns.isPresent() && !columns.get().contains(name)) {
            deletes.problem("softDelete", "\"" + name + "\" is not in \"columns\"; a row's deletion is read from it,"
                    + " so add it there");
        }
        return fields.problems().size() == problems ? column : Optional.empty();
    }

    /**
     * {@code "reconcile"}, a duration of at most {@link #MAX_RECONCILE_INTERVAL}, and its guard
     * {@code "maxDeletePercent"}, a number from 0 to 100, on a source whose connector can list a
     * table's keys (one that cannot would fail the table on every run).
     */
    private static Optional<Reconcile> readReconcile(JsonFields deletes, String type,
                                                     Optional<SourceConnector> connector) {
        if (!deletes.has("reconcile")) {
            return Optional.empty();
        }
        Optional<Duration> every = Optional.empty();
        JsonElement value = deletes.raw("reconcile").orElseThrow();
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            every = duration(deletes.string("reconcile").orElse(""), deletes, "reconcile", MAX_RECONCILE_INTERVAL,
                    "a reconcile runs at least once every P366D");
        } else {
            deletes.problem("reconcile", "must be an ISO-8601 duration such as \"PT1H\" (the least time between two"
                    + " reconciles), not " + JsonFields.describe(value));
        }
        BigDecimal percent = Reconcile.DEFAULT_MAX_DELETE_PERCENT;
        Optional<JsonElement> guard = deletes.raw("maxDeletePercent");
        if (guard.isPresent()) {
            JsonElement g = guard.get();
            if (!g.isJsonPrimitive() || !g.getAsJsonPrimitive().isNumber()) {
                deletes.problem("maxDeletePercent", "must be a number from 0 to 100, not " + JsonFields.describe(g));
                return Optional.empty();
            }
            percent = g.getAsBigDecimal();
            if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                deletes.problem("maxDeletePercent", "must be a number from 0 to 100 (a share of the replica's rows),"
                        + " not " + percent.toPlainString());
                return Optional.empty();
            }
        }
        if (connector.isPresent() && !connector.get().supportsReconcile()) {
            deletes.problem("reconcile", "the source type \"" + type + "\" cannot list a table's keys, which a"
                    + " reconcile compares; remove it, or use a source that can (see docs/SOURCES.md)");
            return Optional.empty();
        }
        BigDecimal max = percent;
        return every.map(duration -> new Reconcile(duration, max));
    }

    /**
     * {@code "where"}: one expression, checked offline as far as no server is needed ({@link WhereClause}),
     * on a source whose connector applies it: one that ignored it would copy the rows it should leave out.
     */
    private static Optional<String> readWhere(JsonFields fields, String type, Optional<SourceConnector> connector) {
        if (!fields.has("where")) {
            return Optional.empty();
        }
        Optional<String> where = fields.requiredString("where");
        if (where.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> problem = WhereClause.problem(where.get());
        if (problem.isPresent()) {
            fields.problem("where", problem.get());
            return Optional.empty();
        }
        if (connector.isPresent() && !connector.get().supportsFilter()) {
            fields.problem("where", "the source type \"" + type + "\" does not apply a \"where\" to its reads;"
                    + " remove it, or use a source that does (see docs/SOURCES.md)");
            return Optional.empty();
        }
        return where;
    }

    private static void rejectControlCharacters(JsonFields fields, String key, String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                fields.problem(key, String.format(Locale.ROOT, "must not contain a control character; found U+%04X at character %d",
                        (int) value.charAt(i), i + 1));
                return;
            }
        }
    }

    private static Optional<Lookback> readLookback(JsonElement value, JsonFields fields) {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            BigDecimal amount = value.getAsBigDecimal();
            if (amount.signum() < 0) {
                fields.problem("lookback", "must not be negative, not " + amount.toPlainString());
                return Optional.empty();
            }
            return Optional.of(new Lookback.Amount(amount));
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return readDuration(value.getAsString(), fields);
        }
        fields.problem("lookback", "must be an ISO-8601 duration such as \"PT5M\" (date/time watermarks)"
                + " or a number (numeric watermarks), not " + JsonFields.describe(value));
        return Optional.empty();
    }

    /**
     * A lookback duration (see {@link #duration}), at most {@link #MAX_LOOKBACK}.
     */
    private static Optional<Lookback> readDuration(String text, JsonFields fields) {
        return duration(text, fields, "lookback", MAX_LOOKBACK, "a lookback is at most P" + MAX_LOOKBACK.toDays()
                + "D (10,000 years; it reaches past every date a watermark holds long before that)")
                .map(Lookback.Span::new);
    }

    /**
     * An ISO-8601 duration, read by its parts rather than by {@link Duration#parse}, which knows no
     * years, months or weeks and calls any of them, or a number too large for it, "not a duration".
     * Weeks are seven days; years and months have no fixed length, so they are refused with a hint,
     * unless the duration is too large anyway (the first thing to fix).
     *
     * @param key      where the text was found, for the problems
     * @param max      the longest duration taken
     * @param tooLarge why a longer one is refused, after "is too large: "
     */
    private static Optional<Duration> duration(String text, JsonFields fields, String key, Duration max,
                                               String tooLarge) {
        Matcher parts = DURATION.matcher(text);
        if (!parts.matches() || text.matches("(?i)-?PT?|.*T")) {
            fields.problem(key, "\"" + text + "\" is not an ISO-8601 duration such as PT5M, PT1H or P1D");
            return Optional.empty();
        }
        if (parts.group(1) != null) {
            fields.problem(key, "must not be negative, not " + text);
            return Optional.empty();
        }
        // Years at their longest, months at 31 days: only to tell "too large" first.
        long[] unitSeconds = {366L * 86400, 31L * 86400, 7L * 86400, 86400, 3600, 60};
        BigDecimal seconds = parts.group(8) == null ? BigDecimal.ZERO : new BigDecimal(parts.group(8).replace(',', '.'));
        for (int i = 0; i < unitSeconds.length; i++) {
            if (parts.group(i + 2) != null) {
                seconds = seconds.add(new BigDecimal(parts.group(i + 2)).multiply(BigDecimal.valueOf(unitSeconds[i])));
            }
        }
        if (seconds.compareTo(BigDecimal.valueOf(max.getSeconds())) > 0) {
            fields.problem(key, "\"" + text + "\" is too large: " + tooLarge);
            return Optional.empty();
        }
        if (parts.group(2) != null || parts.group(3) != null) {
            fields.problem(key, "\"" + text + "\" counts years or months, which have no fixed length;"
                    + " write days, such as P365D");
            return Optional.empty();
        }
        long nanos = seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue();
        return Optional.of(Duration.ofSeconds(seconds.longValue(), nanos));
    }

    /**
     * The way out when a variable put a {@code ?} into a conn (hostile test: the README's own
     * {@code postgres://app:${PGPASSWORD}@host/db}, with a password holding a {@code ?}, was refused as
     * "has a port that is not a number"): a URL's query starts at its first {@code ?}, so such a
     * password goes in {@code "password"}, which is taken as it is. Names the variable, never its value.
     */
    private static String questionMarkHint(JsonFields fields) {
        List<String> names = fields.written("conn")
                .map(conn -> fields.interpolator().referencesHolding(conn, '?')).orElse(List.of());
        if (names.isEmpty()) {
            return "";
        }
        String name = names.get(0);
        return "; the value of " + name + " holds a ?, which starts a URL's parameters: give the password"
                + " apart, as \"password\": \"${" + name + "}\" (taken as it is), or write the ? as %3F in " + name;
    }

    /**
     * The URL's secrets as {@link ConnectionUrl} reads them, the reading the built-in connectors give
     * their drivers; for a URL it cannot read, every secret-named parameter.
     */
    private static void collectUrlSecrets(String conn, Secrets secrets) {
        Optional<ConnectionUrl> url = ConnectionUrl.parseConn(conn);
        if (url.isPresent()) {
            url.get().secrets().forEach(secrets::add);
            return;
        }
        int question = conn.indexOf('?');
        Matcher matcher = PARAMETER.matcher(question >= 0 ? conn.substring(question) : "");
        while (matcher.find()) {
            if (ConnectionUrl.isSecretName(matcher.group(1))) {
                String raw = matcher.group(2);
                secrets.add(raw);
                // An & not written %26 may have cut the value short; see ConnectionUrl#careless.
                secrets.add(conn.substring(matcher.start(2)));
                try {
                    secrets.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException ignored) {
                    // not percent-encoded after all: the raw form is already masked
                }
            }
        }
    }

    /**
     * A target names the SQLite table, which the file keeps in its schema, its index names, its state and its
     * log rows: one that holds a password would store it there unmasked, though every message masks it. Checked
     * once every block's secrets are known (a later block's password counts); the target is not repeated.
     */
    private static void checkTargetsHoldNoSecret(List<SourceConfig> sources, Secrets secrets,
                                                 List<ConfigProblem> problems) {
        for (SourceConfig source : sources) {
            for (TableConfig table : source.tables()) {
                if (secrets.holdsSecret(table.target())) {
                    problems.add(new ConfigProblem(table.jsonPath() + ".target", "holds a password; the target names"
                            + " the SQLite table, which the SQLite file stores with its state and log rows, so set a"
                            + " \"target\" without it"));
                }
            }
        }
    }

    /**
     * Two blocks must not share an identity, and two tables must not write one SQLite table. One source
     * table may be listed several times, each with its own target (two "where" subsets, say): the state
     * is kept by target, so each has its own cursor.
     */
    private static void checkUniqueness(List<SourceConfig> sources, List<ConfigProblem> problems) {
        Map<String, String> identities = new HashMap<>();
        Map<String, String> targets = new HashMap<>();
        for (SourceConfig source : sources) {
            String earlier = identities.putIfAbsent(source.name(), source.jsonPath());
            if (earlier != null && !source.name().isEmpty()) {
                problems.add(new ConfigProblem(source.jsonPath(), "has the same identity \"" + source.name()
                        + "\" as " + earlier + "; give each block a distinct \"name\""));
            }
            for (TableConfig table : source.tables()) {
                // As SQLite compares table names: ASCII letters without case, every other character as it is.
                String other = targets.putIfAbsent(SqliteSql.foldCase(table.target()), table.jsonPath());
                if (other != null) {
                    problems.add(new ConfigProblem(table.jsonPath() + ".target", "the SQLite table \"" + table.target()
                            + "\" is also written by " + other + "; set a distinct \"target\""));
                }
            }
        }
    }
}
