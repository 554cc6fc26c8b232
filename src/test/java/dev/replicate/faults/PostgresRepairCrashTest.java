package dev.replicate.faults;

/** The repair crash scenario against PostgreSQL. */
class PostgresRepairCrashTest extends RepairCrashScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return new PostgresFaultDatabase();
    }
}
