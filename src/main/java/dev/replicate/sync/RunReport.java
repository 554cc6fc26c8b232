package dev.replicate.sync;

import java.time.Duration;
import java.util.List;

/**
 * What a run did: an outcome per table that was due (tables not due are left out), and the run's
 * own duration.
 */
public record RunReport(List<TableOutcome> outcomes, Duration duration) {

    public boolean anyFailed() {
        return outcomes.stream().anyMatch(o -> !o.ok());
    }

    public long rowsPulled() {
        return outcomes.stream().mapToLong(TableOutcome::rowsPulled).sum();
    }
}
