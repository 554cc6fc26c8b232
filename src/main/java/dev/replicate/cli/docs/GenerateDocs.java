package dev.replicate.cli.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the {@link GeneratedFiles} into a project folder (the first argument, default the current
 * folder), and removes man pages of commands that no longer exist. Run through bin/generate-docs.
 */
public final class GenerateDocs {
    private GenerateDocs() {
    }

    public static void main(String[] args) throws IOException {
        Path project = Path.of(args.length > 0 ? args[0] : ".");
        Map<String, String> files = GeneratedFiles.all();
        Path man = project.resolve(GeneratedFiles.MAN_FOLDER);
        if (Files.isDirectory(man)) {
            try (Stream<Path> pages = Files.list(man)) {
                for (Path page : pages.filter(p -> p.toString().endsWith(".1")).toList()) {
                    if (!files.containsKey(GeneratedFiles.MAN_FOLDER + "/" + page.getFileName())) {
                        Files.delete(page);
                        System.out.println("removed " + project.relativize(page));
                    }
                }
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = project.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            boolean same = Files.exists(path) && Files.readString(path, StandardCharsets.UTF_8).equals(file.getValue());
            if (!same) {
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                System.out.println("wrote " + file.getKey());
            }
        }
    }
}
