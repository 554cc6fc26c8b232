package dev.replicate.sync;

import java.sql.Connection;
import java.util.function.Consumer;

/**
 * What a repair's page records besides its rows: nothing, as the cursor stays where the last run left it
 * ({@link RowSetRepair}, {@link TableRepair}). Its one seam, for tests: {@link #beforeWrite}, told the
 * replica's connection just before a page's rows are written, so that a test can make that page's write
 * meet an application's write lock exactly there, and the try be refused and read again (the rows it
 * counted must then count once). Does nothing otherwise.
 */
final class RepairPages {
    static final Consumer<Connection> NO_HOOK = connection -> {
    };

    static volatile Consumer<Connection> beforeWrite = NO_HOOK;

    private RepairPages() {
    }

    /** The step of a repair that writes through {@code connection}. */
    static PageCopy.CommitStep step(Connection connection) {
        return new PageCopy.CommitStep() {
            @Override
            public void record() {
            }

            @Override
            public void beforeWrite() {
                RepairPages.beforeWrite.accept(connection);
            }
        };
    }
}
