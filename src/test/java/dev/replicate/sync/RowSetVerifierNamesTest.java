package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order verify lists rows without a key in (RowSetVerifier.Named): numbers by value, then the names that are
 * none (NaN, a text written into the replica by hand) by their text, one total order however they mix. Numbers
 * by value and texts by text, compared pair by pair, made cycles ("10" < "5a" < "9" < "10"), which left the
 * listed names to the order the rows came in, and which Java's sort may refuse outright.
 */
class RowSetVerifierNamesTest {
    @Test
    void namesOfADecimalWatermarkSortTheSameWhateverOrderTheyCameIn() {
        List<Object> names = new ArrayList<>(List.of("10", "5a", "9", "NaN", "18446744073709551615",
                "9223372036854775808", "-1", "abc"));
        List<Object> expected = List.of("-1", "9", "10", "9223372036854775808", "18446744073709551615", "5a", "NaN",
                "abc");
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            Collections.shuffle(names, random);
            assertEquals(expected, sorted(names, true), names::toString);
        }
    }

    @Test
    void aSortOfManyMixedNamesKeepsToOneOrder() {
        List<Object> names = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            names.add(i % 3 == 0 ? i + "a" : String.valueOf(i));
        }
        Random random = new Random(11);
        List<Object> first = sorted(names, true);
        for (int i = 0; i < 50; i++) {
            Collections.shuffle(names, random);
            assertEquals(first, sorted(names, true));
        }
        assertEquals("1", first.get(0));
    }

    @Test
    void aNonDecimalWatermarksTextsSortAsTexts() {
        assertEquals(List.of(new BigDecimal("2"), 10L, "10", "9"),
                sorted(List.of("9", 10L, "10", new BigDecimal("2")), false));
    }

    private static List<Object> sorted(List<Object> names, boolean decimal) {
        return names.stream().map(name -> RowSetVerifier.Named.of(name, decimal)).sorted()
                .map(RowSetVerifier.Named::name).toList();
    }
}
