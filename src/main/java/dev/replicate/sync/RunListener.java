package dev.replicate.sync;

/** Follows a run as it goes, for progress lines at a terminal. Every method may be left empty. */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    default void tableStarted(String target) {
    }

    /** Whether {@link #expectedRows} is worth a statistics query (a person is watching). */
    default boolean wantsRowEstimates() {
        return false;
    }

    /** About how many rows a first sync will pull, when the source can say. */
    default void expectedRows(String target, long rows) {
    }

    /** Called after each committed page. */
    default void progress(String target, long rowsSoFar) {
    }

    default void tableFinished(TableOutcome outcome) {
    }
}
