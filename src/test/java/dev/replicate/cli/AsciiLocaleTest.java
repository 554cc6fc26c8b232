package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile test: Java in the POSIX locale (cron's: no LANG or LC_*), started without bin/replicate
 * (java -jar, a service file) or where the system has no C.UTF-8, spells file names in ASCII. A
 * SQLite file named outside ASCII in REPLICATE_DB or the configuration's "database" was an internal
 * error, exit 70, "please report it"; it is a setting this environment cannot hold: exit 2, naming
 * the setting and the way out.
 */
class AsciiLocaleTest {
    @TempDir
    Path dir;

    @Test
    void aDatabaseNameTheLocaleCannotSpellIsAUsageErrorNamingItsSetting() throws Exception {
        Path withDatabase = dir.resolve("with-database.json");
        Path without = dir.resolve("without.json");
        String sources = """
                [{"source": "postgres", "conn": "postgres://nobody@127.0.0.1:1/none", "intervalSeconds": 60,
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]""";
        Files.writeString(withDatabase, "{\"database\": \"données/replica.db\", \"sources\": " + sources + "}",
                StandardCharsets.UTF_8);
        Files.writeString(without, sources, StandardCharsets.UTF_8);
        for (String command : List.of("status", "run")) {
            Result fromConfig = replicate(Map.of(), command, "--config", withDatabase.toString());
            assertEquals(ExitStatus.USAGE, fromConfig.status(), fromConfig::toString);
            assertTrue(fromConfig.err().contains("\"database\" in " + withDatabase), fromConfig::toString);
            assertTrue(fromConfig.err().contains("LC_ALL=C.UTF-8"), fromConfig::toString);
            assertFalse(fromConfig.err().contains("internal error"), fromConfig::toString);

            Result fromVariable = replicate(Map.of("REPLICATE_DB", "données/replica.db"), command, "--config", without.toString());
            assertEquals(ExitStatus.USAGE, fromVariable.status(), fromVariable::toString);
            assertTrue(fromVariable.err().contains("REPLICATE_DB"), fromVariable::toString);
            assertTrue(fromVariable.err().contains("LC_ALL=C.UTF-8"), fromVariable::toString);
        }
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "nothing written");
        }
    }

    private Result replicate(Map<String, String> variables, String... args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, "dev.replicate.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("ascii-locale", ".out");
        Path err = Files.createTempFile("ascii-locale", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> name.equals("LANG") || name.equals("LANGUAGE")
                    || name.startsWith("LC_") || name.startsWith("REPLICATE_") || name.equals("REPLICATION_CONFIG_JSON"));
            builder.environment().put("LC_ALL", "POSIX");
            builder.environment().putAll(variables);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("replicate " + List.of(args) + " did not finish");
            }
            return new Result(process.exitValue(), Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private record Result(int status, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stderr\n" + err;
        }
    }
}
