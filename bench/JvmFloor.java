import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The JVM floor for `replicate run` (nothing due) and `replicate status`: start a JVM, open the same
 * SQLite file with sqlite-jdbc, count one table's rows, exit. bench/run.sh compiles and runs it.
 * Usage: java -cp sqlite-jdbc.jar:bench/classes JvmFloor FILE [TABLE]
 */
public final class JvmFloor {
    public static void main(String[] args) throws Exception {
        String table = args.length > 1 ? args[1] : "_replicate_watermarks";
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM \"" + table.replace("\"", "\"\"") + "\"")) {
            rs.next();
            System.out.println(rs.getLong(1));
        }
    }
}
