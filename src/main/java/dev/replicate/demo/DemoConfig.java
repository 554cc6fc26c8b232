package dev.replicate.demo;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration the demo writes: an ordinary replicate.json, so that the user can read it as an
 * example and run {@code replicate status --config} on it afterwards.
 */
final class DemoConfig {
    private DemoConfig() {
    }

    static String json(String sourceUrl, Path database) {
        JsonObject root = new JsonObject();
        root.addProperty("database", database.toString());
        JsonObject source = new JsonObject();
        source.addProperty("source", "postgres");
        source.addProperty("name", "demo-shop");
        source.addProperty("conn", sourceUrl);
        source.addProperty("intervalSeconds", 60);
        JsonArray tables = new JsonArray();
        tables.add(table("shop.customers", "updated_at", null));
        // The lookback re-reads the last minute of orders on every run: a safety net for transactions
        // that commit late with an older updated_at.
        tables.add(table("shop.orders", "updated_at", "PT1M"));
        tables.add(table("shop.events", "occurred_at", null));
        source.add("tables", tables);
        JsonArray sources = new JsonArray();
        sources.add(source);
        root.add("sources", sources);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    private static JsonObject table(String name, String watermark, String lookback) {
        JsonObject table = new JsonObject();
        table.addProperty("name", name);
        table.addProperty("watermark", watermark);
        if (lookback != null) {
            table.addProperty("lookback", lookback);
        }
        return table;
    }

    static void write(Path file, String sourceUrl, Path database) throws IOException {
        Files.writeString(file, json(sourceUrl, database), StandardCharsets.UTF_8);
    }
}
