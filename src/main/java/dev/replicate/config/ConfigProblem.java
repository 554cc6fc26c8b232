package dev.replicate.config;

/** One thing wrong with the configuration, located by its JSON path (such as {@code $[0].tables[1].watermark}). */
public record ConfigProblem(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
