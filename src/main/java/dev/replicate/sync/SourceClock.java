package dev.replicate.sync;

import dev.replicate.log.Log;
import dev.replicate.source.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A source's clock ({@link Source#clock}) as this run knows it: asked once, then kept as its offset from this
 * machine's, so that a run whose tables all find their cursors ahead of this machine's clock (a host behind the
 * server) asks the source once rather than once per table.
 */
final class SourceClock {
    private final Source source;
    /** The source's clock less this machine's; empty when the source tells none; null until asked. */
    private Optional<Duration> offset;

    SourceClock(Source source) {
        this.source = source;
    }

    /**
     * The source's clock when this machine's reads {@code now}; empty when the source cannot tell it.
     *
     * @throws Exception the source's failure when the connection is gone (cut, or closed by the driver after a
     *                   read timeout) or the run is being stopped: the table fails with it, as with any query
     */
    Optional<Instant> at(Instant now) throws Exception {
        if (offset == null) {
            offset = read().map(theirs -> Duration.between(now, theirs));
        }
        return offset.map(now::plus);
    }

    private Optional<Instant> read() throws Exception {
        try {
            return source.clock();
        } catch (Exception e) {
            if (SourceTrouble.notTheStatement(source, e) || Thread.currentThread().isInterrupted()) {
                throw e;
            }
            // A server that refuses the clock's query (one that lacks its function): this machine's clock judges.
            Log.debug(e, "the source's clock");
            return Optional.empty();
        }
    }
}
