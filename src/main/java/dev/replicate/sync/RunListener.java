package dev.replicate.sync;

/** Follows a run as it goes, for progress lines at a terminal. Every method may be left empty. */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    default void tableStarted(String target) {
    }

    /** Called after each committed page. */
    default void progress(String target, long rowsSoFar) {
    }

    default void tableFinished(TableOutcome outcome) {
    }
}
