package org.neurorig.runtime.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.neurorig.api.NodeStatus;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RunHandle;
import org.neurorig.runtime.RunSnapshot;
import org.neurorig.runtime.StreamMetrics;

/**
 * The once-per-second status line: per-stream rate measured since the previous line, gaps, drops,
 * hop latency over the last 5–10 s (the start-up's class loading and JIT would otherwise stay in
 * the p99 for the whole run), the nodes that are not OK, and {@code INSECURE bus} while the bus is
 * plaintext off loopback.
 */
final class StatusLine {
    private final Map<String, Long> lastSamples = new HashMap<>();
    private final boolean insecureBus;
    private long lastNanos;

    StatusLine() {
        this(false);
    }

    /** @param insecureBus the host's bus is plaintext off loopback ({@code --insecure}) */
    StatusLine(boolean insecureBus) {
        this.insecureBus = insecureBus;
    }

    /** The status line of {@code run}'s host. */
    static StatusLine of(RunHandle run) {
        return new StatusLine(run instanceof Run r && r.plaintextBus());
    }

    String format(RunSnapshot s) {
        StringBuilder b = new StringBuilder();
        double dt = (s.elapsedNanos() - lastNanos) / 1e9;
        lastNanos = s.elapsedNanos();
        b.append(String.format(Locale.ROOT, "[%6.1fs]", s.elapsedNanos() / 1e9));
        long gaps = 0;
        long drops = 0;
        double p50 = 0;
        double p99 = 0;
        for (StreamMetrics m : s.streams()) {
            long prev = lastSamples.getOrDefault(m.name(), 0L);
            lastSamples.put(m.name(), m.samples());
            double rate = dt > 0 ? (m.samples() - prev) / dt : 0;
            b.append(" | ").append(m.name()).append(' ').append(rate(rate));
            gaps += m.gaps();
            drops += m.drops();
            p50 = Math.max(p50, m.recentHopP50Micros());
            p99 = Math.max(p99, m.recentHopP99Micros());
        }
        b.append(
                String.format(Locale.ROOT, " | gaps %d drops %d | hop p50 %.0f µs p99 %.0f µs", gaps, drops, p50, p99));
        int ok = 0;
        StringBuilder bad = new StringBuilder();
        for (NodeMetrics n : s.nodes()) {
            if (n.status() == NodeStatus.OK) {
                ok++;
            } else {
                bad.append(" | ").append(n.name()).append(' ').append(n.status());
                if (!n.message().isEmpty()) {
                    bad.append(" (").append(n.message()).append(')');
                }
            }
            if (n.errors() > 0) {
                bad.append(" | ").append(n.name()).append(" errors ").append(n.errors());
            }
        }
        b.append(" | nodes OK ").append(ok).append('/').append(s.nodes().size()).append(bad);
        if (insecureBus) {
            b.append(" | INSECURE bus (plaintext off loopback)");
        }
        return b.toString();
    }

    private static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f MS/s", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1f kS/s", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f S/s", perSecond);
    }
}
