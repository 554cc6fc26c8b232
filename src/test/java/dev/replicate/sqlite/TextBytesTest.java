package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text values handed to the page writer with their UTF-8 bytes made aside (TextBytes) are stored
 * exactly as the same rows handed over without them, on both write paths, whether a row goes in a
 * group or among a flush's leftovers: the same typeof, the same bytes.
 */
class TextBytesTest {
    /** Ascii, accents, a character outside the BMP, a lone surrogate (encoded as '?' either way), empty, a NUL. */
    private static final List<String> TEXTS = List.of("plain", "Grüße, ñ", "emoji \uD83D\uDE00", "lone \uD800 half", "",
            "nul \0 inside");

    @TempDir
    Path folder;

    @Test
    void onlyStringsGetBytes() {
        assertNull(TextBytes.of(new Object[] {1L, 2.5, null, new byte[] {1}}), "a row without text");
        byte[][] bytes = TextBytes.of(new Object[] {1L, "ä", null});
        assertNull(bytes[0]);
        assertArrayEquals("ä".getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes[1]);
        assertNull(bytes[2]);
    }

    @Test
    void rowsWithTheirBytesAreStoredAsRowsWithout() throws Exception {
        for (WriteSettings settings : List.of(WriteSettings.DEFAULT, new WriteSettings(false))) {
            List<String> without = write(folder.resolve("without-" + settings.direct() + ".db"), settings, false);
            List<String> with = write(folder.resolve("with-" + settings.direct() + ".db"), settings, true);
            assertEquals(without, with, settings::toString);
            assertEquals(70, with.size());
        }
    }

    /** 70 rows (two groups of 32 and leftovers); returns each row's id, typeof and hex of every value. */
    private static List<String> write(Path file, WriteSettings settings, boolean aside) throws Exception {
        try (Replica replica = Replica.openForWriting(file)) {
            TargetTable table = TargetTable.prepare(replica, "t", List.of(
                    new SourceColumn("id", "bigint", SqliteType.INTEGER, Optional.empty()),
                    new SourceColumn("t", "text", SqliteType.TEXT, Optional.empty()),
                    new SourceColumn("n", "text", SqliteType.TEXT, Optional.empty()),
                    new SourceColumn("r", "double", SqliteType.REAL, Optional.empty())), List.of("id"));
            try (PageWriter writer = new PageWriter(replica, table, settings)) {
                for (int n = 0; n < 70; n++) {
                    Object[] row = {(long) n, TEXTS.get(n % TEXTS.size()), n % 3 == 0 ? null : "n" + n, n / 7.0};
                    writer.add(row, aside ? TextBytes.of(row) : null, null);
                }
                writer.flush();
            }
            replica.commit();
            List<String> stored = new ArrayList<>();
            try (Statement statement = replica.connection().createStatement();
                 ResultSet rs = statement.executeQuery("SELECT id, typeof(t), hex(t), typeof(n), hex(n), typeof(r), r"
                         + " FROM t ORDER BY id")) {
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= 7; i++) {
                        row.append(rs.getString(i)).append('|');
                    }
                    stored.add(row.toString());
                }
            }
            return stored;
        }
    }
}
