package dev.replicate.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, so it is written in one place: pom.xml. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"replicate " + (version == null ? "development build" : version),
            "Java " + System.getProperty("java.version")};
    }
}
