package dev.replicate.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.help.HelpSections;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class ManPageTest {
    @Command(name = "tool", description = {"Does things.", ".Second paragraph starts with a dot."},
            exitCodeList = {"0:fine", "3:not-so-fine"})
    @HelpSections(environment = "TOOL_HOME:where it lives", files = "/etc/tool.conf:the settings",
            examples = {"tool --level=3 in.txt  # at level three", "tool \\ back"})
    static final class Tool implements Runnable {
        @Option(names = {"--level", "-l"}, paramLabel = "N", description = "How hard to try.")
        int level;

        @Option(names = "--dry-run", description = "Only say what would happen.")
        boolean dryRun;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "The input.")
        java.util.List<String> files;

        @Override
        public void run() {
        }
    }

    private final String page = ManPage.render(new CommandLine(new Tool()).getCommandSpec(), "9.9.9");

    @Test
    void headerAndNameFollowManConventions() {
        assertTrue(page.contains(".TH \"TOOL\" \"1\" \"\" \"replicate 9.9.9\" \"replicate manual\"\n"), page);
        assertTrue(page.contains(".SH \"NAME\"\ntool \\- does things\n"), page);
    }

    @Test
    void synopsisListsOptionsWithTheirParametersAndThePositionals() {
        assertTrue(page.contains(".SH \"SYNOPSIS\"\n\\fBtool\\fR [\\fB\\-l\\fR|\\fB\\-\\-level\\fR=\\fIN\\fR]"
                + " [\\fB\\-\\-dry\\-run\\fR] \\fIFILE\\fR...\n"), page);
    }

    @Test
    void escapesHyphensBackslashesAndLeadingDots() {
        assertTrue(page.contains("\n\\&.Second paragraph starts with a dot.\n"), page);
        assertTrue(page.contains("\\fBtool \\e back\\fR"), page);
        assertTrue(page.contains(".TP\n\\fB\\-l\\fR, \\fB\\-\\-level\\fR=\\fIN\\fR\nHow hard to try.\n"), page);
    }

    @Test
    void sectionsComeFromTheModel() {
        assertTrue(page.contains(".SH \"ENVIRONMENT\"\n.TP\n\\fBTOOL_HOME\\fR\nwhere it lives\n"), page);
        assertTrue(page.contains(".SH \"FILES\"\n.TP\n\\fI/etc/tool.conf\\fR\nthe settings\n"), page);
        assertTrue(page.contains(".SH \"EXIT STATUS\"\n.TP\n\\fB0\\fR\nfine\n.TP\n\\fB3\\fR\nnot\\-so\\-fine\n"), page);
        assertTrue(page.contains(".SH \"EXAMPLES\"\nAt level three:\n.PP\n.RS 4\n.nf\n\\fBtool \\-\\-level=3 in.txt\\fR\n"), page);
    }

    @Test
    void theRealPagesNameTheirCommandsExitStatuses() {
        String run = GeneratedFiles.all().get("man/replicate-run.1");
        assertTrue(run.contains("\\fB" + ExitStatus.LOCKED + "\\fR\nanother run holds the lock"), run);
        assertEquals(1, run.split("\\.SH \"EXIT STATUS\"", -1).length - 1);
    }

    /**
     * The launcher refuses an @argfile in JAVA_TOOL_OPTIONS or _JAVA_OPTIONS, exit 2, as the README says; the
     * top page said nothing of it, in its exit statuses or beside the variables.
     */
    @Test
    void theTopPageNamesTheLaunchersRefusalOfAnArgfile() {
        String top = GeneratedFiles.all().get("man/replicate.1");
        String exit = top.substring(top.indexOf(".SH \"EXIT STATUS\""));
        String usage = exit.substring(exit.indexOf("\\fB2\\fR\n"), exit.indexOf("\\fB70\\fR\n"));
        assertTrue(usage.contains("an @argfile in JAVA_TOOL_OPTIONS or _JAVA_OPTIONS"), usage);
        String environment = top.substring(top.indexOf("\\fBJAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, _JAVA_OPTIONS\\fR"));
        environment = environment.substring(0, environment.indexOf(".TP", 1));
        assertTrue(environment.contains("an @argfile in JAVA_TOOL_OPTIONS or _JAVA_OPTIONS is exit status 2"),
                environment);
    }
}
