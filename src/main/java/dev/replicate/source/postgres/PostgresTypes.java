package dev.replicate.source.postgres;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import dev.replicate.source.WatermarkKind;
import java.util.Optional;

/**
 * The PostgreSQL type table: how each type is stored in SQLite, and which types can be watermarks.
 * Decided from the reflected metadata, never from values.
 */
final class PostgresTypes {
    private PostgresTypes() {
    }

    /**
     * A column whose collation the catalog did not tell (a query's result column): not known to order by
     * bytes, nor to spell its equal values alike.
     */
    static SourceColumn column(String name, String dataType, String udtName, Integer length, Integer precision,
                               Integer scale) {
        return column(name, dataType, udtName, length, precision, scale, false, false);
    }

    /**
     * A reflected column, from information_schema.columns.
     *
     * @param bytewiseCollation      the column's collation compares texts by their UTF-8 bytes (see PostgresCatalog)
     * @param deterministicCollation the column's collation is deterministic: it holds two texts equal only
     *                               when their bytes are (see PostgresCatalog)
     */
    static SourceColumn column(String name, String dataType, String udtName, Integer length, Integer precision,
                               Integer scale, boolean bytewiseCollation, boolean deterministicCollation) {
        String display = display(dataType, udtName, length, precision, scale);
        String category = category(display);
        return new SourceColumn(name, display, sqliteType(category), watermarkKind(category),
                bytewise(display, bytewiseCollation), tiesSpeltAlike(display, category, deterministicCollation));
    }

    /**
     * Whether the text column's equal values are spelt alike (see SourceColumn#tiesSpeltAlike): of a
     * deterministic collation, which breaks ties by the bytes. Not citext, whose operators fold case
     * whatever the collation; nor character(n), unlimited or not, whose comparison ignores trailing
     * spaces ('k' and 'k ' tie).
     */
    private static boolean tiesSpeltAlike(String display, String category, boolean deterministicCollation) {
        return category.equals("plain-text") && deterministicCollation && !display.equals("citext")
                && !display.equals("character") && !display.startsWith("character(");
    }

    /**
     * Whether the column's own order is that of the UTF-8 bytes of the text the replica stores (see
     * SourceColumn#bytewise). A uuid's order (uuid_cmp) is that of its 16 bytes, which its lower-case
     * hex text (uuid_out, what the reader stores) spells in order, at fixed places. A text or varchar
     * of a bytewise collation. Not character(n), whose comparison ignores the trailing spaces the replica
     * keeps; nor citext, whose operators fold case whatever the collation.
     */
    private static boolean bytewise(String display, boolean bytewiseCollation) {
        if (display.equals("uuid")) {
            return true;
        }
        return bytewiseCollation && (display.equals("text") || display.equals("character varying")
                || display.startsWith("character varying("));
    }

    /**
     * A numeric's scale as pgjdbc's metadata gives it, signed. PostgreSQL 15 allows a negative scale
     * (numeric(3,-2) rounds to hundreds) and keeps it in the type modifier's low 11 bits as a two's
     * complement, which pgjdbc reads unsigned (2046 for -2). A scale lies between -1000 and 1000, so an
     * unsigned reading of 1024 or more is a negative one.
     */
    static int signedScale(int unsigned) {
        return unsigned >= 1024 && unsigned < 2048 ? unsigned - 2048 : unsigned;
    }

    /** The type as people write it: numeric(12,2), character varying(40), integer[], an enum's own name. */
    static String display(String dataType, String udtName, Integer length, Integer precision, Integer scale) {
        if ("ARRAY".equals(dataType)) {
            return elementName(udtName.startsWith("_") ? udtName.substring(1) : udtName) + "[]";
        }
        if ("USER-DEFINED".equals(dataType)) {
            return udtName;
        }
        if ("numeric".equals(dataType) && precision != null) {
            return "numeric(" + precision + "," + (scale == null ? 0 : scale) + ")";
        }
        if (length != null && (dataType.startsWith("character") || dataType.startsWith("bit"))) {
            return dataType + "(" + length + ")";
        }
        return dataType;
    }

