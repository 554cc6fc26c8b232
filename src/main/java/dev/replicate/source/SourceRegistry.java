package dev.replicate.source;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The connectors on the class path, by type. */
public final class SourceRegistry {
    private final Map<String, SourceConnector> connectors;

    private SourceRegistry(Map<String, SourceConnector> connectors) {
        this.connectors = connectors;
    }

    /** Every connector that {@link ServiceLoader} finds through the given class loader. */
    public static SourceRegistry discover(ClassLoader loader) {
        Map<String, SourceConnector> found = new TreeMap<>();
        for (SourceConnector connector : ServiceLoader.load(SourceConnector.class, loader)) {
            found.putIfAbsent(connector.type(), connector);
        }
        return new SourceRegistry(found);
    }

    public static SourceRegistry discover() {
        return discover(SourceRegistry.class.getClassLoader());
    }

    public Optional<SourceConnector> find(String type) {
        return Optional.ofNullable(connectors.get(type));
    }

    public Set<String> types() {
        return connectors.keySet();
    }
}
