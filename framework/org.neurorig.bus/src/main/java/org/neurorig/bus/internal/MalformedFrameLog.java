package org.neurorig.bus.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs dropped messages at most once per reason per interval, with the number suppressed since, so
 * that a client spraying garbage cannot flood the host's log. Used by one thread.
 */
public final class MalformedFrameLog {
    private final Logger log;
    private final String where;
    private final long intervalNanos;
    private final Map<String, long[]> lastAndSuppressed = new HashMap<>();

    /**
     * @param where         named in each line, e.g. the proxy's endpoints
     * @param intervalNanos quiet time per reason after a line is logged
     */
    public MalformedFrameLog(Logger log, String where, long intervalNanos) {
        this.log = log;
        this.where = where;
        this.intervalNanos = intervalNanos;
    }

    /** Notes one dropped message; logs it unless this reason was logged within the interval. */
    public void dropped(String reason, String message, long nowNanos) {
        long[] state = lastAndSuppressed.get(reason);
        if (state == null) {
            state = new long[] {nowNanos - intervalNanos, 0};
            lastAndSuppressed.put(reason, state);
        }
        if (nowNanos - state[0] < intervalNanos) {
            state[1]++;
            return;
        }
        long suppressed = state[1];
        state[0] = nowNanos;
        state[1] = 0;
        if (log.isLoggable(Level.WARNING)) {
            log.log(Level.WARNING, "{0}: dropped a message ({1}): {2}{3}", new Object[] {
                where, reason, message, suppressed == 0 ? "" : " (" + suppressed + " more of this kind not logged)"
            });
        }
    }
}
