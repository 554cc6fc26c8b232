package org.sqlite.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * What the design requires of a run before any read, for the design floors (IncrementalFloor,
 * ManyTablesFloor): the session's settings that keep values exact and the catalog queries that catch a
 * changed table, replicate's own statements ({@link DesignSql}) asked for all the tables at once, their
 * rows read.
 */
final class DesignGuarantees {
    private DesignGuarantees() {
    }

    static void ask(String kind, Connection source, Properties sql, String database, List<String> tables)
            throws SQLException {
        try (Statement statement = source.createStatement()) {
            statement.execute(sql.getProperty(kind + ".session"));
        }
        if (kind.equals("postgres")) {
            for (String query : new String[] {"postgres.columns", "postgres.key"}) {
                try (PreparedStatement statement = source.prepareStatement(sql.getProperty(query))) {
                    statement.setArray(1, source.createArrayOf("text", new Object[] {"public"}));
                    statement.setArray(2, source.createArrayOf("text", tables.toArray()));
                    readAll(statement);
                }
            }
            return;
        }
        String names = "?" + ",?".repeat(tables.size() - 1);
        try (PreparedStatement statement = source.prepareStatement(sql.getProperty("mysql.catalog.template").formatted("?", names))) {
            int parts = Integer.parseInt(sql.getProperty("mysql.catalog.parts"));
            int index = 1;
            for (int part = 0; part < parts; part++) {
                statement.setString(index++, database);
                for (String table : tables) {
                    statement.setString(index++, table);
                }
            }
            readAll(statement);
        }
    }


    private static void readAll(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    rs.getObject(i);
                }
            }
        }
    }
}
