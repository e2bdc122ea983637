package org.neurorig.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.ParamDef;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineParser;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RigRuntime;
import org.neurorig.runtime.RunHandle;
import org.neurorig.runtime.RunOptions;
import org.neurorig.runtime.RunSnapshot;
import org.neurorig.runtime.StreamMetrics;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What the API and the page do to the rig, in the runtime's terms: the Open Ephys modes (IDLE =
 * nothing runs, ACQUIRE = the pipeline runs, RECORD = it runs and contains a recorder: a node whose
 * type has role {@code recorder}),
 * the loaded pipeline (the one running or last run, or one put while idle), node parameters as live
 * reconfiguration, recording settings and operator messages.
 */
@Component(service = RigControl.class)
public final class RigControl {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGES_KEPT = 100;

    @Reference
    private RigRuntime runtime;

    @Reference
    private NodeTypeCatalog catalog;

    @Reference
    private LiveHub hub;

    @Reference
    private WebServer server;

    private Pipeline loaded;
    private String parentDirectory = "";
    private String baseText = "";
    private String prependText = "";
    private String appendText = "";
    private final Deque<Map<String, Object>> messages = new ArrayDeque<>();
    private RunSnapshot lastSnapshot;
    private long lastSnapshotNanos;
    private final Map<String, Double> liveRates = new LinkedHashMap<>();

    // ---- modes ----

    synchronized String mode() {
        Optional<RunHandle> run = live();
        if (run.isEmpty()) {
            return "IDLE";
        }
        return hasRecorder(run.get().pipeline()) || run.get().liveRecorder().isPresent() ? "RECORD" : "ACQUIRE";
    }

    /**
     * Changes the mode; answers the mode reached. As in Open Ephys, RECORD starts recording without
     * restarting acquisition (a recorder joins the running pipeline) and ACQUIRE stops it again.
     */
    synchronized String setMode(String mode) throws ApiError {
        if (mode == null) {
            throw new ApiError(400, "missing mode", "expected {\"mode\": \"IDLE\" | \"ACQUIRE\" | \"RECORD\"}");
        }
        switch (mode.toUpperCase(Locale.ROOT)) {
            case "IDLE" -> stopRun();
            case "ACQUIRE" -> {
                Optional<RunHandle> run = live();
                if (run.isPresent() && run.get().liveRecorder().isPresent()) {
                    stopLiveRecording(run.get());
                } else if (run.isPresent() && hasRecorder(run.get().pipeline())) {
                    throw new ApiError(
                            409,
                            "cannot stop recording alone",
                            "the recorder is a node of pipeline '"
                                    + run.get().pipeline().name()
                                    + "': set IDLE to stop, or put a pipeline without a recorder node");
                }
                startLoaded();
            }
            case "RECORD" -> {
                startLoaded();
                RunHandle run = live().orElseThrow(() -> new ApiError(409, "no pipeline", "nothing is running"));
                if (!hasRecorder(run.pipeline()) && run.liveRecorder().isEmpty()) {
                    String dir = parentDirectory == null || parentDirectory.isBlank()
                            ? server.home().resolve("recordings").toString()
                            : parentDirectory;
                    server.directories().check("the recording folder", dir);
                    try {
                        run.startRecording(dir);
                    } catch (RigException e) {
                        throw new ApiError(409, "cannot record", e.getMessage());
                    }
                }
            }
            default -> throw new ApiError(400, "unknown mode", "'" + mode + "' is not one of IDLE, ACQUIRE, RECORD");
        }
        return mode();
    }

    private static void stopLiveRecording(RunHandle run) throws ApiError {
        try {
            run.stopRecording();
        } catch (RigException e) {
            throw new ApiError(409, "cannot stop recording", e.getMessage());
        }
    }

    private void startLoaded() throws ApiError {
        if (live().isPresent()) {
            return;
        }
        Pipeline p = current();
        if (p == null) {
            throw new ApiError(409, "no pipeline", "nothing to start: load one with PUT /api/pipeline");
        }
        try {
            runtime.start(p, RunOptions.defaults());
        } catch (RigException e) {
            throw new ApiError(409, "could not start", e.getMessage());
        }
    }

