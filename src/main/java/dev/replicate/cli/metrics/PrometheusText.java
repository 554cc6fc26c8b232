package dev.replicate.cli.metrics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format (version 0.0.4), as node_exporter's textfile collector reads
 * it: per metric family a HELP and a TYPE line, then its samples. A family without samples is left
 * out entirely, since a TYPE line with no sample tells a scraper nothing.
 */
public final class PrometheusText {
    /** One metric family: its samples, in the order they were added. */
    private record Family(String name, String help, String type, List<String> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Declares a family; declare each before adding its samples. */
    public PrometheusText gauge(String name, String help) {
        families.put(name, new Family(name, help, "gauge", new ArrayList<>()));
        return this;
    }

    public PrometheusText sample(String name, Map<String, String> labels, double value) {
        Family family = families.get(name);
        if (family == null) {
            throw new IllegalArgumentException("undeclared metric " + name);
        }
        StringBuilder line = new StringBuilder(name);
        if (!labels.isEmpty()) {
            line.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                line.append(first ? "" : ",").append(label.getKey()).append("=\"")
                        .append(escapeLabelValue(label.getValue())).append('"');
                first = false;
            }
            line.append('}');
        }
        family.samples().add(line.append(' ').append(number(value)).toString());
        return this;
    }

    public PrometheusText sample(String name, double value) {
        return sample(name, Map.of(), value);
    }

    /** Label values escape backslash, double quote and line feed. */
    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** HELP text escapes backslash and line feed (a quote is fine there). */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Plain decimal (no exponent), whole numbers without a fraction; the special values as Prometheus spells them. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Family family : families.values()) {
            if (family.samples().isEmpty()) {
                continue;
            }
            text.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            text.append("# TYPE ").append(family.name()).append(' ').append(family.type()).append('\n');
            family.samples().forEach(sample -> text.append(sample).append('\n'));
        }
        return text.toString();
    }
}
