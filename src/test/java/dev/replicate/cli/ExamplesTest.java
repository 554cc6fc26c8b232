package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.replicate.config.ConfigLoader;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.source.SourceRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The files in examples/ work with this version: the configuration loads, the command lines parse. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("examples");

    @Test
    void theExampleConfigurationIsValidAndUsesEveryKey() throws Exception {
        Map<String, String> environment = envFile();
        ReplicationConfig config = new ConfigLoader(environment, SourceRegistry.discover())
                .loadFile(EXAMPLES.resolve("replicate.json"));
        assertEquals(2, config.sources().size());
        assertEquals("/var/lib/replicate/replica.db", config.database().orElseThrow());
        for (String secret : List.of(environment.get("SHOP_DB_PASSWORD"), environment.get("BILLING_DB_PASSWORD"))) {
            assertFalse(config.secrets().mask("password " + secret).contains(secret), "not masked: " + secret);
        }

        JsonObject root = JsonParser.parseString(Files.readString(EXAMPLES.resolve("replicate.json"))).getAsJsonObject();
        Set<String> sourceKeys = new TreeSet<>();
        Set<String> tableKeys = new TreeSet<>();
        for (JsonElement source : root.getAsJsonArray("sources")) {
            sourceKeys.addAll(source.getAsJsonObject().keySet());
            for (JsonElement table : source.getAsJsonObject().getAsJsonArray("tables")) {
                tableKeys.addAll(table.getAsJsonObject().keySet());
            }
        }
        assertEquals(Set.of("database", "sources", "logRetentionDays"), root.keySet());
        assertEquals(new TreeSet<>(List.of("source", "conn", "name", "user", "password", "properties",
                "intervalSeconds", "pageSize", "tables")), sourceKeys);
        assertEquals(new TreeSet<>(List.of("name", "watermark", "primaryKey", "target", "intervalSeconds", "pageSize",
                "lookback", "columns", "excludeColumns", "where", "indexes", "deletes", "query", "mode")), tableKeys);
    }

    @Test
    void theCrontabAndTheServiceRunCommandsThatParse() throws Exception {
        String crontab = Files.readString(EXAMPLES.resolve("crontab"));
        String service = Files.readString(EXAMPLES.resolve("systemd/replicate.service"));
        Pattern command = Pattern.compile("/usr/bin/replicate (.+)$", Pattern.MULTILINE);
        for (String text : List.of(crontab, service)) {
            Matcher matcher = command.matcher(text);
            assertTrue(matcher.find(), text);
            String[] args = matcher.group(1).strip().split(" +");
            CommandLine.ParseResult parsed = Main.model().parseArgs(args);
            assertEquals("run", parsed.subcommand().commandSpec().name(), Arrays.toString(args));
            assertTrue(parsed.subcommand().hasMatchedOption("--metrics-file"));
        }
        assertTrue(crontab.lines().anyMatch(l -> l.startsWith("* * * * * replicate ")), "a cron.d line with its user");
        assertTrue(service.contains("SuccessExitStatus=" + ExitStatus.LOCKED));
        assertTrue(Files.readString(EXAMPLES.resolve("systemd/replicate.timer")).contains("OnCalendar="));
    }

    /** The variables the example configuration refers to, from the example environment file. */
    private static Map<String, String> envFile() throws Exception {
        Map<String, String> environment = new HashMap<>();
        for (String line : Files.readAllLines(EXAMPLES.resolve("replicate.env"))) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                environment.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return environment;
    }
}
