package dev.replicate.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;
import org.tinylog.Level;

/**
 * The SLF4J provider of replicate's process (registered in META-INF/services, and named by
 * {@link #pin} in {@code Main.main}): sqlite-jdbc, and the demo's embedded PostgreSQL, log through SLF4J.
 * Their lines pass {@link Log}'s gate, then go to tinylog and {@code CliWriter}, masked as replicate's own.
 *
 * <p>Not slf4j-tinylog: its loggers start tinylog as soon as one is made, and sqlite-jdbc makes them as
 * its classes load, so every run would pay tinylog's start (see {@link Log}) whether it logged or not.
 * Here a logger asks the gate, and tinylog starts at the first line let through.
 */
public final class Slf4jGate implements SLF4JServiceProvider {
    private static final String PROVIDER_PROPERTY = "slf4j.provider";

    private final ILoggerFactory loggers = new Loggers();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /**
     * Names this provider to SLF4J in a process that runs one command, so SLF4J does not look for one
     * in every jar (its service loader). A provider named already is left alone; SLF4J's note that it
     * loads a named one is kept off stderr. Without it (the tests' JVM), SLF4J finds this provider
     * through its service file.
     */
    public static void pin() {
        if (System.getProperty(PROVIDER_PROPERTY) == null) {
            System.setProperty(PROVIDER_PROPERTY, Slf4jGate.class.getName());
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to start: tinylog starts at the first line the gate lets through
    }

    /** The loggers hold nothing but their name: one per call is as good as a cache. */
    private static final class Loggers implements ILoggerFactory {
        @Override
        public org.slf4j.Logger getLogger(String name) {
            return new GatedLogger(name);
        }
    }

    /** An SLF4J logger that is enabled at a level exactly when {@link Log}'s gate lets it through. */
    static final class GatedLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        GatedLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return Log.allows(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return Log.allows(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return Log.allows(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return Log.allows(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return Log.allows(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(org.slf4j.event.Level level, Marker marker, String pattern,
                                                   Object[] arguments, Throwable throwable) {
            Log.formatted(tinylog(level), throwable, MessageFormatter.basicArrayFormat(pattern, arguments));
        }

        private static Level tinylog(org.slf4j.event.Level level) {
            return switch (level) {
                case TRACE -> Level.TRACE;
                case DEBUG -> Level.DEBUG;
                case INFO -> Level.INFO;
                case WARN -> Level.WARN;
                case ERROR -> Level.ERROR;
            };
        }
    }
}
