package org.neurorig.net.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.neurorig.api.Kind;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.Pipeline;
import org.neurorig.config.Placement;

/**
 * Splits a pipeline whose file places nodes on hosts into one pipeline file per host. Each stream
 * that a node on another host reads becomes an edge: a {@code net.send} node on the producing host
 * and a {@code net.receive} node on the consuming one, whose output the consumers there read
 * instead. One edge per stream and consuming host, however many nodes there read it.
 *
 * <p>The files are written one node per line (a JSON value is YAML), so an error a host reports at
 * a line of its file names the node, and through it the line of the original file.
 */
final class PipelineSplit {
    /** The coordinator's part, in {@link #parts()}; other parts are keyed by host name. */
    static final String COORDINATOR = "";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What an edge to live readers only keeps for a receiver that is away: enough to bridge a blip,
     * not seconds of backlog for a view to replay.
     */
    static final int LIVE_BUFFER_BLOCKS = 64;

    /** One stream carried between two hosts. */
    record Edge(String stream, String fromHost, String toHost, String endpoint, String sender, String receiver) {}

    private final Map<String, StringBuilder> parts = new LinkedHashMap<>();
    /** Per part, the node of each line (1-based; 0 and the header lines map to nothing). */
    private final Map<String, List<String>> lineNodes = new LinkedHashMap<>();

    private final List<Edge> edges = new ArrayList<>();
    /** Per stream and reading host: true when every reader there takes it live. */
    private final Map<String, Boolean> liveOnly = new LinkedHashMap<>();

    /**
     * @param whole            the validated pipeline
     * @param coordinatorAddress the address this host is reached at from a given host (for edges that
     *                         leave the coordinator)
     * @param coordinatorPort  this host's control port (its own {@code neurorig.control}, else the
     *                         default): edges leaving it use the ports after it, as a host's do
     */
    PipelineSplit(Pipeline whole, Function<String, String> coordinatorAddress, int coordinatorPort) {
        Placement placement = whole.placement();
        List<String> hosts = new ArrayList<>();
        hosts.add(COORDINATOR);
        hosts.addAll(placement.hosts().keySet());
        for (String h : hosts) {
            StringBuilder b = new StringBuilder();
            b.append("name: ")
                    .append(json(whole.name() + (h.isEmpty() ? "" : "@" + h)))
                    .append('\n');
            b.append("nodes:\n");
            parts.put(h, b);
            List<String> lines = new ArrayList<>();
            lines.add(null);
            lines.add(null);
            lines.add(null);
            lineNodes.put(h, lines);
        }
        Map<String, Edge> byStreamAndHost = new LinkedHashMap<>();
        Map<String, NodeSpec> producers = new LinkedHashMap<>();
        whole.nodes().forEach(n -> n.outputs().forEach(o -> producers.put(o, n)));
        // an edge whose readers on its host are all live (views) keeps only a short backlog
        for (NodeSpec n : whole.nodes()) {
            String here = placement.hostOf(n.name()).orElse(COORDINATOR);
            boolean live = "live".equalsIgnoreCase(n.type().delivery());
            n.inputs().forEach(s -> liveOnly.merge(s + " " + here, live, Boolean::logicalAnd));
        }
        for (NodeSpec n : whole.nodes()) {
            String here = placement.hostOf(n.name()).orElse(COORDINATOR);
            List<String> inputs = new ArrayList<>();
            for (String stream : n.inputs()) {
                NodeSpec p = producers.get(stream);
                String there = placement.hostOf(p.name()).orElse(COORDINATOR);
                if (there.equals(here)) {
                    inputs.add(stream);
                    continue;
                }
                Edge e = byStreamAndHost.get(stream + " " + here);
                if (e == null) {
                    e = edge(placement, p, stream, there, here, coordinatorAddress, coordinatorPort);
                    byStreamAndHost.put(stream + " " + here, e);
                }
                inputs.add(e.receiver() + ".out");
            }
            node(here, n.name(), n.type().name(), inputs, n.config());
        }
    }

    private Edge edge(
            Placement placement,
            NodeSpec producer,
            String stream,
            String from,
            String to,
            Function<String, String> coordinatorAddress,
            int coordinatorPort) {
        int index = edges.size();
        String address = from.isEmpty() ? coordinatorAddress.apply(to) : placement.address(from);
        int basePort = from.isEmpty() ? coordinatorPort : placement.controlPort(from);
        String endpoint = "tcp://" + address + ":" + (basePort + 1 + index);
        String port = stream.substring(stream.indexOf('.') + 1);
        String sender = "net-" + producer.name() + "-" + port + "-to-" + hostName(to);
        String receiver = "net-" + producer.name() + "-" + port + "-from-" + hostName(from);
        int o = producer.outputs().indexOf(stream);
        Kind kind = producer.outputKinds().get(o);
        double rate = producer.outputRates().get(o);
        Map<String, Object> send = new LinkedHashMap<>();
        send.put("bind", endpoint);
        send.put("peer", hostName(to));
        if (liveOnly.getOrDefault(stream + " " + to, false)) {
            send.put("bufferBlocks", LIVE_BUFFER_BLOCKS);
        }
        node(from, sender, "net.send", List.of(stream), send);
        Map<String, Object> receive = new LinkedHashMap<>();
        receive.put("connect", endpoint);
        receive.put("peer", hostName(from));
        receive.put("kind", kind.name());
        receive.put("rate", Double.isNaN(rate) ? 0.0 : rate);
        node(to, receiver, "net.receive", List.of(), receive);
        Edge e = new Edge(stream, from, to, endpoint, sender, receiver);
        edges.add(e);
        return e;
    }

    /** The coordinator as a peer's name in generated nodes and key files. */
    static String hostName(String host) {
        return host.isEmpty() ? "coordinator" : host;
    }

    private void node(String host, String name, String type, List<String> inputs, Map<String, Object> config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        if (!inputs.isEmpty()) {
            body.put("in", inputs);
        }
        if (!config.isEmpty()) {
            body.put("config", config);
        }
        parts.get(host)
                .append("  ")
                .append(json(name))
                .append(": ")
                .append(json(body))
                .append('\n');
        lineNodes.get(host).add(name);
    }

    private static String json(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + v + " into a pipeline file: " + e.getMessage(), e);
        }
    }

    /** Each host's pipeline file; the coordinator's under {@link #COORDINATOR}. A host without nodes has none. */
    Map<String, String> parts() {
        Map<String, String> out = new LinkedHashMap<>();
        parts.forEach((h, b) -> {
            if (lineNodes.get(h).size() > 3) {
                out.put(h, b.toString());
            }
        });
        return out;
    }

    /** The node at {@code line} of {@code host}'s file, or null for a header line. */
    String nodeAt(String host, int line) {
        List<String> lines = lineNodes.get(host);
        return lines == null || line < 0 || line >= lines.size() ? null : lines.get(line);
    }

    List<Edge> edges() {
        return List.copyOf(edges);
    }
}
