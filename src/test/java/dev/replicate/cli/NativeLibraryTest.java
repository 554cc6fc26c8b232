package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile test: sqlite-jdbc unpacks SQLite's native library into java.io.tmpdir and loads it from
 * there, unless bin/replicate unpacked it beforehand (it cannot without unzip, which a minimal
 * system lacks, nor without a start-up folder). On a hardened server /tmp is mounted noexec, and
 * every command then failed with "cannot open the SQLite file ...: Error opening connection", exit
 * 74, blaming a file that was fine. A folder it cannot unpack into fails alike, and stands in here
 * for one it cannot run from.
 */
class NativeLibraryTest {
    @TempDir
    Path dir;

    @Test
    void aNativeLibraryThatCannotBeLoadedIsNamedWithTheWayOut() throws Exception {
        Path db = dir.resolve("replica.db");
        Path config = dir.resolve("replicate.json");
        Files.writeString(config, """
                [{"source": "postgres", "conn": "postgres://nobody@127.0.0.1:1/none", "intervalSeconds": 60,
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]
                """);
        Path nowhere = dir.resolve("no-such-folder");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dorg.sqlite.tmpdir=" + nowhere,
                "-Djava.io.tmpdir=" + nowhere, "-cp", classPath, "dev.replicate.cli.Main",
                "run", "--config", config.toString(), "--db", db.toString()));
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("REPLICATE_") || name.equals("REPLICATION_CONFIG_JSON"));
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(ExitStatus.REPLICA_ERROR, process.exitValue(), stderr);
        assertTrue(stderr.contains("SQLite's native library could not be loaded from " + nowhere), stderr);
        assertTrue(stderr.contains("-Dorg.sqlite.tmpdir="), stderr);
        assertTrue(!Files.exists(db), "nothing written");
    }
}
