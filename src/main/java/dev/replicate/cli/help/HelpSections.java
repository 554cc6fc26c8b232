package dev.replicate.cli.help;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The parts of a command's documentation that picocli's {@code @Command} has no field for: the
 * environment variables it reads, the files it uses, and worked examples. Declared once on the command
 * class, they are rendered both into {@code --help} (by {@link HelpSectionRenderer}) and into the man
 * pages (by {@link dev.replicate.cli.docs.ManPage}), so the two cannot drift apart.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HelpSections {
    /** {@code "NAME:what it means to this command"}, split at the first colon (like {@code exitCodeList}). */
    String[] environment() default {};

    /** {@code "path:what it is"}, split at the first colon. */
    String[] files() default {};

    /** Command lines, each optionally followed by {@code "  # what it does"}. */
    String[] examples() default {};
}
