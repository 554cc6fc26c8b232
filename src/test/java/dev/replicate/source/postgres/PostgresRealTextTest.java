package dev.replicate.source.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.source.ShortestFloat;
import dev.replicate.testing.PostgresTestDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ShortestFloat gives the double of the text PostgreSQL prints for a real (12 and newer, extra_float_digits
 * above 0, as the session sets it): the COPY reader parses that text as a double, the JDBC reader gets the
 * float and asks ShortestFloat, and both must store the same. Floats of random bits, every binade alike, and
 * the edges: subnormals of one digit, decimals halfway to a neighbour (which PostgreSQL never prints).
 */
class PostgresRealTextTest {
    private static PostgresTestDatabase db;

    @BeforeAll
    static void connect() {
        db = new PostgresTestDatabase();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void theDoubleOfPostgresqlsTextIsShortestFloats() throws Exception {
        List<Float> floats = new ArrayList<>(List.of(Float.MIN_VALUE, 2 * Float.MIN_VALUE, Float.MIN_NORMAL,
                Math.nextDown(Float.MIN_NORMAL), Float.MAX_VALUE, 3e10f, 1e11f, 1.2e12f, 8e17f, 1.1f, 0.1f, 16777217f));
        for (int e = -149; e <= 127; e++) {
            floats.add(Math.scalb(1f, e));
            floats.add(Math.nextUp(Math.scalb(1f, e)));
        }
        SplittableRandom random = new SplittableRandom(17);
        while (floats.size() < 300_000) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(f) && !Float.isInfinite(f)) {
                floats.add(f);
            }
        }
        try (Connection connection = db.connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET extra_float_digits = 3");
            }
            Array array = connection.createArrayOf("float4", floats.toArray(Float[]::new));
            try (PreparedStatement statement = connection.prepareStatement("SELECT v::text FROM unnest(?::float4[])"
                    + " WITH ORDINALITY u(v, n) ORDER BY n")) {
                statement.setArray(1, array);
                try (ResultSet rs = statement.executeQuery()) {
                    for (float f : floats) {
                        rs.next();
                        String text = rs.getString(1);
                        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)),
                                Double.doubleToRawLongBits(ShortestFloat.toDouble(f)),
                                () -> f + " (bits " + Integer.toHexString(Float.floatToRawIntBits(f)) + "): PostgreSQL "
                                        + text + ", ShortestFloat " + ShortestFloat.toDouble(f));
                    }
                }
            }
        }
    }
}
