package dev.replicate.faults;

/** The reconcile crash scenario against PostgreSQL. */
class PostgresReconcileCrashTest extends ReconcileCrashScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return new PostgresFaultDatabase();
    }
}
