package dev.replicate.faults;

/** The crash scenarios against PostgreSQL. */
class PostgresCrashTest extends CrashScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return new PostgresFaultDatabase();
    }
}
