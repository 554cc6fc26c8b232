package dev.replicate.faults;

/** The full-table crash scenarios against PostgreSQL. */
class PostgresFullRefreshCrashTest extends FullRefreshCrashScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return new PostgresFaultDatabase();
    }
}
