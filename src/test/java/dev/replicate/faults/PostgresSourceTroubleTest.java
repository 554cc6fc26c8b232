package dev.replicate.faults;

/** The source-trouble scenarios against PostgreSQL. */
class PostgresSourceTroubleTest extends SourceTroubleScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return new PostgresFaultDatabase();
    }
}
