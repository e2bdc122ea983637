package org.neurorig.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record for the log file under {@code logs/} ({@code conf/logging.properties}): the
 * console's line with the date and milliseconds in front, since a service's log spans days.
 * {@code java.util.logging.SimpleFormatter} has one format for every handler, and the console's
 * stays as it is.
 */
public final class LogFileFormatter extends Formatter {
    @Override
    public String format(LogRecord r) {
        String thrown = "";
        if (r.getThrown() != null) {
            StringWriter w = new StringWriter();
            PrintWriter pw = new PrintWriter(w);
            pw.println();
            r.getThrown().printStackTrace(pw);
            pw.close();
            thrown = w.toString();
        }
        return String.format(
                "%1$tF %1$tT.%1$tL %2$s %3$s: %4$s%5$s%n",
                ZonedDateTime.ofInstant(r.getInstant(), ZoneId.systemDefault()),
                r.getLevel().getName(),
                r.getLoggerName(),
                formatMessage(r),
                thrown);
    }
}