    private void stopRun() throws ApiError {
        Optional<RunHandle> run = live();
        if (run.isPresent()) {
            try {
                run.get().stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiError(503, "interrupted", "stopping was interrupted; the run may still be draining");
            }
        }
    }

    // ---- pipeline ----

    /**
     * The pipeline running, or last run, or loaded while idle; null when none. Of a rig over hosts,
     * the whole file (started again as a whole), not this host's part.
     */
    synchronized Pipeline current() {
        Optional<RunHandle> run = runtime.current();
        if (run.isPresent() && (loaded == null || !run.get().ended())) {
            return run.get().started();
        }
        return loaded;
    }

    /** {@code yaml} checked as a pipeline file, with every error at its line and column; changes nothing. */
    PipelineValidation validate(String yaml) {
        return PipelineValidation.check(new PipelineParser(catalog), yaml);
    }

    /** The pipeline files saved under the distribution's {@code conf/pipelines/}. */
    SavedPipelines saved() {
        return new SavedPipelines(server.home().resolve("conf").resolve("pipelines"));
    }

    /**
     * What {@code PUT /api/pipeline} did.
     *
     * @param applied {@code loaded} (nothing ran: it starts with the next ACQUIRE), {@code live} (the
     *                difference was applied to the running pipeline; every other node went on), or
     *                {@code restart} (the running pipeline was stopped and the new one started)
     * @param changes what differs from the pipeline in place ({@link PipelineChanges}); null when none was
     */
    record Replaced(String mode, String applied, Map<String, Object> changes) {}

    /**
     * Validates {@code yaml}; when a pipeline runs, applies the difference live if it can (sinks
     * added or removed, keys changed: nothing else stops), else restarts with it. If the new pipeline
     * cannot start, the previous one is started again and the error says why: the rig is never left
     * half-changed.
     */
    synchronized Replaced replacePipeline(String yaml) throws ApiError {
        PipelineValidation v = validate(yaml);
        if (!v.valid()) {
            throw v.refusal();
        }
        Pipeline next = v.pipeline();
        Pipeline before = current();
        checkPaths(next, before);
        Map<String, Object> changes = before == null ? null : PipelineChanges.between(before, next);
        Optional<RunHandle> run = live();
        if (run.isEmpty()) {
            loaded = next;
            return new Replaced(mode(), "loaded", changes);
        }
        try {
            if (run.get().applyLive(next)) {
                loaded = next;
                // sinks added/removed and keys changed; nothing else was stopped
                return new Replaced(mode(), "live", changes);
            }
        } catch (RigException e) {
            throw new ApiError(409, "could not apply live", e.getMessage());
        }
        Pipeline previous = run.get().pipeline();
        stopRun();
        try {
            runtime.start(next, RunOptions.defaults());
            loaded = next;
        } catch (RigException e) {
            try {
                runtime.start(previous, RunOptions.defaults());
            } catch (RigException again) {
                loaded = previous;
                throw new ApiError(
                        409,
                        "could not start",
                        e.getMessage() + "; restarting the previous pipeline failed too: " + again.getMessage());
            }
            throw new ApiError(409, "could not start", e.getMessage() + "; the previous pipeline runs again");
        }
        return new Replaced(mode(), "restart", changes);
    }

    /**
     * Refuses a pipeline from the API that names a path outside the allowed folders. A value the
     * pipeline in place already has for the same node of the same type is no new path: the operator
     * chose it (on the command line) or it was checked when it came.
     */
    private void checkPaths(Pipeline next, Pipeline before) throws ApiError {
        for (NodeSpec n : next.nodes()) {
            NodeSpec old = before == null ? null : before.node(n.name()).orElse(null);
            for (String key : n.type().pathKeys()) {
                Object v = n.config().get(key);
                boolean unchanged = old != null
                        && old.type().name().equals(n.type().name())
                        && Objects.equals(old.config().get(key), v);
                if (!unchanged) {
                    checkPath(n, key, v);
                }
            }
        }
    }

