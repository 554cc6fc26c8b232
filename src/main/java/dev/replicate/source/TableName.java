package dev.replicate.source;

import java.util.Optional;

/**
 * A source table's name as the configuration gives it: {@code table} or {@code schema.table}
 * (on MySQL the "schema" is the database). The source decides what a missing schema means.
 */
public record TableName(Optional<String> schema, String table) {

    public static TableName parse(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return new TableName(Optional.empty(), text);
        }
        return new TableName(Optional.of(text.substring(0, dot)), text.substring(dot + 1));
    }

    public TableName withDefaultSchema(String defaultSchema) {
        return schema.isPresent() ? this : new TableName(Optional.of(defaultSchema), table);
    }

    // equals and hashCode written out: a record's generated ones link an invokedynamic call site on
    // first use, which cost a cold run several milliseconds (TableName is a map key in reflection).

    @Override
    public boolean equals(Object other) {
        return other instanceof TableName name && schema.equals(name.schema) && table.equals(name.table);
    }

    @Override
    public int hashCode() {
        return 31 * schema.hashCode() + table.hashCode();
    }

    @Override
    public String toString() {
        return schema.map(s -> s + "." + table).orElse(table);
    }
}
