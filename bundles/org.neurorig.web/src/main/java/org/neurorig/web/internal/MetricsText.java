package org.neurorig.web.internal;

import java.util.Locale;
import java.util.Map;
import org.neurorig.api.NodeStatus;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RunSnapshot;
import org.neurorig.runtime.StreamMetrics;

/** A run's metrics in the Prometheus text exposition format (version 0.0.4). */
final class MetricsText {
    private final StringBuilder sb = new StringBuilder(4096);

    static String format(RunSnapshot s, boolean acquiring, long liveClients, long framesPublished, long framesDropped) {
        MetricsText m = new MetricsText();
        m.gauge("neurorig_acquiring", "1 while a pipeline runs", acquiring ? 1 : 0);
        m.gauge("neurorig_web_live_clients", "browsers connected to /api/live", liveClients);
        m.counter("neurorig_web_frames_published_total", "view frames handed to the browsers", framesPublished);
        m.counter("neurorig_web_frames_dropped_total", "view frames a slow browser did not get", framesDropped);
        if (s == null) {
            return m.sb.toString();
        }
        m.gauge("neurorig_run_elapsed_seconds", "time since acquisition started", s.elapsedNanos() / 1e9);
        m.counter("neurorig_bus_forwarded_total", "messages the bus proxy passed on", s.busForwarded());
        m.header("neurorig_bus_malformed_total", "counter", "messages the bus proxy rejected, by reason");
        for (Map.Entry<String, Long> e : s.busMalformed().entrySet()) {
            m.sample("neurorig_bus_malformed_total", "reason", e.getKey(), e.getValue());
        }
        String[][] streamMetrics = {
            {"neurorig_stream_blocks_total", "counter", "blocks published"},
            {"neurorig_stream_samples_total", "counter", "samples (rows, items) published"},
            {"neurorig_stream_gaps_total", "counter", "missing blocks and unflagged sample jumps seen by consumers"},
            {"neurorig_stream_drops_total", "counter", "blocks not delivered to live or stalled consumers"},
            {"neurorig_stream_sample_rate_hertz", "gauge", "declared sample rate"}
        };
        for (String[] def : streamMetrics) {
            m.header(def[0], def[1], def[2]);
            for (StreamMetrics st : s.streams()) {
                double v =
                        switch (def[0]) {
                            case "neurorig_stream_blocks_total" -> st.blocks();
                            case "neurorig_stream_samples_total" -> st.samples();
                            case "neurorig_stream_gaps_total" -> st.gaps();
                            case "neurorig_stream_drops_total" -> st.drops();
                            default -> st.sampleRate();
                        };
                m.sample(def[0], "stream", st.name(), v);
            }
        }
        // a summary's quantiles are over a recent window (Prometheus convention): the last 5–10 s
        m.header(
                "neurorig_stream_hop_latency_microseconds",
                "summary",
                "publish-to-receive latency over the stream's consumers, last 5-10 s");
        for (StreamMetrics st : s.streams()) {
            m.quantile("neurorig_stream_hop_latency_microseconds", st.name(), "0.5", st.recentHopP50Micros());
            m.quantile("neurorig_stream_hop_latency_microseconds", st.name(), "0.99", st.recentHopP99Micros());
        }
        String[][] nodeMetrics = {
            {"neurorig_node_process_mean_microseconds", "gauge", "mean duration of a call"},
            {"neurorig_node_blocks_in_total", "counter", "blocks handed to the node"},
            {"neurorig_node_errors_total", "counter", "calls that threw"},
            {"neurorig_node_restarts_total", "counter", "re-prepares after an error"},
            {"neurorig_node_overruns_total", "counter", "calls longer than the budget"},
            {"neurorig_node_swaps_total", "counter", "hot-swaps"}
        };
        for (String[] def : nodeMetrics) {
            m.header(def[0], def[1], def[2]);
            for (NodeMetrics n : s.nodes()) {
                double v =
                        switch (def[0]) {
                            case "neurorig_node_process_mean_microseconds" -> n.meanProcessMicros();
                            case "neurorig_node_blocks_in_total" -> n.blocksIn();
                            case "neurorig_node_errors_total" -> n.errors();
                            case "neurorig_node_restarts_total" -> n.restarts();
                            case "neurorig_node_overruns_total" -> n.overruns();
                            default -> n.swaps();
                        };
                m.sample(def[0], "node", n.name(), v);
            }
        }
        m.header("neurorig_node_status", "gauge", "1 for the node's current status");
        for (NodeMetrics n : s.nodes()) {
            for (NodeStatus st : NodeStatus.values()) {
                m.sb.append("neurorig_node_status{node=\"")
                        .append(escape(n.name()))
                        .append("\",type=\"")
                        .append(escape(n.type()))
                        .append("\",status=\"")
                        .append(st.name())
                        .append("\"} ")
                        .append(n.status() == st ? 1 : 0)
                        .append('\n');
            }
        }
        return m.sb.toString();
    }

    private void header(String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void gauge(String name, String help, double v) {
        header(name, "gauge", help);
        sb.append(name).append(' ').append(number(v)).append('\n');
    }

    private void counter(String name, String help, double v) {
        header(name, "counter", help);
        sb.append(name).append(' ').append(number(v)).append('\n');
    }

    private void sample(String name, String label, String value, double v) {
        sb.append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(escape(value))
                .append("\"} ")
                .append(number(v))
                .append('\n');
    }

    private void quantile(String name, String stream, String q, double v) {
        sb.append(name)
                .append("{stream=\"")
                .append(escape(stream))
                .append("\",quantile=\"")
                .append(q)
                .append("\"} ")
                .append(number(v))
                .append('\n');
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
