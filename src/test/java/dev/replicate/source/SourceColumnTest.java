package dev.replicate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SourceColumn's equals and hashCode, written out rather than generated: every component counts. */
class SourceColumnTest {
    private static final SourceColumn COLUMN = new SourceColumn("at", "timestamp", SqliteType.TEXT,
            Optional.of(WatermarkKind.TIMESTAMP));

    @Test
    void equalColumnsAreEqualAndHashAlike() {
        SourceColumn same = new SourceColumn("at", "timestamp", SqliteType.TEXT, Optional.of(WatermarkKind.TIMESTAMP));
        assertEquals(COLUMN, same);
        assertEquals(COLUMN.hashCode(), same.hashCode());
    }

    @Test
    void columnsDifferingInAnyComponentDiffer() {
        for (SourceColumn other : List.of(
                new SourceColumn("At", "timestamp", SqliteType.TEXT, Optional.of(WatermarkKind.TIMESTAMP)),
                new SourceColumn("at", "timestamptz", SqliteType.TEXT, Optional.of(WatermarkKind.TIMESTAMP)),
                new SourceColumn("at", "timestamp", SqliteType.BLOB, Optional.of(WatermarkKind.TIMESTAMP)),
                new SourceColumn("at", "timestamp", SqliteType.TEXT, Optional.of(WatermarkKind.TIMESTAMPTZ)),
                new SourceColumn("at", "timestamp", SqliteType.TEXT, Optional.empty()),
                new SourceColumn("at", "timestamp", SqliteType.TEXT, Optional.of(WatermarkKind.TIMESTAMP), true),
                new SourceColumn("at", "timestamp", SqliteType.TEXT, Optional.of(WatermarkKind.TIMESTAMP), false, true))) {
            assertNotEquals(COLUMN, other, other::toString);
        }
        assertNotEquals(COLUMN, "at");
        assertNotEquals(COLUMN, null);
    }
}
