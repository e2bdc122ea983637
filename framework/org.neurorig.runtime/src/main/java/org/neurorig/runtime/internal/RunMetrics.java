package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.BusProxy;
import org.neurorig.bus.Edge;
import org.neurorig.bus.InputPort;
import org.neurorig.bus.LatencyHistogram;
import org.neurorig.bus.SeqTracker;
import org.neurorig.bus.StreamPublisher;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RunSnapshot;
import org.neurorig.runtime.StreamMetrics;

/**
 * A run's figures at one moment: each node's, and each stream's as its publisher counted it and as
 * its consumers received it (gaps, drops, hop latency and acquisition age, the worst consumer's).
 */
final class RunMetrics {
    private RunMetrics() {}

    static RunSnapshot snapshot(RunWiring wiring, long startNanos, BusProxy proxy) {
        List<NodeMetrics> nodes = new ArrayList<>();
        List<StreamMetrics> streams = new ArrayList<>();
        for (NodeRunner<?> r : wiring.runners()) {
            nodes.add(r.metrics());
            RunnerEmitter em = r.emitter();
            for (int i = 0; em != null && i < em.ports(); i++) {
                streams.add(stream(wiring, r.outputs().get(i), em.publisher(i)));
            }
        }
        long t = startNanos == 0 ? 0 : System.nanoTime() - startNanos;
        return new RunSnapshot(
                t,
                List.copyOf(nodes),
                List.copyOf(streams),
                proxy == null ? 0 : proxy.forwarded(),
                proxy == null ? Map.of() : Map.copyOf(proxy.malformedByReason()));
    }

    private static StreamMetrics stream(RunWiring wiring, StreamSpec s, StreamPublisher p) {
        long blocks = p == null ? 0 : p.published();
        long samples = p == null ? 0 : p.samples();
        long gaps = 0;
        long drops = 0;
        double p50 = 0;
        double p99 = 0;
        double age50 = 0;
        double age99 = 0;
        double recent50 = 0;
        double recent99 = 0;
        double p999 = 0;
        for (Edge e : wiring.edgesOf(s.name())) {
            drops += e.dropped();
            NodeRunner<?> c = wiring.runner(e.consumer());
            InputPort port = c == null ? null : c.port();
            if (port == null) {
                continue;
            }
            int idx = c.inputs().indexOf(s);
            if (idx < 0) {
                continue;
            }
            drops += c.lostAtStop(idx);
            SeqTracker t = port.tracker(idx);
            gaps += t.missingBlocks() + t.sampleGaps();
            LatencyHistogram h = port.hopLatency(idx);
            p50 = Math.max(p50, h.quantileNanos(0.5) / 1e3);
            p99 = Math.max(p99, h.quantileNanos(0.99) / 1e3);
            p999 = Math.max(p999, h.quantileNanos(0.999) / 1e3);
            recent50 = Math.max(recent50, h.recentQuantileNanos(0.5) / 1e3);
            recent99 = Math.max(recent99, h.recentQuantileNanos(0.99) / 1e3);
            LatencyHistogram a = port.acquisitionLatency(idx);
            age50 = Math.max(age50, a.quantileNanos(0.5) / 1e3);
            age99 = Math.max(age99, a.quantileNanos(0.99) / 1e3);
        }
        return new StreamMetrics(
                s.name(),
                s.kind(),
                s.sampleRate(),
                blocks,
                samples,
                gaps,
                drops,
                p50,
                p99,
                age50,
                age99,
                recent50,
                recent99,
                p999);
    }
}
