package dev.replicate.source;

import java.util.List;

/**
 * The extension point for new kinds of source. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.replicate.source.SourceConnector} inside a jar on
 * {@code REPLICATE_CLASSPATH} (or in {@code lib/ext} beside the launcher), and a configuration block
 * with {@code "source": "<type()>"} uses it. PostgreSQL and MySQL are built on this same interface.
 */
public interface SourceConnector {

    /** The value of {@code "source"} in the configuration that selects this connector. */
    String type();

    /**
     * Problems with the connection settings, found without connecting, each a sentence that does not
     * repeat any secret; empty when the settings look usable.
     */
    List<String> check(SourceSettings settings);

    /**
     * A stable name for the database behind the settings, free of secrets (such as
     * {@code postgres://db.example.com:5432/shop}); the source's identity in the state tables when
     * the configuration does not name it.
     */
    String identity(SourceSettings settings);

    /** The schema that a table name without one belongs to (PostgreSQL: public; MySQL: the URL's database). */
    String defaultSchema(SourceSettings settings);

    /**
     * Whether this connector's sources apply a table's {@code "where"} (see {@link ReadRequest#where()})
     * to every read, to the count of unreadable watermarks and to the newest watermark, and checks it
     * in {@link Source#checkFilter} (docs/SOURCES.md lists what each must do). False by default, and a
     * configuration that gives a {@code "where"} to a source that says no is refused: a source written
     * before filters existed would ignore it, and silently copy the rows it is meant to leave out.
     */
    default boolean supportsFilter() {
        return false;
    }

    /**
     * Whether this connector's sources read a table entry's {@code "query"}: {@link Source#reflectQuery},
     * and every read, count and newest-value query on the schema it returns (docs/SOURCES.md). False by
     * default, and a configuration that gives a {@code "query"} to a source that says no is refused: a
     * source written before queries existed would take the query's schema for a table's.
     */
    default boolean supportsQuery() {
        return false;
    }

    /**
     * Whether this connector's sources read a whole table, {@link Source#readWhole}, for a table in
     * {@code "mode": "full"} (the default for a table without a watermark). False by default, and the
     * configuration then refuses such a table: a source written before full tables existed cannot
     * read one.
     */
    default boolean supportsFullRead() {
        return false;
    }

    /**
     * Whether this connector's sources list a table's primary keys ({@link Source#readKeys}), which a
     * table's {@code "deletes": {"reconcile": ...}} needs. False by default, and a configuration that
     * asks a source that says no to reconcile is refused: a source written before reconciles existed
     * has no such read.
     */
    default boolean supportsReconcile() {
        return false;
    }

    /** Connects. */
    Source open(SourceSettings settings) throws Exception;
}
