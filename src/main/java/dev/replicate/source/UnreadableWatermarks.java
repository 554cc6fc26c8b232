package dev.replicate.source;

/**
 * How many rows of a table a read never streams because of their watermark (see
 * {@link Source#countUnreadableWatermarks}).
 *
 * @param nulls     rows whose watermark is NULL
 * @param notFinite rows whose watermark is NaN, infinity or -infinity (PostgreSQL's numeric, date and
 *                  timestamps): no cursor may hold such a value, since NaN and infinity sort after every
 *                  other value and a cursor there would never move on
 */
public record UnreadableWatermarks(long nulls, long notFinite) {
}
