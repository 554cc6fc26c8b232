package dev.replicate.faults;

/** The reconcile crash scenario against MySQL/MariaDB. */
class MysqlReconcileCrashTest extends ReconcileCrashScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return MysqlFaultDatabase.create();
    }
}
