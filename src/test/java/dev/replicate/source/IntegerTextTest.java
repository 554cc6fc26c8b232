package dev.replicate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntegerTextTest {
    private static Long plain(String text) {
        byte[] bytes = ("[" + text + "]").getBytes(StandardCharsets.US_ASCII);
        return IntegerText.plain(bytes, 1, bytes.length - 1);
    }

    @Test
    void plainIntegersReadAsLongParseLongReadsThem() {
        List<String> texts = new ArrayList<>(List.of("0", "-0", "7", "-7", "007", "-0042", "2147483647", "-2147483648",
                "4294967295", "999999999999999999", "-999999999999999999"));
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            if (value > -1_000_000_000_000_000_000L && value < 1_000_000_000_000_000_000L) {
                texts.add(Long.toString(value));
            }
        }
        for (String text : texts) {
            assertEquals(Long.parseLong(text), plain(text), text);
        }
    }

    /** Everything else is left to the caller's careful path, even what Long.parseLong would take. */
    @Test
    void anythingElseIsNotPlain() {
        for (String text : List.of("", "-", "+5", " 1", "1 ", "1x", "1.0", "1e3", "1000000000000000000",
                "9223372036854775807", "-9223372036854775808", "18446744073709551615", "\u0661")) {
            assertNull(plain(text), text);
        }
    }
}
