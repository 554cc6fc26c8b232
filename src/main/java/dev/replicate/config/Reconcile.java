package dev.replicate.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * {@code "deletes": {"reconcile": "PT1H", "maxDeletePercent": 50}}: at most once per {@code every},
 * after the table's read, the replica's rows whose primary key the source no longer has (or whose
 * row the table's {@code "where"} no longer holds for) are deleted.
 *
 * @param every            the least time between two reconciles of the table (zero: every run)
 * @param maxDeletePercent the guard: a reconcile that would delete more than this share of the
 *                         replica's rows deletes nothing and fails the table, unless the run was given
 *                         {@code --allow-mass-delete} for it. Deleting every row always needs the flag.
 */
public record Reconcile(Duration every, BigDecimal maxDeletePercent) {
    public static final BigDecimal DEFAULT_MAX_DELETE_PERCENT = BigDecimal.valueOf(50);
}
