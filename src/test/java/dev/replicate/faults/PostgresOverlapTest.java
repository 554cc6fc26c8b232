package dev.replicate.faults;

/** The overlap scenarios against PostgreSQL. */
class PostgresOverlapTest extends OverlapScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return new PostgresFaultDatabase();
    }
}
