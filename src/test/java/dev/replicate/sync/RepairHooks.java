package dev.replicate.sync;

import java.util.function.Consumer;

/**
 * For tests outside this package: what {@link Verifier#beforeRepair} is told (each table's target, before its
 * repair), and {@link RepairPages#beforeWrite} (the replica's connection, before each page of a repair is written).
 */
public final class RepairHooks {
    private RepairHooks() {
    }

    /** Sets the hook until the returned handle is closed. */
    public static AutoCloseable beforeRepair(Consumer<String> hook) {
        Verifier.beforeRepair = hook;
        return () -> Verifier.beforeRepair = Verifier.NO_HOOK;
    }

    /** Sets the page hook until the returned handle is closed. */
    public static AutoCloseable beforePageWrite(java.util.function.Consumer<java.sql.Connection> hook) {
        RepairPages.beforeWrite = hook;
        return () -> RepairPages.beforeWrite = RepairPages.NO_HOOK;
    }
}
