package dev.replicate.source.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.SourceConnector;
import dev.replicate.source.SourceRegistry;
import dev.replicate.source.SourceSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** URL checks, identity and the JDBC URL handed to Connector/J, all without a server. */
class MysqlConnectorTest {
    private final MysqlConnector connector = new MysqlConnector();

    private static SourceSettings settings(String conn) {
        return new SourceSettings(conn, Optional.empty(), Optional.empty(), Map.of());
    }

    @Test
    void isFoundAsTheMysqlType() {
        SourceConnector found = SourceRegistry.discover().find("mysql").orElseThrow();
        assertTrue(found instanceof MysqlConnector);
    }

    @Test
    void acceptsMysqlAndJdbcUrlsThatNameADatabase() {
        assertEquals(List.of(), connector.check(settings("mysql://user:secret@db.example.com:3307/shop")));
        assertEquals(List.of(), connector.check(settings("mysql://db.example.com/shop?sslMode=REQUIRED")));
        assertEquals(List.of(), connector.check(settings("jdbc:mysql://db.example.com/shop")));
        assertEquals(List.of(), connector.check(settings("jdbc:mariadb://db.example.com:3306/shop")));
    }

    @Test
    void rejectsOtherSchemesAndUrlsWithoutADatabaseWithoutRepeatingSecrets() {
        List<String> wrongScheme = connector.check(settings("postgres://u:hunter22@h/db"));
        assertEquals(1, wrongScheme.size());
        assertTrue(wrongScheme.get(0).contains("mysql://"), wrongScheme.toString());
        List<String> noDatabase = connector.check(settings("mysql://u:hunter22@db.example.com:3306/"));
        assertEquals(1, noDatabase.size());
        assertTrue(noDatabase.get(0).contains("names no database"), noDatabase.toString());
        assertFalse((wrongScheme + " " + noDatabase).contains("hunter22"));
        assertEquals(1, connector.check(settings("mysql://")).size());
    }

    @Test
    void identityNamesHostPortAndDatabaseButNoSecrets() {
        assertEquals("mysql://db.example.com:3306/shop",
                connector.identity(settings("mysql://user:secret@db.example.com/shop?useSSL=true")));
        assertEquals("mysql://db.example.com:3307/shop", connector.identity(settings("jdbc:mysql://db.example.com:3307/shop")));
        assertEquals("mysql://db.example.com:3306/shop",
                connector.identity(settings("jdbc:mariadb://user:secret@db.example.com/shop?password=secret")));
        assertEquals("mysql://a:3306,b:3307/shop", connector.identity(settings("mysql://a,b:3307/shop")));
        assertEquals("mysql://h1:3307,h2:3306/shop", connector.identity(settings(
                "jdbc:mysql://address=(host=h1)(port=3307)(user=u)(password=hunter22),address=(host=h2)(password=x)/shop")));
        assertEquals("mysql://h1:1111/shop", connector.identity(settings(
                "jdbc:mysql://(host=h1,port=1111,password=hunter22)/shop")));
    }

    @Test
    void theDefaultSchemaIsTheUrlsDatabase() {
        assertEquals("shop", connector.defaultSchema(settings("mysql://h/shop")));
        assertEquals("my shop", connector.defaultSchema(settings("mysql://h/my%20shop")));
        assertEquals("shop", connector.defaultSchema(settings("jdbc:mariadb://h:3306/shop?x=y")));
    }

    @Test
    void theJdbcUrlCarriesNoCredentialsAndMariadbUrlsGoToConnectorJ() {
        assertEquals("jdbc:mysql://h:3307/shop?sslMode=REQUIRED",
                MysqlConnector.jdbcUrl("mysql://user:secret@h:3307/shop?sslMode=REQUIRED"));
        assertEquals("jdbc:mysql://h/shop", MysqlConnector.jdbcUrl("jdbc:mariadb://h/shop"));
        assertEquals("jdbc:mysql://h/shop", MysqlConnector.jdbcUrl("jdbc:mysql://h/shop"));
    }

    @Test
    void theSettingsThatExactnessRestsOnAreFixed() {
        assertEquals("false", MysqlConnector.FIXED.getProperty("tinyInt1isBit"));
        assertEquals("false", MysqlConnector.FIXED.getProperty("transformedBitIsBoolean"));
        assertEquals("UTC", MysqlConnector.FIXED.getProperty("connectionTimeZone"));
        assertEquals("UTF-8", MysqlConnector.FIXED.getProperty("characterEncoding"));
        assertEquals("UTF-8", MysqlConnector.FIXED.getProperty("characterSetResults"));
    }

    /**
     * Connector/J lets a property override the URL's parameter of the same name: a connect or socket
     * timeout the URL gives must not get replicate's default as a property, or the user's is dropped in
     * silence (review: ?socketTimeout=2000 against a server that never answered still took 10 s). One
     * given in "properties" wins as any property does.
     */
    @Test
    void theUrlsOwnTimeoutsAreNotOverriddenByTheDefaults() {
        for (String conn : List.of("mysql://u:p@h:3306/shop?socketTimeout=2000&connectTimeout=3000",
                "jdbc:mysql://h:3306/shop?user=u&SOCKETTIMEOUT=2000&connecttimeout=3000")) {
            Properties properties = MysqlConnector.driverProperties(new SourceSettings(conn, Optional.empty(),
                    Optional.empty(), Map.of()));
            assertNull(properties.getProperty("socketTimeout"), conn);
            assertNull(properties.getProperty("connectTimeout"), conn);
            assertTrue(MysqlConnector.jdbcUrl(conn).toLowerCase(java.util.Locale.ROOT).contains("sockettimeout=2000"), conn);
        }
        Properties defaults = MysqlConnector.driverProperties(new SourceSettings("mysql://u:p@h/shop", Optional.empty(),
                Optional.empty(), Map.of()));
        assertEquals("10000", defaults.getProperty("socketTimeout"));
        assertEquals("10000", defaults.getProperty("connectTimeout"));
        Properties configured = MysqlConnector.driverProperties(new SourceSettings("mysql://u:p@h/shop",
                Optional.empty(), Optional.empty(), Map.of("socketTimeout", "2500")));
        assertEquals("2500", configured.getProperty("socketTimeout"));
    }

    /** The login's bound, which the silence at the login names, is the socket timeout that applies, in seconds rounded up. */
    @Test
    void theLoginBoundIsTheSocketTimeoutThatApplies() {
        for (Object[] c : new Object[][] {{"mysql://u:p@h/shop", Map.of(), 10},
                {"mysql://u:p@h/shop?SocketTimeout=2500", Map.of(), 3},
                {"mysql://u:p@h/shop", Map.of("socketTimeout", "4000"), 4}}) {
            @SuppressWarnings("unchecked")
            SourceSettings settings = new SourceSettings((String) c[0], Optional.empty(), Optional.empty(),
                    (Map<String, String>) c[1]);
            assertEquals(c[2], MysqlConnector.loginTimeoutSeconds(MysqlConnector.driverProperties(settings), settings),
                    (String) c[0]);
        }
    }
}
