package dev.replicate.sync;

import dev.replicate.source.TimeBound;

/**
 * The error of a table whose statement the source cancelled at a bound on its time that the source keeps for
 * replicate's session ({@link dev.replicate.source.Source#loginTimeBound}): the database's words ("canceling
 * statement due to statement timeout", "Query execution was interrupted (max_statement_time exceeded)") say
 * neither whose the bound is, which replicate keeps while it lifts the server's, nor how to lift it; and a
 * table whose first rows come later than the bound fails so on every run.
 */
final class LoginTimeBound {
    private LoginTimeBound() {
    }

    /** {@code error} explained, followed by what comes of it ({@code next}). */
    static String explained(TimeBound bound, String error, String next) {
        return "the source cancelled the statement at the " + bound.setting() + " " + bound.kept() + "; " + next
                + ", and a statement that needs longer fails every time: lift it (" + bound.lift() + "): " + error;
    }
}
