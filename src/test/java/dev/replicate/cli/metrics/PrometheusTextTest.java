package dev.replicate.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void writesHelpTypeAndSamplesPerFamily() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("target", "orders");
        labels.put("source", "shop");
        String text = new PrometheusText()
                .gauge("a_seconds", "First.")
                .gauge("b_total", "Second.")
                .sample("a_seconds", labels, 1.5)
                .sample("b_total", 3)
                .sample("a_seconds", Map.of("target", "x"), 2)
                .toString();
        assertEquals("""
                # HELP a_seconds First.
                # TYPE a_seconds gauge
                a_seconds{target="orders",source="shop"} 1.5
                a_seconds{target="x"} 2
                # HELP b_total Second.
                # TYPE b_total gauge
                b_total 3
                """, text);
    }

    @Test
    void leavesOutFamiliesWithoutSamples() {
        assertEquals("", new PrometheusText().gauge("unused", "Nothing.").toString());
    }

    @Test
    void escapesLabelValuesAndHelp() {
        assertEquals("a\\\\b\\\"c\\nd", PrometheusText.escapeLabelValue("a\\b\"c\nd"));
        assertEquals("say \"hi\"\\\\\\n", PrometheusText.escapeHelp("say \"hi\"\\\n"));
        String text = new PrometheusText().gauge("m", "x").sample("m", Map.of("source", "pg \"main\""), 1).toString();
        assertEquals("m{source=\"pg \\\"main\\\"\"} 1", text.lines().toList().get(2));
    }

    @Test
    void numbersArePlainDecimals() {
        assertEquals("0", PrometheusText.number(0));
        assertEquals("1764077829", PrometheusText.number(1764077829.0));
        assertEquals("1764077829.362", PrometheusText.number(1764077829.362));
        assertEquals("0.001", PrometheusText.number(0.001));
        assertEquals("-2.5", PrometheusText.number(-2.5));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void refusesSamplesOfUndeclaredFamilies() {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusText().sample("nope", 1));
    }
}
