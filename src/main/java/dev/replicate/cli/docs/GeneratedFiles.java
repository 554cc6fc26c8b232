package dev.replicate.cli.docs;

import dev.replicate.cli.Main;
import dev.replicate.cli.help.VersionProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The files generated from the command model and committed to the repository: the shell completion
 * script (one script for bash and, through bashcompinit, zsh) and a man page per command. A test
 * compares them with the committed copies, so a changed option cannot leave them behind.
 */
public final class GeneratedFiles {
    public static final String COMPLETION = "completions/replicate.bash";
    public static final String MAN_FOLDER = "man";

    private GeneratedFiles() {
    }

    /** Each file's path, relative to the project folder, and its content. */
    public static Map<String, String> all() {
        CommandLine model = Main.model();
        Map<String, String> files = new LinkedHashMap<>();
        files.put(COMPLETION, BashCompletion.flagsAsFlags(AutoComplete.bash("replicate", model), model));
        addManPages(model.getCommandSpec(), files);
        return files;
    }

    private static void addManPages(CommandSpec spec, Map<String, String> files) {
        if (ManPage.isHelp(spec) || spec.usageMessage().hidden()) {
            return;
        }
        files.putIfAbsent(MAN_FOLDER + "/" + ManPage.name(spec) + ".1", ManPage.render(spec, VersionProvider.version()));
        spec.subcommands().values().forEach(sub -> addManPages(sub.getCommandSpec(), files));
    }
}
