package dev.replicate.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.cli.Cli;
import dev.replicate.cli.ExitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate-config's line for a valid configuration counts its sources and tables as said: "1 table", "2 tables". */
class ValidateConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void theCountsOfAValidConfigurationAreSaidInTheSingularForOne() throws Exception {
        Path one = dir.resolve("one.json");
        Files.writeString(one, """
                [{"source": "postgres", "conn": "postgres://nobody@127.0.0.1:1/none",
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id"}]}]
                """);
        Cli.Result result = Cli.run(Cli.cron(dir), "validate-config", "--config", one.toString());
        assertEquals(ExitStatus.OK, result.status(), result::toString);
        assertEquals(one + ": valid (1 source, 1 table)\n", result.out(), result::toString);

        Path two = dir.resolve("two.json");
        Files.writeString(two, """
                [{"source": "postgres", "conn": "postgres://nobody@127.0.0.1:1/none",
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id"},
                             {"name": "customers", "watermark": "updated_at", "primaryKey": "id"}]},
                 {"source": "mysql", "conn": "mysql://nobody@127.0.0.1:1/none",
                  "tables": [{"name": "events", "watermark": "id", "primaryKey": "id"}]}]
                """);
        result = Cli.run(Cli.cron(dir), "validate-config", "--config", two.toString());
        assertEquals(ExitStatus.OK, result.status(), result::toString);
        assertEquals(two + ": valid (2 sources, 3 tables)\n", result.out(), result::toString);
    }
}
