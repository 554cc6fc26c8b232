package dev.replicate.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's source data: a small shop in the schema {@code shop}. Customers and orders are updated in
 * place and carry an {@code updated_at timestamptz} watermark; events are append-only and have no
 * primary key. Values are computed from the row number rather than drawn at random, so every demo
 * (and its test) sees the same rows.
 */
final class DemoShop {
    static final int CUSTOMERS = 50;
    static final int ORDERS = 200;
    static final int EVENTS = 500;
    static final int NEW_CUSTOMERS = 3;
    static final int NEW_ORDERS = 10;
    static final int SHIPPED_ORDERS = 5;
    static final int NEW_EVENTS = 100;

    private static final String SCHEMA = """
            CREATE SCHEMA shop;
            CREATE TABLE shop.customers (
              id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              name       text NOT NULL,
              email      text NOT NULL UNIQUE,
              country    char(2) NOT NULL,
              created_at timestamptz NOT NULL,
              updated_at timestamptz NOT NULL
            );
            CREATE TABLE shop.orders (
              id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              customer_id bigint NOT NULL REFERENCES shop.customers,
              status      text NOT NULL,
              total       numeric(12,2) NOT NULL,
              placed_at   timestamptz NOT NULL,
              updated_at  timestamptz NOT NULL
            );
            CREATE INDEX ON shop.orders (updated_at);
            -- Append-only: rows are only ever added, and there is no key to tell two rows apart.
            CREATE TABLE shop.events (
              occurred_at timestamptz NOT NULL,
              customer_id bigint,
              kind        text NOT NULL,
              detail      jsonb
            );
            """;

    private static final String FIRST_NAMES = "(ARRAY['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','Ken','Margaret','Dennis'])";
    private static final String LAST_NAMES = "(ARRAY['Lovelace','Hopper','Turing','Dijkstra','Liskov','Knuth','Allen','Thompson','Hamilton','Ritchie'])";
    private static final String COUNTRIES = "(ARRAY['DE','FR','GB','US','CA','NL','SE','JP','BR','IN'])";
    private static final String EVENT_KINDS = "(ARRAY['page_view','search','add_to_cart','checkout','login'])";

    private DemoShop() {
    }

    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
            addCustomers(statement, 1, CUSTOMERS, "now() - make_interval(days => 400 - i * 7)");
            statement.execute(String.format(Locale.ROOT, """
                    INSERT INTO shop.orders (customer_id, status, total, placed_at, updated_at)
                    SELECT 1 + (i * 7) %% %d,
                           (ARRAY['paid','paid','shipped','delivered','cancelled'])[1 + i %% 5],
                           round((9.99 + (i * 37) %% 500)::numeric, 2),
                           now() - make_interval(hours => 2000 - i * 9),
                           now() - make_interval(hours => 2000 - i * 9, mins => -30)
                    FROM generate_series(1, %d) AS i""", CUSTOMERS, ORDERS));
            addEvents(statement, EVENTS, "now() - make_interval(mins => 10000 - i * 19)");
        }
    }

    /** What happens at the source between the two runs: some orders ship, new customers order, events keep coming. */
    static void change(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(String.format(Locale.ROOT, """
                    UPDATE shop.orders SET status = 'shipped', updated_at = clock_timestamp()
                    WHERE id IN (SELECT id FROM shop.orders WHERE status = 'paid' ORDER BY id LIMIT %d)""",
                    SHIPPED_ORDERS));
            addCustomers(statement, CUSTOMERS + 1, CUSTOMERS + NEW_CUSTOMERS, "clock_timestamp()");
            statement.execute(String.format(Locale.ROOT, """
                    INSERT INTO shop.orders (customer_id, status, total, placed_at, updated_at)
                    SELECT %d + i %% %d, 'paid', round((19.99 + i * 3)::numeric, 2), clock_timestamp(), clock_timestamp()
                    FROM generate_series(1, %d) AS i""", CUSTOMERS + 1, NEW_CUSTOMERS, NEW_ORDERS));
            addEvents(statement, NEW_EVENTS, "clock_timestamp()");
        }
    }

    private static void addCustomers(Statement statement, int from, int to, String timestamp) throws SQLException {
        statement.execute(String.format(Locale.ROOT, """
                INSERT INTO shop.customers (name, email, country, created_at, updated_at)
                SELECT %1$s[1 + i %% 10] || ' ' || %2$s[1 + (i / 10) %% 10],
                       lower(%1$s[1 + i %% 10]) || '.' || i || '@example.com',
                       %3$s[1 + (i * 3) %% 10],
                       %4$s, %4$s
                FROM generate_series(%5$d, %6$d) AS i""", FIRST_NAMES, LAST_NAMES, COUNTRIES, timestamp, from, to));
    }

    private static void addEvents(Statement statement, int count, String timestamp) throws SQLException {
        statement.execute(String.format(Locale.ROOT, """
                INSERT INTO shop.events (occurred_at, customer_id, kind, detail)
                SELECT %s, 1 + (i * 13) %% %d, %s[1 + i %% 5], jsonb_build_object('n', i)
                FROM generate_series(1, %d) AS i""", timestamp, CUSTOMERS, EVENT_KINDS, count));
    }

    /** Row counts per table, and the shipped orders: what the SQLite file must match after a run. */
    static Map<String, Long> facts(Connection connection, boolean sqlite) throws SQLException {
        String prefix = sqlite ? "" : "shop.";
        Map<String, Long> facts = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : new String[] {"customers", "orders", "events"}) {
                facts.put(table, count(statement, "SELECT count(*) FROM " + prefix + table));
            }
            facts.put("shipped orders", count(statement, "SELECT count(*) FROM " + prefix + "orders WHERE status = 'shipped'"));
        }
        return facts;
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
