package dev.replicate.sqlite;

import java.time.Instant;

/**
 * A table's last complete reconcile, from {@code _replicate_watermarks}.
 *
 * @param started when it started (the run's start): the next one is due from it
 * @param deleted the rows it deleted
 */
public record LastReconcile(Instant started, long deleted) {
}
