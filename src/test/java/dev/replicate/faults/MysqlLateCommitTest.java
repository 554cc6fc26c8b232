package dev.replicate.faults;

/** The LateCommit fault scenarios against MySQL/MariaDB (skipped where this branch has no MySQL support). */
class MysqlLateCommitTest extends LateCommitScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return MysqlFaultDatabase.create();
    }
}
