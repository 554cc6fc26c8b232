package dev.replicate.faults;

/** The reader scenarios against PostgreSQL. */
class PostgresReaderTest extends ReaderScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return new PostgresFaultDatabase();
    }
}
