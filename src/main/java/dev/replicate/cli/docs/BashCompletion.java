package dev.replicate.cli.docs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The mend picocli's bash completion script needs before it is committed (see {@link GeneratedFiles}). */
final class BashCompletion {
    private BashCompletion() {
    }

    /**
     * picocli's generator lists a repeatable flag (-v, a boolean[] for -vv) among the options that take
     * a value, so {@code replicate run -v --con<TAB>} took the word after -v for its value and completed
     * nothing. Such an option is moved to the flags, and its case that awaits a value dropped.
     */
    static String flagsAsFlags(String script, CommandLine model) {
        String result = script;
        for (CommandLine sub : model.getSubcommands().values()) {
            int function = result.indexOf("function _picocli_replicate_" + sub.getCommandName().replace("-", "") + "() {");
            if (function < 0) {
                continue;
            }
            int end = result.indexOf("\n}\n", function);
            String body = result.substring(function, end);
            List<String> flags = words(body, "flag_opts");
            List<String> withValue = words(body, "arg_opts");
            for (OptionSpec option : sub.getCommandSpec().options()) {
                List<String> names = Arrays.stream(option.names()).map(name -> "'" + name + "'").toList();
                if (option.arity().max() == 0 && withValue.containsAll(names)) {
                    withValue.removeAll(names);
                    flags.addAll(names);
                    body = body.replace("    " + String.join("|", names) + ")\n      return\n      ;;\n", "");
                }
            }
            body = body.replace(line(body, "flag_opts"), "local flag_opts=\"" + String.join(" ", flags) + "\"")
                    .replace(line(body, "arg_opts"), "local arg_opts=\"" + String.join(" ", withValue) + "\"");
            result = result.substring(0, function) + body + result.substring(end);
        }
        return result;
    }

    private static String line(String body, String variable) {
        int start = body.indexOf("local " + variable + "=\"");
        return body.substring(start, body.indexOf('"', start + variable.length() + 8) + 1);
    }

    private static List<String> words(String body, String variable) {
        String line = line(body, variable);
        String value = line.substring(line.indexOf('"') + 1, line.length() - 1);
        return value.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(value.split(" ")));
    }
}
