import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * What a MySQL driver costs a fresh JVM: connect (the driver's class initialisation, the handshake,
 * replicate's session statement), then stream the newest 1,000 rows of the fixture table and read
 * every column as text, as an incremental run reads its rows. Prints one tab-separated line: the
 * driver, milliseconds to connect, milliseconds to read, rows read.
 * bench/driver-cold-start.sh runs it for MySQL Connector/J (replicate's driver) and MariaDB
 * Connector/J, alternating, each in its own JVM with a class-data archive of its own.
 *
 * <p>Usage: {@code java DriverColdStart connector-j|mariadb HOST PORT USER DATABASE TABLE SINCE}, where SINCE
 * is the watermark the newest 1,000 rows start at (the script looks it up beforehand).
 */
public final class DriverColdStart {
    public static void main(String[] args) throws SQLException {
        long start = System.nanoTime();
        String driver = args[0];
        String hostPort = args[1] + ":" + args[2];
        Properties properties = new Properties();
        properties.setProperty("user", args[3]);
        Connection connection;
        if (driver.equals("connector-j")) {
            // replicate's fixed Connector/J properties that touch the wire (MysqlConnector.FIXED)
            properties.setProperty("characterEncoding", "UTF-8");
            properties.setProperty("connectionTimeZone", "UTC");
            properties.setProperty("forceConnectionTimeZoneToSession", "false");
            properties.setProperty("useServerPrepStmts", "false");
            properties.setProperty("netTimeoutForStreamingResults", "0");
            connection = new com.mysql.cj.jdbc.Driver().connect("jdbc:mysql://" + hostPort + "/" + args[4], properties);
        } else {
            connection = new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://" + hostPort + "/" + args[4], properties);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00', net_write_timeout = 600");
        }
        long connected = System.nanoTime();
        int rows = 0;
        String sql = "SELECT * FROM " + args[5] + " WHERE updated_at >= ? ORDER BY updated_at, id";
        try (PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            // Connector/J streams only with Integer.MIN_VALUE; MariaDB's driver streams in fetches of this many rows.
            statement.setFetchSize(driver.equals("connector-j") ? Integer.MIN_VALUE : 1000);
            statement.setString(1, args[6]);
            try (ResultSet rs = statement.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    rows++;
                    for (int i = 1; i <= columns; i++) {
                        rs.getString(i);
                    }
                }
            }
        }
        long read = System.nanoTime();
        connection.close();
        System.out.printf("%s\t%.1f\t%.1f\t%d%n", driver, (connected - start) / 1e6, (read - connected) / 1e6, rows);
    }
}
