package dev.replicate.faults;

/** The full-table crash scenarios against MySQL or MariaDB. */
class MysqlFullRefreshCrashTest extends FullRefreshCrashScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return MysqlFaultDatabase.create();
    }
}
