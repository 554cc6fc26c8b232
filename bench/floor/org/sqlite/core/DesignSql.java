package org.sqlite.core;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Properties;

/**
 * Writes the statements replicate sends for the guarantees of an incremental run (the session's settings
 * that keep values exact, the catalog queries that catch a changed table) to a properties file, taken
 * from replicate's own classes, so that {@link IncrementalFloor}'s design variant and
 * {@link ManyTablesFloor} send exactly them. Run once by bench/floors.sh before the rounds, with
 * replicate's jar on the class path; not timed.
 *
 * <p>Usage: {@code java org.sqlite.core.DesignSql OUT.properties MYSQL_ANNOUNCED_VERSION}
 */
public final class DesignSql {
    public static void main(String[] args) throws Exception {
        Properties sql = new Properties();
        sql.setProperty("postgres.session", field("dev.replicate.source.postgres.PostgresConnector", "SESSION_SETUP"));
        sql.setProperty("postgres.columns", field("dev.replicate.source.postgres.PostgresCatalog", "COLUMNS_SQL"));
        sql.setProperty("postgres.key", field("dev.replicate.source.postgres.PostgresCatalog", "PRIMARY_KEY_SQL"));
        Class<?> connector = Class.forName("dev.replicate.source.mysql.MysqlConnector");
        Method setup = connector.getDeclaredMethod("sessionSetup", String.class, int.class);
        setup.setAccessible(true);
        sql.setProperty("mysql.session", (String) setup.invoke(null, args[1], 0));
        boolean mariadb = args[1].contains("MariaDB");
        String catalog = field("dev.replicate.source.mysql.MysqlCatalog", "CATALOG_SQL")
                + (mariadb ? field("dev.replicate.source.mysql.MysqlCatalog", "CATALOG_CHECKS_SQL") : "")
                + "ORDER BY 1, 2, 3, 9";
        // Its lists left open (%1$s the schemas, %2$s the names), filled in for the tables asked about.
        sql.setProperty("mysql.catalog.template", catalog);
        sql.setProperty("mysql.catalog.parts", mariadb ? "3" : "2");
        try (OutputStream out = new FileOutputStream(args[0])) {
            sql.store(out, "replicate's statements for an incremental run's guarantees");
        }
    }

    private static String field(String className, String name) throws Exception {
        Field field = Class.forName(className).getDeclaredField(name);
        field.setAccessible(true);
        return (String) field.get(null);
    }
}
