package org.sqlite.core;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * A floor for a first sync with its source read (issue #17): the least a JVM with the design's parts
 * (Java 17, replicate's JDBC driver, sqlite-jdbc) does to copy a table from the source into a new SQLite
 * file with the values a first sync stores. Where {@link WriterFloor} leaves the source out, this
 * reads it in the cheapest way replicate could, in the key order a first sync needs (each page's
 * transaction records the last key, for a resume after a crash): PostgreSQL through
 * {@code COPY (query) TO STDOUT} (text) with pgjdbc's CopyManager, each row's fields split and
 * converted straight from its bytes (text as its UTF-8 bytes, never a String; integers, booleans and
 * doubles parsed; a timestamptz rewritten to the form replicate stores); MariaDB and MySQL through a
 * streaming result set of Connector/J with replicate's wire properties, getLong/getDouble for numbers
 * and getBytes for the rest (the server's text; a datetime's without its fraction's trailing zeros). A reader thread hands chunks of 512 rows over a queue
 * of 4 to the writer (this thread), as replicate's RowPipeline does, and the writer binds each value
 * with one native call (as {@link WriterFloor} and replicate's DirectUpsert do) into a plain INSERT,
 * committing every PAGE rows, with replicate's pragmas. No configuration, reflection, state, cursor
 * or conversion beyond what the stored values need. It lives in sqlite-jdbc's package for the
 * package-private binds.
 *
 * <p>Prints one line: milliseconds from connecting to the last commit, rows, then the CPU seconds of
 * the reader thread, of the writer thread, and of the server's process or thread that served the
 * read (read from /proc: -1 when the server is not on this machine or not readable). A first sync's
 * wall time cannot be less than a JVM's start plus the larger of the writer's CPU and
 * (reader + writer + server CPU) / cores.
 *
 * <p>Usage: {@code java org.sqlite.core.ReadWriteFloor postgres|mysql HOST PORT USER DATABASE QUERY NEW.db CREATE PAGE}
 * where QUERY is the SELECT read (its columns in the table's order) and CREATE the SQLite table's
 * CREATE TABLE statement (its table is the one written).
 */
public final class ReadWriteFloor {
    private static final int SQLITE_DONE = 101;
    private static final int CHUNK = 512;
    private static final int DEPTH = 4;
    /** A row of the end of the rows (or of the failure that ended them). */
    private static final Object[][] END = new Object[0][];

    /** How a column's value is made: what a first sync stores for its source type. */
    private enum Kind { LONG, BOOLEAN, DOUBLE, TIMESTAMPTZ, WALL_CLOCK, TEXT }

    private static volatile Throwable failure;
    private static volatile long readerCpu;

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String query = args[5];
        int page = Integer.parseInt(args[8]);
        long start = System.nanoTime();
        try (Connection source = connect(kind, args);
             Connection to = ReplicaFile.open(args[6])) {
            try (Statement setup = to.createStatement()) {
                setup.execute("PRAGMA page_size = 8192");
                setup.execute("PRAGMA journal_mode = WAL");
                setup.execute("PRAGMA synchronous = NORMAL");
                // replicate's page cache while a first sync appends in integer key order (Replica#appending)
                setup.execute("PRAGMA cache_size = -16384");
                setup.execute("PRAGMA temp_store = MEMORY");
                setup.execute(args[7]);
            }
            String table = args[7].replaceFirst("(?is)^CREATE TABLE (IF NOT EXISTS )?(\"[^\"]+\"|\\S+).*$", "$2");
            ServerCpu server = ServerCpu.of(kind, source);
            double serverBefore = server.seconds();
            Kind[] kinds = kinds(kind, source, query);
            BlockingQueue<Object[][]> queue = new ArrayBlockingQueue<>(DEPTH);
            Thread reader = new Thread(() -> {
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                try {
                    if (kind.equals("postgres")) {
                        readCopy(source, query, kinds, queue);
                    } else {
                        readStreaming(source, query, kinds, queue);
                    }
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    readerCpu = mx.getCurrentThreadCpuTime();
                    try {
                        queue.put(END);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "reader");
            reader.setDaemon(true);
            long writerCpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            reader.start();
            long rows = write(to, table, kinds.length, page, queue);
            reader.join();
            if (failure != null) {
                throw new IllegalStateException("the read failed", failure);
            }
            long writerCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - writerCpuBefore;
            double serverCpu = server.seconds() < 0 ? -1 : server.seconds() - serverBefore;
            System.out.printf("%d\t%d\t%.2f\t%.2f\t%.2f%n", (System.nanoTime() - start) / 1_000_000, rows,
                    readerCpu / 1e9, writerCpu / 1e9, serverCpu);
        }
    }

    /** The writer: one native call per value into a plain INSERT, a transaction per page. */
    private static long write(Connection to, String table, int columns, int page, BlockingQueue<Object[][]> queue)
            throws Exception {
        to.setAutoCommit(false);
        long written = 0;
        int inPage = 0;
        try (PreparedStatement insert = to.prepareStatement("INSERT INTO " + table + " VALUES (?" + ",?".repeat(columns - 1) + ")")) {
            NativeDB db = (NativeDB) ((CoreStatement) insert).getDatabase();
            long pointer = ((CoreStatement) insert).pointer.safeRunLong((database, handle) -> handle);
            Object[][] chunk;
            while ((chunk = queue.take()) != END) {
                for (Object[] row : chunk) {
                    if (row == null) {
                        break;
                    }
                    for (int i = 0; i < columns; i++) {
                        Object value = row[i];
                        int rc;
                        if (value == null) {
                            rc = db.bind_null(pointer, i + 1);
                        } else if (value instanceof Long n) {
                            rc = db.bind_long(pointer, i + 1, n);
                        } else if (value instanceof Double d) {
                            rc = db.bind_double(pointer, i + 1, d);
                        } else {
                            rc = db.bind_text_utf8(pointer, i + 1, (byte[]) value);
                        }
                        if (rc != 0) {
                            db.throwex(rc);
                        }
                    }
                    int rc = db.step(pointer);
                    if (rc != SQLITE_DONE) {
                        db.reset(pointer);
                        db.throwex(rc);
                    }
                    db.reset(pointer);
                    written++;
                    if (++inPage == page) {
                        to.commit();
                        inPage = 0;
                    }
                }
            }
        }
        to.commit();
        return written;
    }

    /** PostgreSQL: COPY text, each field converted from the row's bytes. */
    private static void readCopy(Connection source, String query, Kind[] kinds, BlockingQueue<Object[][]> queue)
            throws Exception {
        CopyOut copy = source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT");
        int columns = kinds.length;
        Object[][] chunk = new Object[CHUNK][];
        int size = 0;
        byte[] line;
        while ((line = copy.readFromCopy()) != null) {
            int end = line.length - 1; // the newline
            Object[] row = new Object[columns];
            int pos = 0;
            for (int i = 0; i < columns; i++) {
                int from = pos;
                boolean escaped = false;
                while (pos < end && line[pos] != '\t') {
                    if (line[pos] == '\\') {
                        escaped = true;
                        pos++;
                    }
                    pos++;
                }
                int to = pos++;
                if (to - from == 2 && line[from] == '\\' && line[from + 1] == 'N') {
                    continue;
                }
                byte[] field = line;
                if (escaped) {
                    field = unescape(line, from, to);
                    from = 0;
                    to = field.length;
                }
                row[i] = switch (kinds[i]) {
                    case LONG -> parseLong(field, from, to);
                    case BOOLEAN -> field[from] == 't' ? 1L : 0L;
                    case DOUBLE -> JavaDoubleParser.parseDouble(field, from, to - from);
                    case TIMESTAMPTZ -> instant(field, from, to);
                    case WALL_CLOCK, TEXT -> Arrays.copyOfRange(field, from, to);
                };
            }
            chunk[size++] = row;
            if (size == CHUNK) {
                queue.put(chunk);
                chunk = new Object[CHUNK][];
                size = 0;
            }
        }
        if (size > 0) {
            queue.put(chunk);
        }
    }

    /** MariaDB, MySQL: a streaming result set; numbers by getLong/getDouble, the rest as the server's text. */
    private static void readStreaming(Connection source, String query, Kind[] kinds, BlockingQueue<Object[][]> queue)
            throws Exception {
        try (Statement statement = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = statement.executeQuery(query)) {
                int columns = kinds.length;
                Object[][] chunk = new Object[CHUNK][];
                int size = 0;
                while (rs.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        Object value = switch (kinds[i]) {
                            case LONG, BOOLEAN -> rs.getLong(i + 1);
                            case DOUBLE -> rs.getDouble(i + 1);
                            case WALL_CLOCK -> wallClock(rs.getBytes(i + 1));
                            default -> rs.getBytes(i + 1);
                        };
                        row[i] = kinds[i] != Kind.TEXT && rs.wasNull() ? null : value;
                    }
                    chunk[size++] = row;
                    if (size == CHUNK) {
                        queue.put(chunk);
                        chunk = new Object[CHUNK][];
                        size = 0;
                    }
                }
                if (size > 0) {
                    queue.put(chunk);
                }
            }
        }
    }

    /** The query's columns' kinds, from its result's metadata (no row is read). */
    private static Kind[] kinds(String kind, Connection source, String query) throws SQLException {
        try (Statement statement = source.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM (" + query + ") q LIMIT 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            Kind[] kinds = new Kind[meta.getColumnCount()];
            for (int i = 0; i < kinds.length; i++) {
                String type = meta.getColumnTypeName(i + 1).toLowerCase();
                int sql = meta.getColumnType(i + 1);
                if (kind.equals("postgres")) {
                    kinds[i] = switch (type) {
                        case "int8", "int4", "int2" -> Kind.LONG;
                        case "bool" -> Kind.BOOLEAN;
                        case "float8" -> Kind.DOUBLE;
                        case "timestamptz" -> Kind.TIMESTAMPTZ;
                        case "text", "varchar", "bpchar", "date", "jsonb", "json", "numeric", "uuid" -> Kind.TEXT;
                        default -> throw new IllegalArgumentException("the floor does not read " + type);
                    };
                } else {
                    kinds[i] = switch (sql) {
                        case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> Kind.LONG;
                        case Types.DOUBLE -> Kind.DOUBLE;
                        case Types.TIMESTAMP -> Kind.WALL_CLOCK;
                        case Types.VARCHAR, Types.LONGVARCHAR, Types.CHAR, Types.DECIMAL, Types.DATE -> Kind.TEXT;
                        default -> throw new IllegalArgumentException("the floor does not read " + type);
                    };
                }
            }
            return kinds;
        }
    }

    private static Long parseLong(byte[] f, int s, int e) {
        boolean negative = f[s] == '-';
        long value = 0;
        for (int i = negative ? s + 1 : s; i < e; i++) {
            value = value * 10 + (f[i] - '0');
        }
        return negative ? -value : value;
    }

    /**
     * {@code 2024-01-01 00:00:00.5+00} (the session is UTC) as replicate stores an instant,
     * {@code 2024-01-01T00:00:00.5+00:00}; any other form is not the fixture's, and fails.
     */
    private static byte[] instant(byte[] f, int s, int e) {
        if (e - s < 22 || f[s + 10] != ' ' || f[e - 3] != '+' || f[e - 2] != '0' || f[e - 1] != '0') {
            throw new IllegalArgumentException("not a plain UTC timestamptz: " + new String(f, s, e - s));
        }
        byte[] out = new byte[e - s + 3];
        System.arraycopy(f, s, out, 0, e - s);
        out[10] = 'T';
        out[e - s] = ':';
        out[e - s + 1] = '0';
        out[e - s + 2] = '0';
        return out;
    }

    /** A datetime's text without its fraction's trailing zeros, as replicate stores a wall clock. */
    private static byte[] wallClock(byte[] text) {
        if (text == null || text.length <= 19) {
            return text;
        }
        int end = text.length;
        while (text[end - 1] == '0') {
            end--;
        }
        if (text[end - 1] == '.') {
            end--;
        }
        return end == text.length ? text : Arrays.copyOf(text, end);
    }

    /** COPY text's escapes, as replicate's PostgresCopyStream undoes them (the fixture has only \\ and \N). */
    private static byte[] unescape(byte[] row, int start, int end) {
        byte[] out = new byte[end - start];
        int length = 0;
        for (int i = start; i < end; i++) {
            byte b = row[i];
            if (b != '\\' || i + 1 >= end) {
                out[length++] = b;
                continue;
            }
            byte c = row[++i];
            out[length++] = switch (c) {
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'v' -> 0x0b;
                default -> {
                    if (c >= '0' && c <= '7' || c == 'x') {
                        throw new IllegalArgumentException("an octal or hex escape: not in the fixture");
                    }
                    yield c;
                }
            };
        }
        return Arrays.copyOf(out, length);
    }

    private static Connection connect(String kind, String[] args) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", args[3]);
        String hostPort = args[1] + ":" + args[2];
        if (kind.equals("postgres")) {
            Connection connection = new org.postgresql.Driver().connect("jdbc:postgresql://" + hostPort + "/" + args[4], properties);
            try (Statement statement = connection.createStatement()) {
                // replicate's session settings that fix the text forms (PostgresConnector)
                statement.execute("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'");
            }
            return connection;
        }
        // replicate's fixed Connector/J properties that touch the wire (MysqlConnector)
        properties.setProperty("characterEncoding", "UTF-8");
        properties.setProperty("tinyInt1isBit", "false");
        properties.setProperty("connectionTimeZone", "UTC");
        properties.setProperty("forceConnectionTimeZoneToSession", "false");
        properties.setProperty("useServerPrepStmts", "false");
        properties.setProperty("useCursorFetch", "false");
        properties.setProperty("netTimeoutForStreamingResults", "0");
        return new com.mysql.cj.jdbc.Driver().connect("jdbc:mysql://" + hostPort + "/" + args[4], properties);
    }

    /**
     * The CPU the server spent for this connection so far: PostgreSQL's backend process, or the MariaDB
     * thread (processlist's TID) of mariadbd; -1 where /proc does not have it (another machine).
     */
    private record ServerCpu(Path stat) {
        static ServerCpu of(String kind, Connection source) throws SQLException {
            try (Statement statement = source.createStatement()) {
                if (kind.equals("postgres")) {
                    try (ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
                        rs.next();
                        return new ServerCpu(Path.of("/proc/" + rs.getInt(1) + "/stat"));
                    }
                }
                long tid;
                try (ResultSet rs = statement.executeQuery("SELECT tid FROM information_schema.processlist WHERE id = connection_id()")) {
                    rs.next();
                    tid = rs.getLong(1);
                } catch (SQLException noTid) {
                    return new ServerCpu(null); // MySQL has no TID column
                }
                try (var processes = Files.list(Path.of("/proc"))) {
                    return processes.filter(p -> p.getFileName().toString().matches("\\d+"))
                            .filter(p -> Files.exists(p.resolve("task/" + tid + "/stat")))
                            .findFirst().map(p -> new ServerCpu(p.resolve("task/" + tid + "/stat"))).orElse(new ServerCpu(null));
                } catch (java.io.IOException e) {
                    return new ServerCpu(null);
                }
            }
        }

        double seconds() {
            if (stat == null) {
                return -1;
            }
            try {
                String text = Files.readString(stat);
                String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime in ticks
            } catch (java.io.IOException | RuntimeException e) {
                return -1;
            }
        }
    }
}