    /**
     * What decides how a value of a displayed type prints (see Source#spellsAlike): two types of one
     * spelling print every value both can hold alike. An integer prints alike whatever its width; a text
     * or varchar whatever its length limit; a numeric by its scale alone (numeric(10,2) and numeric(12,2)
     * both print 1.50). Any other type only as itself: character(n) pads its values to n, and drops the
     * padding when cast to another text type; a numeric without a scale keeps each value's own.
     */
    static String spelling(String display) {
        if (category(display).equals("integer")) {
            return "integer";
        }
        if (display.equals("text") || display.equals("character varying") || display.startsWith("character varying(")) {
            return "text";
        }
        if (display.startsWith("numeric(") && display.endsWith(")") && display.indexOf(',') > 0) {
            String scale = display.substring(display.indexOf(',') + 1, display.length() - 1);
            // A negative scale (PostgreSQL 15: numeric(3,-2) rounds to hundreds) prints no fraction, as
            // scale 0 does. A state written before negative scales were read signed recorded it unsigned
            // (numeric(3,2046)): the same type, not a retype.
            return "numeric of scale " + (scale.matches("-?[0-9]{1,4}")
                    ? String.valueOf(Math.max(0, signedScale(Integer.parseInt(scale)))) : scale);
        }
        return display;
    }

    /** The conversion family of a displayed type. */
    /**
     * A text column's value as text with every character it holds: a character(n)'s (bpchar's) as its
     * output function prints it, trailing spaces and all (concat calls that; the text cast trims them,
     * so 'k' and 'k ' of an unlimited bpchar would tie), anything else cast to text (which keeps a
     * citext's letters as they are).
     */
    static String exactText(String sourceType, String quoted) {
        return sourceType.equals("character") || sourceType.startsWith("character(") ? "concat(" + quoted + ")"
                : quoted + "::text";
    }

    static String category(String display) {
        if (display.endsWith("[]")) {
            return "array";
        }
        int paren = display.indexOf('(');
        String base = paren >= 0 ? display.substring(0, paren) : display;
        return switch (base) {
            case "smallint", "integer", "bigint" -> "integer";
            case "boolean" -> "boolean";
            case "real" -> "real";
            case "double precision" -> "double";
            case "numeric" -> "numeric";
            case "bytea" -> "bytea";
            case "date" -> "date";
            case "timestamp without time zone" -> "timestamp";
            case "timestamp with time zone" -> "timestamptz";
            case "text", "character varying", "character", "citext", "name" -> "plain-text";
            case "json", "jsonb", "xml" -> "document";
            default -> "other";
        };
    }

    private static SqliteType sqliteType(String category) {
        return switch (category) {
            case "integer", "boolean" -> SqliteType.INTEGER;
            case "real", "double" -> SqliteType.REAL;
            case "bytea" -> SqliteType.BLOB;
            default -> SqliteType.TEXT;
        };
    }

    private static Optional<WatermarkKind> watermarkKind(String category) {
        return Optional.ofNullable(switch (category) {
            case "integer" -> WatermarkKind.INTEGER;
            case "numeric" -> WatermarkKind.DECIMAL;
            case "date" -> WatermarkKind.DATE;
            case "timestamp" -> WatermarkKind.TIMESTAMP;
            case "timestamptz" -> WatermarkKind.TIMESTAMPTZ;
            case "plain-text" -> WatermarkKind.TEXT;
            default -> null;
        });
    }

    private static String elementName(String udtName) {
        return switch (udtName) {
            case "int2" -> "smallint";
            case "int4" -> "integer";
            case "int8" -> "bigint";
            case "float4" -> "real";
            case "float8" -> "double precision";
            case "bool" -> "boolean";
            case "timestamptz" -> "timestamp with time zone";
            case "timestamp" -> "timestamp without time zone";
            case "varchar" -> "character varying";
            case "bpchar" -> "character";
            default -> udtName;
        };
    }
}
