package dev.replicate.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {
    @TempDir
    Path folder;

    @Test
    void replacesTheFileWholeAndLeavesNoTemporaryFileBehind() throws Exception {
        Path file = folder.resolve("replicate.prom");
        MetricsFile.write(file, "a 1\n");
        MetricsFile.write(file, "a 2\n");
        assertEquals("a 2\n", Files.readString(file));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(1, files.count(), "temporary files left behind");
        }
        // readable by node_exporter, which usually runs as another user
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
