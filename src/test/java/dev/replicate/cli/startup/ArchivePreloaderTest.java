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
}
