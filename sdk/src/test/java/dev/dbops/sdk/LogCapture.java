package dev.dbops.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures, at every level, what the SDK logs through {@code System.getLogger("dev.dbops.sdk")},
 * which on a bare JDK (no SLF4J bridge on the test class path) lands in java.util.logging.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    private LogCapture() {
        logger = Logger.getLogger("dev.dbops.sdk");
        previousLevel = logger.getLevel();
        setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    static LogCapture start() {
        return new LogCapture();
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Every record as a line would be written: formatted message, level and any throwable with its stack trace. */
    synchronized List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (LogRecord r : records) {
            lines.add(r.getLevel() + " " + formatter.format(r));
        }
        return lines;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
