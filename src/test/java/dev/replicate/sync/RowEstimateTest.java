package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.config.ConfigLoader;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.source.SourceRegistry;
import dev.replicate.sqlite.Replica;
import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A first sync tells a watching person about how many rows to expect, from the database's statistics. */
class RowEstimateTest {
    @TempDir
    Path dir;

    /** Records what the engine tells a listener that asks for estimates. */
    private static final class Watching implements RunListener {
        final List<Long> expected = new ArrayList<>();

        @Override
        public boolean wantsRowEstimates() {
            return true;
        }

        @Override
        public void expectedRows(String target, long rows) {
            expected.add(rows);
        }
    }

    private List<Long> estimatesOfTwoRuns(TestDatabase db, String analyze) throws Exception {
        db.execute("CREATE TABLE est (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)");
        StringBuilder insert = new StringBuilder("INSERT INTO est (id, n) VALUES (0, 0)");
        for (int i = 1; i < 2000; i++) {
            insert.append(", (").append(i).append(", ").append(i).append(')');
        }
        db.execute(insert.toString(), analyze);
        ReplicationConfig config = new ConfigLoader(Map.of(), SourceRegistry.discover())
                .load("[" + db.sourceBlock("{\"name\": \"est\", \"watermark\": \"n\"}") + "]", "test");
        Watching listener = new Watching();
        ReplicationEngine engine = new ReplicationEngine(SourceRegistry.discover(), Clock.systemUTC(), listener);
        try (Replica replica = Replica.openForWriting(dir.resolve(db.sourceType() + ".db"))) {
            engine.run(config, replica, new ReplicationEngine.Selection(true, java.util.Set.of()));
            engine.run(config, replica, new ReplicationEngine.Selection(true, java.util.Set.of()));
        }
        return listener.expected;
    }

    @Test
    void postgresGivesThePlannersCountOnTheFirstSyncOnly() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase()) {
            assertEquals(List.of(2000L), estimatesOfTwoRuns(db, "ANALYZE est"));
        }
    }

    @Test
    void mysqlGivesInnodbsEstimateOnTheFirstSyncOnly() throws Exception {
        try (MysqlTestDatabase db = new MysqlTestDatabase()) {
            List<Long> estimates = estimatesOfTwoRuns(db, "ANALYZE TABLE est");
            assertEquals(1, estimates.size(), estimates.toString());
            assertEquals(2000.0, estimates.get(0), 2000 * 0.5, "InnoDB's estimate is rough, not wild");
        }
    }
}
