package dev.replicate.cli.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class SectionsTest {
    @Command(name = "x")
    @HelpSections(environment = {"A_VAR: first", "B: second: with a colon"}, files = "/etc/x.conf:settings",
            examples = {"x --go  # goes", "x 'a  b'", "x --url=http://h/#frag"})
    static final class X implements Runnable {
        @Override
        public void run() {
        }
    }

    @Command(name = "y")
    @HelpSections(environment = "NO_COLON")
    static final class Broken implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void splitsEntriesAtTheFirstColonAndExamplesAtTheirComment() {
        Sections sections = Sections.of(new CommandLine(new X()).getCommandSpec());
        assertEquals(Map.of("A_VAR", "first", "B", "second: with a colon"), sections.environment());
        assertEquals(List.of("A_VAR", "B"), List.copyOf(sections.environment().keySet()), "declaration order kept");
        assertEquals(Map.of("/etc/x.conf", "settings"), sections.files());
        assertEquals(List.of(new Sections.Example("x --go", Optional.of("goes")),
                new Sections.Example("x 'a  b'", Optional.empty()),
                new Sections.Example("x --url=http://h/#frag", Optional.empty())), sections.examples());
    }

    @Test
    void anEntryWithoutAColonIsAMistakeInTheSource() {
        assertThrows(IllegalArgumentException.class, () -> Sections.of(new CommandLine(new Broken()).getCommandSpec()));
    }

    @Test
    void aCommandWithoutTheAnnotationHasEmptySections() {
        @Command(name = "z")
        final class Z implements Runnable {
            @Override
            public void run() {
            }
        }
        Sections sections = Sections.of(new CommandLine(new Z()).getCommandSpec());
        assertEquals(0, sections.environment().size() + sections.files().size() + sections.examples().size());
    }
}