    /** A path key's value, or each of a list's; empty means "no file" for the keys that allow it. */
    private void checkPath(NodeSpec n, String key, Object value) throws ApiError {
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                checkPath(n, key, o);
            }
        } else if (value != null && !value.toString().isBlank()) {
            server.directories()
                    .check(
                            "node '" + n.name() + "' key '" + key + "'",
                            value.toString().trim());
        }
    }

    // ---- processors (pipeline nodes) ----

    /** Open Ephys numbers processors from 100; here in pipeline order. */
    synchronized List<Map<String, Object>> processors() {
        Pipeline p = current();
        List<Map<String, Object>> list = new ArrayList<>();
        if (p == null) {
            return list;
        }
        Map<String, NodeMetrics> metrics = new LinkedHashMap<>();
        live().ifPresent(r -> r.snapshot().nodes().forEach(n -> metrics.put(n.name(), n)));
        for (int i = 0; i < p.nodes().size(); i++) {
            NodeSpec n = p.nodes().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", 100 + i);
            m.put("name", n.name());
            m.put("type", n.type().name());
            m.put("role", n.type().role().name());
            m.put("inputs", n.inputs());
            m.put("outputs", n.outputs());
            NodeMetrics nm = metrics.get(n.name());
            // a node another host runs: its state is that host's (/api/hosts), not stopped here
            String host = p.placement().hostOf(n.name()).orElse(null);
            m.put("host", host);
            m.put("status", nm != null ? nm.status().name() : host != null ? "REMOTE" : "STOPPED");
            m.put("message", nm == null || nm.message() == null ? "" : nm.message());
            m.put("blocksIn", nm == null ? 0 : nm.blocksIn());
            m.put("errors", nm == null ? 0 : nm.errors());
            m.put("meanProcessMicros", nm == null ? 0.0 : round(nm.meanProcessMicros()));
            list.add(m);
        }
        return list;
    }

    /** The node with Open Ephys id {@code id} (100, 101, …) or that name. */
    synchronized NodeSpec node(String id) throws ApiError {
        Pipeline p = current();
        if (p == null) {
            throw new ApiError(404, "unknown processor", "no pipeline is loaded");
        }
        try {
            int i = Integer.parseInt(id) - 100;
            if (i >= 0 && i < p.nodes().size()) {
                return p.nodes().get(i);
            }
        } catch (NumberFormatException e) {
            // a node name
        }
        return p.node(id)
                .orElseThrow(() -> new ApiError(
                        404,
                        "unknown processor",
                        "'" + id + "' is neither an id (100.." + (99 + p.nodes().size()) + ") nor a node of pipeline '"
                                + p.name() + "'"));
    }

    synchronized List<Map<String, Object>> parameters(NodeSpec n) {
        Map<String, Object> values = configuration(n);
        List<Map<String, Object>> list = new ArrayList<>();
        for (ParamDef d : n.type().params()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.key());
            m.put("type", d.type().name());
            m.put("value", values.get(d.key()));
            list.add(m);
        }
        return list;
    }

    synchronized Map<String, Object> parameter(NodeSpec n, String name) throws ApiError {
        for (Map<String, Object> p : parameters(n)) {
            if (p.get("name").equals(name)) {
                return p;
            }
        }
        throw new ApiError(
                404,
                "unknown parameter",
                "node '" + n.name() + "' (" + n.type().name()
                        + ") has no key '" + name + "'; keys: "
                        + n.type().params().stream().map(ParamDef::key).toList());
    }

    /** Reconfigures a running node's key (checked like the pipeline file), answering the new value. */
    synchronized Map<String, Object> setParameter(NodeSpec n, String name, Object value) throws ApiError {
        parameter(n, name);
        if (value == null) {
            throw new ApiError(400, "missing value", "expected {\"value\": ...}");
        }
        RunHandle run = live().orElseThrow(() -> new ApiError(
                409,
                "not acquiring",
                "parameters change on a running pipeline; start it first (PUT /api/status ACQUIRE)"));
        String text = value instanceof List<?> l
                ? String.join(",", l.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        if (n.type().pathKeys().contains(name)) {
            checkPath(n, name, value);
        }
        try {
            run.reconfigure(n.name(), name, text);
        } catch (RigException e) {
            throw new ApiError(400, "invalid value", e.getMessage());
        }
        return parameter(n, name);
    }

    private Map<String, Object> configuration(NodeSpec n) {
        Optional<RunHandle> run = live();
        if (run.isPresent()) {
            Map<String, Object> c = run.get().configuration(n.name());
            if (!c.isEmpty()) {
                return c;
            }
        }
        return n.config();
    }

    // ---- recording, messages ----

    synchronized Map<String, Object> recording() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parent_directory", parentDirectory);
        m.put("base_text", baseText);
        m.put("prepend_text", prependText);
        m.put("append_text", appendText);
        List<Map<String, Object>> nodes = new ArrayList<>();
        Pipeline p = current();
        if (p != null) {
            for (int i = 0; i < p.nodes().size(); i++) {
                NodeSpec n = p.nodes().get(i);
                if (isRecorder(n)) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("node_id", 100 + i);
                    r.put("name", n.name());
                    r.put("parent_directory", String.valueOf(configuration(n).getOrDefault("dir", "")));
                    nodes.add(r);
                }
            }
        }
        m.put("record_nodes", nodes);
        return m;
    }

    /**
     * Sets recording keys. {@code parent_directory} is applied to the running recorders' {@code dir}
     * key (validated first by the runtime); the texts are kept for the page and scripts.
     */
    synchronized Map<String, Object> setRecording(Map<String, Object> body) throws ApiError {
        for (String k : body.keySet()) {
            if (!List.of("parent_directory", "base_text", "prepend_text", "append_text", "start_new_directory")
                    .contains(k)) {
                throw new ApiError(
                        400,
                        "unknown key",
                        "'" + k + "' is not one of parent_directory, base_text, "
                                + "prepend_text, append_text, start_new_directory");
            }
            if (!(body.get(k) instanceof String) && !k.equals("start_new_directory")) {
                throw new ApiError(400, "invalid value", "'" + k + "' must be a string");
            }
        }
        Object dir = body.get("parent_directory");
        if (dir != null && !((String) dir).isBlank()) {
            server.directories().check("parent_directory", ((String) dir).trim());
        }
        if (dir != null) {
            Optional<RunHandle> run = live();
            if (run.isPresent()) {
                for (NodeSpec n : run.get().pipeline().nodes()) {
                    if (isRecorder(n)
                            && n.type().params().stream().anyMatch(d -> d.key().equals("dir"))) {
                        try {
                            run.get().reconfigure(n.name(), "dir", (String) dir);
                        } catch (RigException e) {
                            throw new ApiError(400, "invalid value", e.getMessage());
                        }
                    }
                }
            }
            parentDirectory = (String) dir;
        }
        baseText = (String) body.getOrDefault("base_text", baseText);
        prependText = (String) body.getOrDefault("prepend_text", prependText);
        appendText = (String) body.getOrDefault("append_text", appendText);
        return recording();
    }

    synchronized Map<String, Object> message(String text) throws ApiError {
        if (text == null || text.isBlank()) {
            throw new ApiError(400, "missing text", "expected {\"text\": \"...\"}");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text);
        m.put("time", Instant.now().toString());
        messages.addLast(m);
        while (messages.size() > MESSAGES_KEPT) {
            messages.removeFirst();
        }
        hub.broadcast("message", toJson(m));
        return m;
    }

    synchronized List<Map<String, Object>> messages() {
        return new ArrayList<>(messages);
    }

    // ---- streams and status ----

    synchronized Optional<RunSnapshot> snapshot() {
        return live().map(RunHandle::snapshot).or(() -> runtime.current().map(RunHandle::snapshot));
    }

    synchronized List<Map<String, Object>> streams() {
        Pipeline p = current();
        List<Map<String, Object>> list = new ArrayList<>();
        if (p == null) {
            return list;
        }
        Map<String, StreamMetrics> metrics = new LinkedHashMap<>();
        Optional<RunSnapshot> snap = runtime.current().map(RunHandle::snapshot);
        snap.ifPresent(s -> {
            updateRates(s);
            s.streams().forEach(st -> metrics.put(st.name(), st));
        });
        boolean running = live().isPresent();
        for (NodeSpec n : p.nodes()) {
            for (int i = 0; i < n.outputs().size(); i++) {
                String name = n.outputs().get(i);
                StreamMetrics st = metrics.get(name);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", name);
                m.put("source", n.name());
                m.put("kind", n.outputKinds().get(i).name());
                double declared = n.outputRates().get(i);
                m.put("sampleRate", st != null ? st.sampleRate() : Double.isNaN(declared) ? null : declared);
                m.put("rate", running ? round(liveRates.getOrDefault(name, 0.0)) : 0.0);
                m.put("blocks", st == null ? 0 : st.blocks());
                m.put("samples", st == null ? 0 : st.samples());
                m.put("gaps", st == null ? 0 : st.gaps());
                m.put("drops", st == null ? 0 : st.drops());
                m.put("hopP50Micros", st == null ? 0.0 : round(st.hopP50Micros()));
                m.put("hopP99Micros", st == null ? 0.0 : round(st.hopP99Micros()));
                m.put("recentHopP50Micros", st == null ? 0.0 : round(st.recentHopP50Micros()));
                m.put("recentHopP99Micros", st == null ? 0.0 : round(st.recentHopP99Micros()));
                list.add(m);
            }
        }
        return list;
    }

    /** Samples per second over the interval since the previous look (at least half a second). */
    private void updateRates(RunSnapshot s) {
        long now = System.nanoTime();
        if (lastSnapshot != null
                && now - lastSnapshotNanos < 500_000_000L
                && s.elapsedNanos() >= lastSnapshot.elapsedNanos()) {
            return;
        }
        if (lastSnapshot != null && s.elapsedNanos() > lastSnapshot.elapsedNanos()) {
            double dt = (s.elapsedNanos() - lastSnapshot.elapsedNanos()) / 1e9;
            Map<String, Long> before = new LinkedHashMap<>();
            lastSnapshot.streams().forEach(st -> before.put(st.name(), st.samples()));
            for (StreamMetrics st : s.streams()) {
                long prev = before.getOrDefault(st.name(), 0L);
                liveRates.put(st.name(), Math.max(0, st.samples() - prev) / dt);
            }
        } else {
            double dt = Math.max(1e-3, s.elapsedNanos() / 1e9);
            s.streams().forEach(st -> liveRates.put(st.name(), st.samples() / dt));
        }
        lastSnapshot = s;
        lastSnapshotNanos = now;
    }

    /** Everything the page shows, as one JSON object: mode, pipeline, nodes and streams. */
    synchronized String statusJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode());
        Pipeline p = current();
        m.put("pipeline", p == null ? null : p.name());
        m.put("processors", processors());
        m.put("streams", streams());
        m.put("liveClients", hub.clientCount());
        m.put("framesDropped", hub.framesDropped());
        return toJson(m);
    }

    // ---- helpers ----

    private Optional<RunHandle> live() {
        return runtime.current().filter(r -> !r.ended());
    }

    private static boolean hasRecorder(Pipeline p) {
        return p.nodes().stream().anyMatch(RigControl::isRecorder);
    }

    /** A node of a type with role recorder ({@code neurorig.roles}): the web never names a plugin's type. */
    private static boolean isRecorder(NodeSpec n) {
        return n.type().hasRole(NodeType.RECORDER);
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : 0.0;
    }

    static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
