package dev.replicate.faults;

/** The late-commit scenarios against PostgreSQL. */
class PostgresLateCommitTest extends LateCommitScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return new PostgresFaultDatabase();
    }
}
