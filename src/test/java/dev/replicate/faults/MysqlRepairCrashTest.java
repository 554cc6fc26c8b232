package dev.replicate.faults;

/** The repair crash scenario against MySQL/MariaDB. */
class MysqlRepairCrashTest extends RepairCrashScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return MysqlFaultDatabase.create();
    }
}
