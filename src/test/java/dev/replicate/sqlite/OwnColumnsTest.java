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
        OwnColumns read = OwnColumns.parse(Optional.of(made.text())).orElseThrow();
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
        assertEquals(Optional.empty(), OwnColumns.parse(Optional.empty()));
        assertEquals(List.of(), OwnColumns.parse(Optional.of("garbage\n+\n")).orElseThrow().gone());
    }

    @Test
    void theTablesOtherColumnsAreRecordedAsNotMadeAndReadBack() {
        Optional<OwnColumns> before = Optional.of(OwnColumns.made(List.of("id", "a")));
        OwnColumns after = OwnColumns.after(before, Set.of("id", "a", "memo", SqliteSql.ROW_KEY), List.of("id", "a"));
        assertTrue(after.notMade("memo") && !after.holds("memo"), after.text());
        assertFalse(after.notMade(SqliteSql.ROW_KEY) || after.notMade("a"), after.text());
        OwnColumns read = OwnColumns.parse(Optional.of(after.text())).orElseThrow();
        assertEquals(after.text(), read.text());
        assertTrue(read.notMade("memo"));
        assertFalse(read.with(List.of("memo")).notMade("memo"), "made since: no longer among the others");
    }
}
