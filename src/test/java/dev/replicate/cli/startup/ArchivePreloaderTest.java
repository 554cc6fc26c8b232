package dev.replicate.cli.startup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.SourceConnector;
import dev.replicate.source.SourceRegistry;
import org.junit.jupiter.api.Test;

/**
 * The packages the built-in connectors want in the class-data archive still exist in the drivers
 * this build ships: a driver upgrade that moved them would otherwise only show as slower starts.
 */
class ArchivePreloaderTest {

    @Test
    void everyArchivedPackageOfEveryBuiltInConnectorHasClasses() {
        ClassLoader loader = getClass().getClassLoader();
        SourceRegistry registry = SourceRegistry.discover(loader);
        assertTrue(registry.types().containsAll(java.util.List.of("mysql", "postgres")), registry.types().toString());
        for (String type : registry.types()) {
            SourceConnector connector = registry.find(type).orElseThrow();
            assertTrue(!ArchivePreloader.archivedPackages(connector).isEmpty(), type + " names its packages");
            for (String folder : ArchivePreloader.archivedPackages(connector)) {
                assertTrue(ArchivePreloader.preloadPackage(loader, folder) > 0, type + ": no classes in " + folder);
            }
        }
    }

    /** The engine's packages exist too, from a jar or from a folder of classes. */
    @Test
    void theEnginesPackagesHaveClasses() {
        for (String folder : ArchivePreloader.ENGINE_PACKAGES) {
            assertTrue(ArchivePreloader.preloadPackage(getClass().getClassLoader(), folder) > 0, "no classes in " + folder);
        }
    }

    @Test
    void preloadingLoadsTheBuiltInDrivers() {
        assertTrue(ArchivePreloader.preload(getClass().getClassLoader()) > 500);
    }

    /** A `status` that read no state (hostile test: a mistyped --db) must not keep a recording that loaded nothing. */
    @Test
    void aStatusWithoutAFileIsNotWorthKeeping(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path config = dir.resolve("c.json");
        java.nio.file.Files.writeString(config, """
                [ { "source": "postgres", "conn": "postgres://u@127.0.0.1:1/db",
                    "tables": [ { "name": "orders", "watermark": "updated_at" } ] } ]""");
        ArchivePreloader.forgetWorthKeeping();
        dev.replicate.testing.CliRun status = dev.replicate.testing.CliRun.run(dir, "status", "--config",
                config.toString(), "--db", dir.resolve("typo.db").toString());
        org.junit.jupiter.api.Assertions.assertEquals(74, status.status, status::toString);
        org.junit.jupiter.api.Assertions.assertFalse(ArchivePreloader.worthKeeping(), "not marked");
    }

}
