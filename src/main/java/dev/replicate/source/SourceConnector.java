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
