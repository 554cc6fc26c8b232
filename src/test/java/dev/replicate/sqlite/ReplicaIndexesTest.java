package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
}
