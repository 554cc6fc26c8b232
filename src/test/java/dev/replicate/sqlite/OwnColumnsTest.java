package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnColumnsTest {
    @Test
    void aRecordReadsBackAsItWasWrittenWhateverTheNamesHold() {
        OwnColumns made = OwnColumns.made(List.of("id", "We\"ird\\col\nx", "Name"));
        OwnColumns read = OwnColumns.parse(Optional.of(made.text()), List.of()).orElseThrow();
        assertEquals(made.text(), read.text());
        assertTrue(read.holds("we\"ird\\col\nx") && read.holds("name"), read.text());
        assertEquals(List.of(), read.gone());
    }

    @Test
    void aColumnStoredBeforeAndNoLongerAtTheSourceIsGoneWhileTheTableKeepsIt() {
        Optional<OwnColumns> before = Optional.of(OwnColumns.made(List.of("id", "a", "b")));
        OwnColumns after = OwnColumns.after(before, Set.of("id", "a", "b", "remark"), List.of("id", "b"));
        assertEquals(List.of("a"), after.gone());
        assertEquals(List.of("a"), after.goneSince(before), "newly gone: its note is said");
        assertFalse(after.holds("remark"), "a column the record never held is not replicate's");

        Optional<OwnColumns> next = Optional.of(after);
        OwnColumns again = OwnColumns.after(next, Set.of("id", "a", "b", "remark"), List.of("id", "b"));
        assertEquals(List.of("a"), again.gone());
        assertEquals(List.of(), again.goneSince(next), "said once");

        OwnColumns droppedByHand = OwnColumns.after(next, Set.of("id", "b"), List.of("id", "b"));
        assertFalse(droppedByHand.holds("a"), "a gone column dropped from the table leaves the record");
        OwnColumns back = OwnColumns.after(next, Set.of("id", "a", "b"), List.of("id", "a", "b"));
        assertEquals(List.of(), back.gone(), "a column back at the source is stored again");
    }

    @Test
    void noRecordMeansNoColumnIsGone() {
        OwnColumns first = OwnColumns.after(Optional.empty(), Set.of("id", "a", "old"), List.of("id", "a"));
        assertEquals(List.of(), first.gone());
        assertFalse(first.holds("old"));
        assertEquals(Optional.empty(), OwnColumns.parse(Optional.empty(), List.of("id")));
        assertEquals(List.of(), OwnColumns.parse(Optional.of("garbage\n+\n~\n~+\n"), List.of("id")).orElseThrow()
                .gone());
    }

    @Test
    void theTablesOtherColumnsAreRecordedAsNotMadeAndReadBack() {
        Optional<OwnColumns> before = Optional.of(OwnColumns.made(List.of("id", "a")));
        OwnColumns after = OwnColumns.after(before, Set.of("id", "a", "memo", SqliteSql.ROW_KEY), List.of("id", "a"));
        assertTrue(after.notMade("memo") && !after.holds("memo"), after.text());
        assertFalse(after.notMade(SqliteSql.ROW_KEY) || after.notMade("a"), after.text());
        OwnColumns read = OwnColumns.parse(Optional.of(after.text()), List.of("id", "a", "memo")).orElseThrow();
        assertEquals(after.text(), read.text());
        assertTrue(read.notMade("memo"));
        assertFalse(read.with(List.of("memo")).notMade("memo"), "made since: no longer among the others");
    }

    /**
     * SQLite takes café and CAFÉ for two columns (it folds A-Z only): so does the record, where Java's lower
     * case made them one. Its text still holds, for the releases before, the lines they wrote themselves (names
     * lower-cased as Java does), which a rollback reads; this release reads the lines behind ~.
     */
    @Test
    void namesDifferingOnlyInACapitalOutsideAToZAreTwoColumnsAndTheReleasesBeforeStillReadTheirLines() {
        OwnColumns made = OwnColumns.made(List.of("id", "café", "CAFÉ", "Name"));
        OwnColumns read = OwnColumns.parse(Optional.of(made.text()), List.of("id", "café", "CAFÉ", "Name"))
                .orElseThrow();
        assertTrue(read.holds("café") && read.holds("cafÉ") && read.holds("name"), read.text());
        assertFalse(read.holds("CAFÉ"), "by folded name");
        // As the release before wrote the record of this table: one line for café and CAFÉ.
        assertEquals(List.of("+id", "+café", "+name"),
                made.text().lines().filter(line -> !line.startsWith("~")).toList());

        OwnColumns after = OwnColumns.after(Optional.of(read), Set.of("id", "café", "cafÉ", "name", "memo", "Ｍemo"),
                List.of("id", "cafÉ", "name"));
        assertEquals(List.of("café"), after.gone(), "café is gone from the source, CAFÉ is not");
        OwnColumns again = OwnColumns.parse(Optional.of(after.text()), List.of()).orElseThrow();
        assertEquals(after.text(), again.text());
        assertEquals(List.of("café"), again.gone());
        assertTrue(again.notMade("memo") && again.notMade("Ｍemo"), again.text());
        // The lines of the releases before, the * lines last (StateStore keeps them apart), each name once: café
        // stored, as such a release, which takes café and CAFÉ for one column, would have it (the source stores it).
        assertEquals(List.of("+id", "+café", "+name", "*memo", "*ｍemo"),
                after.text().lines().filter(line -> !line.startsWith("~")).toList());
    }

    /**
     * A record a release before this one wrote (names lower-cased as Java does, no ~ lines): each name stands
     * for the table's columns it is the lower case of, so that CAFÉ, recorded as café, is still replicate's, and
     * café and CAFÉ, recorded as one, are both; as is Name, recorded as name, and the Kelvin sign's column.
     */
    @Test
    void aRecordOfAReleaseBeforeIsReadAsItMeantItsLowerCasedNames() {
        Optional<String> earlier = Optional.of("+id\n+café\n-kelvin\n+name");
        OwnColumns one = OwnColumns.parse(earlier, List.of("id", "CAFÉ", "Name")).orElseThrow();
        assertTrue(one.holds("cafÉ") && one.holds("name") && one.holds("id"), one.text());
        assertFalse(one.holds("café"), "not a column of the table");
        OwnColumns both = OwnColumns.parse(earlier, List.of("id", "CAFÉ", "café", "\u212Aelvin")).orElseThrow();
        assertTrue(both.holds("cafÉ") && both.holds("café"), both.text());
        assertEquals(List.of("\u212Aelvin"), both.gone(), "the Kelvin sign lower-cased as Java does is k");
        OwnColumns others = OwnColumns.parse(Optional.of("+id\n*café"), List.of("id", "CAFÉ", "café")).orElseThrow();
        assertTrue(others.notMade("cafÉ") && others.notMade("café") && !others.holds("café"), others.text());
        // A name the table no longer has is kept as it was recorded.
        assertTrue(OwnColumns.parse(earlier, List.of("id")).orElseThrow().holds("café"));
    }
}
