package dev.replicate.faults;

/** The Crash fault scenarios against MySQL/MariaDB (skipped where this branch has no MySQL support). */
class MysqlCrashTest extends CrashScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return MysqlFaultDatabase.create();
    }
}
