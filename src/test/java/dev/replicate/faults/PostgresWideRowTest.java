package dev.replicate.faults;

/** The wide-row scenarios against PostgreSQL. */
class PostgresWideRowTest extends WideRowScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return new PostgresFaultDatabase();
    }
}
