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
        OwnColumns read = OwnColumns.parse(Optional.of(made.text()), List.of(), List.of()).orElseThrow();
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
        assertEquals(Optional.empty(), OwnColumns.parse(Optional.empty(), List.of("id"), List.of("id")));
        assertEquals(List.of(), OwnColumns.parse(Optional.of("garbage\n+\n~\n~+\n"), List.of("id"), List.of("id")).orElseThrow()
                .gone());
    }

    @Test
    void theTablesOtherColumnsAreRecordedAsNotMadeAndReadBack() {
        Optional<OwnColumns> before = Optional.of(OwnColumns.made(List.of("id", "a")));
        OwnColumns after = OwnColumns.after(before, Set.of("id", "a", "memo", SqliteSql.ROW_KEY), List.of("id", "a"));
        assertTrue(after.notMade("memo") && !after.holds("memo"), after.text());
        assertFalse(after.notMade(SqliteSql.ROW_KEY) || after.notMade("a"), after.text());
        OwnColumns read = OwnColumns.parse(Optional.of(after.text()), List.of("id", "a", "memo"), List.of("id", "a")).orElseThrow();
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
        OwnColumns read = OwnColumns.parse(Optional.of(made.text()), List.of("id", "café", "CAFÉ", "Name"),
                List.of("id", "café", "CAFÉ", "Name"))
                .orElseThrow();
        assertTrue(read.holds("café") && read.holds("cafÉ") && read.holds("name"), read.text());
        assertFalse(read.holds("CAFÉ"), "by folded name");
        // As the release before wrote the record of this table: one line for café and CAFÉ.
        assertEquals(List.of("+id", "+café", "+name"),
                made.text().lines().filter(line -> !line.startsWith("~")).toList());

        OwnColumns after = OwnColumns.after(Optional.of(read), Set.of("id", "café", "cafÉ", "name", "memo", "Ｍemo"),
                List.of("id", "cafÉ", "name"));
        assertEquals(List.of("café"), after.gone(), "café is gone from the source, CAFÉ is not");
        OwnColumns again = OwnColumns.parse(Optional.of(after.text()), List.of(), List.of()).orElseThrow();
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
        OwnColumns one = OwnColumns.parse(earlier, List.of("id", "CAFÉ", "Name"), List.of("id", "CAFÉ", "Name")).orElseThrow();
        assertTrue(one.holds("cafÉ") && one.holds("name") && one.holds("id"), one.text());
        assertFalse(one.holds("café"), "not a column of the table");
        OwnColumns both = OwnColumns.parse(earlier, List.of("id", "CAFÉ", "café", "\u212Aelvin"),
                List.of("id", "CAFÉ", "café")).orElseThrow();
        assertTrue(both.holds("cafÉ") && both.holds("café"), both.text());
        assertEquals(List.of("\u212Aelvin"), both.gone(), "the Kelvin sign lower-cased as Java does is k");
        OwnColumns others = OwnColumns.parse(Optional.of("+id\n*café"), List.of("id", "CAFÉ", "café"),
                List.of("id", "CAFÉ", "café")).orElseThrow();
        assertTrue(others.notMade("cafÉ") && others.notMade("café") && !others.holds("café"), others.text());
        // A name the table no longer has is kept as it was recorded.
        assertTrue(OwnColumns.parse(earlier, List.of("id"), List.of("id")).orElseThrow().holds("café"));
    }

    /**
     * A name of such a record that stands for two columns (café for café and CAFÉ, which that release took for
     * one) stands for those of them the source has: the others are not made, as one the user added by hand
     * (CAFÉ, beside the source's café) is; never gone from the source, so never set to NULL nor dropped.
     */
    @Test
    void aNameOfAReleaseBeforeThatStandsForTwoColumnsStandsForThoseTheSourceHas() {
        Optional<String> earlier = Optional.of("+id\n+café");
        List<String> present = List.of("id", "café", "CAFÉ");
        OwnColumns byHand = OwnColumns.parse(earlier, present, List.of("id", "café")).orElseThrow();
        assertTrue(byHand.holds("café") && !byHand.holds("cafÉ") && byHand.notMade("cafÉ"), byHand.text());
        OwnColumns after = OwnColumns.after(Optional.of(byHand), Set.of("id", "café", "cafÉ"), List.of("id", "café"));
        assertEquals(List.of(), after.gone(), "CAFÉ is not gone from the source: it was never the source's");
        assertTrue(after.notMade("cafÉ") && after.text().lines().toList().contains("~*cafÉ"), after.text());
        OwnColumns read = OwnColumns.parse(Optional.of(after.text()), present, List.of("id", "café")).orElseThrow();
        assertTrue(read.notMade("cafÉ") && !read.holds("cafÉ"), "and stays so: " + read.text());

        OwnColumns both = OwnColumns.parse(earlier, present, List.of("id", "CAFÉ", "café")).orElseThrow();
        assertTrue(both.holds("café") && both.holds("cafÉ") && !both.notMade("cafÉ"), both.text());
        assertEquals(List.of(), OwnColumns.after(Optional.of(both), Set.of("id", "café", "cafÉ"),
                List.of("id", "café", "cafÉ")).gone());

        // The source has neither now: neither is known to be replicate's, so both are kept as they are.
        OwnColumns neither = OwnColumns.parse(earlier, present, List.of("id")).orElseThrow();
        assertTrue(neither.notMade("café") && neither.notMade("cafÉ") && !neither.holds("café"), neither.text());
        assertEquals(List.of(), OwnColumns.after(Optional.of(neither), Set.of("id", "café", "cafÉ"), List.of("id"))
                .gone());
        // A column the rows' identities were made from is replicate's all the same (TableColumns#ownColumns).
        assertTrue(neither.with(List.of("café")).holds("café"));

        // CAFÉ found gone, then a release before wrote the record again from its lines (+café alone): not
        // named gone a second time, but kept as it is, as not made.
        OwnColumns found = OwnColumns.after(Optional.of(both), Set.of("id", "café", "cafÉ"), List.of("id", "café"));
        assertEquals(List.of("cafÉ"), found.gone());
        String rolledBack = String.join("\n", found.text().lines().filter(line -> !line.startsWith("~")).toList());
        assertEquals("+id\n+café", rolledBack);
        OwnColumns back = OwnColumns.parse(Optional.of(rolledBack), present, List.of("id", "café")).orElseThrow();
        OwnColumns next = OwnColumns.after(Optional.of(back), Set.of("id", "café", "cafÉ"), List.of("id", "café"));
        assertEquals(List.of(), next.goneSince(Optional.of(back)));
        assertTrue(next.notMade("cafÉ") && next.gone().isEmpty(), next.text());
    }
}
