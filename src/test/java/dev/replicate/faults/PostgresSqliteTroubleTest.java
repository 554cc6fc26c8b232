package dev.replicate.faults;

/** The SQLite-trouble scenarios, with PostgreSQL as the source. */
class PostgresSqliteTroubleTest extends SqliteTroubleScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return new PostgresFaultDatabase();
    }
}
