package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaIndexesTest {
    @Test
    void targetsDifferingOnlyInNonAsciiCaseGetIndexesOfTheirOwn() {
        // SQLite folds A-Z only, so CAFÉ and café are two tables, and index names are one namespace
        // (index names too compare as SQLite compares them: ASCII letters without case)
        assertNotEquals(SqliteSql.foldCase(ReplicaIndexes.index("CAFÉ", List.of("id"), false).name()),
                SqliteSql.foldCase(ReplicaIndexes.index("café", List.of("id"), false).name()));
        assertEquals(SqliteSql.foldCase(ReplicaIndexes.index("CAFé", List.of("id"), false).name()),
                SqliteSql.foldCase(ReplicaIndexes.index("café", List.of("id"), false).name()));
    }

    @Test
    void columnsDifferingOnlyInNonAsciiCaseGetIndexesOfTheirOwn() {
        // É and é are two columns of one SQLite table; Ü and ü within one name too
        assertNotEquals(SqliteSql.foldCase(ReplicaIndexes.index("t", List.of("É"), false).name()),
                SqliteSql.foldCase(ReplicaIndexes.index("t", List.of("é"), false).name()));
        assertNotEquals(SqliteSql.foldCase(ReplicaIndexes.index("t", List.of("a", "Ü"), true).name()),
                SqliteSql.foldCase(ReplicaIndexes.index("t", List.of("a", "ü"), true).name()));
    }

    @Test
    void anAsciiTargetsIndexKeepsTheNameEarlierBuildsGaveIt() {
        // pinned: a changed name would drop and rebuild every existing index on upgrade
        assertEquals("rx_Orders_Customer_ID_placed_at_3de6657e",
                ReplicaIndexes.index("Orders", List.of("Customer_ID", "placed_at"), true).name());
    }

    @Test
    void theNamesEarlierReleasesGaveAnIndexAreKnown() {
        // rx_CAF__NAM__c135427f is the name the release b7d330e gave it (a real run); the releases from 1ccd8cb to
        // 497cbb7 folded the target as SQLite does and lower-cased the columns as Java does
        ReplicaIndexes.Index index = ReplicaIndexes.index("CAFÉ", List.of("NAMÉ"), false);
        assertEquals("rx_CAF__NAM__17bacbb8", index.name());
        assertEquals(List.of("rx_CAF__NAM__c135427f", "rx_CAF__NAM__b09810a7"), ReplicaIndexes.earlierNames("CAFÉ", index));
        assertEquals(List.of(), ReplicaIndexes.earlierNames("Orders",
                ReplicaIndexes.index("Orders", List.of("Customer_ID", "placed_at"), true)), "ASCII names never changed");
        assertEquals(List.of(), ReplicaIndexes.earlierNames("café", ReplicaIndexes.index("café", List.of("é"), false)),
                "nor names without a capital outside A-Z");
    }

    @Test
    void anIndexNameIsReplicatesOnlyAsSQLiteComparesNames() {
        // SQLite folds A-Z only: the Kelvin sign (U+212A) is not k there, so an index of the user's named
        // rx_\u212Aitchen_... on kitchen is no name the rule gives; Java's toLowerCase took it for one, and the
        // table's run dropped it as an index no longer configured
        assertFalse(ReplicaIndexes.isReplicates("kitchen", "rx_\u212Aitchen_name_0123abcd"));
        assertTrue(ReplicaIndexes.isReplicates("kitchen", "rx_KITCHEN_name_0123abcd"));
        assertFalse(SqliteSql.sameName("\u212A", "k"));
        assertFalse(SqliteSql.sameName("\u017F", "s"), "the long s");
        assertTrue(SqliteSql.sameName("rx_Orders_A_0123abcd", "RX_orders_a_0123ABCD"));
    }
}
