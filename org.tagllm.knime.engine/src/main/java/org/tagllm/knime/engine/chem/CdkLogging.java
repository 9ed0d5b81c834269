package org.tagllm.knime.engine.chem;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import org.openscience.cdk.tools.ILoggingTool;
import org.openscience.cdk.tools.LoggingToolFactory;

/**
 * CDK's log, routed to the platform logger at DEBUG. Without a logging back end CDK writes its errors straight to
 * standard error ({@code org.openscience.cdk.io.MDLV2000Reader ERROR: ...}), beside our own one-line reports of the
 * same records; every such error also reaches us as an exception, which names the row. Turn the JDK logger
 * {@code org.openscience.cdk} to DEBUG to see them.
 */
public final class CdkLogging implements ILoggingTool {

    private final Logger logger;
    private int level = WARN;

    private CdkLogging(Class<?> source) {
        this.logger = System.getLogger(source.getName());
    }

    /** Makes CDK create its loggers here; affects classes whose logger is created afterwards (at class load). */
    public static void install() {
        if (LoggingToolFactory.getLoggingToolClass() != CdkLogging.class) {
            LoggingToolFactory.setLoggingToolClass(CdkLogging.class);
        }
    }

    /** Called by {@link LoggingToolFactory} by reflection. */
    public static ILoggingTool create(Class<?> source) {
        return new CdkLogging(source);
    }

    private void log(Level at, Object message, Object... more) {
        if (logger.isLoggable(at)) {
            logger.log(at, more.length == 0 ? String.valueOf(message) : message + " " + Arrays.toString(more));
        }
    }

    @Override
    public void dumpSystemProperties() {}

    @Override
    public void setStackLength(int length) {}

    @Override
    public void dumpClasspath() {}

    @Override
    public void debug(Object message) {
        log(Level.TRACE, message);
    }

    @Override
    public void debug(Object message, Object... more) {
        log(Level.TRACE, message, more);
    }

    @Override
    public void error(Object message) {
        log(Level.DEBUG, message);
    }

    @Override
    public void error(Object message, Object... more) {
        log(Level.DEBUG, message, more);
    }

    @Override
    public void fatal(Object message) {
        log(Level.DEBUG, message);
    }

    @Override
    public void info(Object message) {
        log(Level.TRACE, message);
    }

    @Override
    public void info(Object message, Object... more) {
        log(Level.TRACE, message, more);
    }

    @Override
    public void warn(Object message) {
        log(Level.DEBUG, message);
    }

    @Override
    public void warn(Object message, Object... more) {
        log(Level.DEBUG, message, more);
    }

    @Override
    public boolean isDebugEnabled() {
        return logger.isLoggable(Level.TRACE);
    }

    @Override
    public void setLevel(int level) {
        this.level = level;
    }

    @Override
    public int getLevel() {
        return level;
    }
}
