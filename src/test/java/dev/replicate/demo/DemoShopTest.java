package dev.replicate.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The demo's shop is made by SQL with numbers written into it: in a locale whose digits are others
 * (Arabic, Persian: Java writes 1234 as ١٢٣٤ there) the statements were not SQL any more, and the demo
 * failed on a desktop set to that language.
 */
class DemoShopTest {
    @Test
    void theShopIsMadeAndChangedInALocaleThatWritesOtherDigits() throws Exception {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("ar-EG"));
        try (PostgresTestDatabase db = new PostgresTestDatabase(); Connection connection = db.connect()) {
            DemoShop.create(connection);
            DemoShop.change(connection);
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM shop.orders")) {
                rs.next();
                assertEquals(DemoShop.ORDERS + DemoShop.NEW_ORDERS, rs.getInt(1));
            }
        } finally {
            Locale.setDefault(before);
        }
    }
}
