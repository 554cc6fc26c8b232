package dev.replicate.source.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which PostgreSQL retypes keep every value's text (Source#spellsAlike): a key retyped otherwise makes
 * the table sync again from the start; one retyped alike goes on. Types as PostgresTypes#display shows them.
 */
class PostgresSpellingTest {

    private static boolean alike(String before, String after) {
        return PostgresTypes.spelling(before).equals(PostgresTypes.spelling(after));
    }

    @Test
    void retypesThatKeepTheTextGoOn() {
        for (List<String> pair : List.of(
                List.of("character varying(20)", "character varying(50)"),
                List.of("character varying(20)", "text"),
                List.of("text", "character varying"),
                List.of("smallint", "integer"),
                List.of("integer", "bigint"),
                List.of("numeric(10,2)", "numeric(12,2)"),
                // A negative scale prints no fraction, as scale 0; and recorded unsigned by an earlier release.
                List.of("numeric(3,-2)", "numeric(5,0)"),
                List.of("numeric(3,-2)", "numeric(4,-1)"),
                List.of("numeric(3,2046)", "numeric(3,-2)"))) {
            assertEquals(true, alike(pair.get(0), pair.get(1)), pair.toString());
        }
    }

    @Test
    void retypesThatChangeTheTextAreSeen() {
        for (List<String> pair : List.of(
                List.of("numeric(10,2)", "numeric(10,4)"),
                List.of("numeric(3,-2)", "numeric(5,1)"),
                List.of("numeric(10,2)", "numeric"),
                List.of("numeric", "numeric(10,2)"),
                List.of("timestamp without time zone", "timestamp with time zone"),
                List.of("character(5)", "character(8)"),
                List.of("character(5)", "character varying(5)"),
                List.of("text", "character(5)"),
                List.of("real", "double precision"),
                List.of("integer", "numeric(10,0)"),
                List.of("citext", "text"))) {
            assertEquals(false, alike(pair.get(0), pair.get(1)), pair.toString());
        }
    }
}
