package org.neurorig.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.Pipeline;
import org.neurorig.runtime.RemoteHosts;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The REST API under {@code /api} (docs/API.md): Open Ephys-compatible status, processors,
 * parameters, recording and message endpoints, plus pipeline, streams, bundles and metrics. Every
 * failure answers a 4xx/5xx JSON {@code {"error", "detail"}}; nothing is changed by a refused request.
 * Who may ask: {@link SameHostFilter} (host and origin) before this, the token here ({@link WebServer}).
 */
@Component(
        service = Servlet.class,
        property = {"osgi.http.whiteboard.servlet.pattern=/api/*", "osgi.http.whiteboard.servlet.name=neurorig-api"})
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ApiServlet.class.getName());
    private static final int MAX_BODY = 1 << 20;
    private static final List<String> VALIDATE = List.of("pipeline", "validate");

    @Reference
    private transient RigControl rig;

    @Reference
    private transient LiveHub hub;

    @Reference
    private transient WebServer server;

    /** The other hosts of a rig this host coordinates (the net bundle), when installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile RemoteHosts remote;

    private transient BundleDeployer bundles;

    @Activate
    void activate(BundleContext ctx) {
        bundles = new BundleDeployer(ctx);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/+"));
        try {
            // Validating a pipeline text changes nothing and tells nothing a read does not: a read for the
            // token (the Origin rule, SameHostFilter, still applies to it as to every POST).
            boolean mutating = !method.equals("GET")
                    && !method.equals("HEAD")
                    && !method.equals("OPTIONS")
                    && !parts.equals(VALIDATE);
            if (mutating && !server.authorized(req.getHeader("Authorization"))) {
                throw new ApiError(
                        401,
                        "unauthorized",
                        "this server listens on " + server.host()
                                + ": changes need the header 'Authorization: Bearer <token>' with the token of conf/web-token");
            }
            route(method, parts, req, resp);
        } catch (ApiError e) {
            drain(req);
            error(resp, e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "web: " + method + " " + path + " failed", e);
            drain(req);
            error(resp, new ApiError(500, "internal error", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /**
     * Reads what is left of a refused request's body (up to 1 MiB), so that the connection can carry
     * the client's next request: Jetty otherwise closes it after the answer, and a client that already
     * reuses it sees its next request fail.
     */
    static void drain(HttpServletRequest req) {
        try {
            BundleDeployer.readLimited(req.getInputStream(), MAX_BODY);
        } catch (IOException | ApiError | IllegalStateException e) {
            // too large, already read as text, or the client went away: Jetty closes the connection
        }
    }

    private void route(String method, List<String> p, HttpServletRequest req, HttpServletResponse resp)
            throws ApiError, IOException {
        String head = p.get(0);
        switch (head) {
            case "status" -> {
                if (p.size() != 1) {
                    throw notFound(p);
                }
                if (method.equals("PUT")) {
                    String mode = text(body(req), "mode");
                    json(resp, 200, Map.of("mode", rig.setMode(mode)));
                } else {
                    allow(method, "GET", "PUT");
                    json(resp, 200, Map.of("mode", rig.mode()));
                }
            }
            case "processors" -> processors(method, p, req, resp);
            case "recording" -> {
                if (method.equals("PUT")) {
                    JsonNode b = body(req);
                    if (!b.isObject()) {
                        throw new ApiError(400, "invalid body", "expected a JSON object");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = RigControl.JSON.convertValue(b, Map.class);
                    json(resp, 200, rig.setRecording(m));
                } else {
                    allow(method, "GET", "PUT");
                    json(resp, 200, rig.recording());
                }
            }
            case "message" -> {
                if (method.equals("PUT") || method.equals("POST")) {
                    json(resp, 200, rig.message(text(body(req), "text")));
                } else {
                    allow(method, "GET", "PUT");
                    json(resp, 200, Map.of("messages", rig.messages()));
                }
            }
            case "pipeline" -> pipeline(method, p, req, resp);
            case "pipelines" -> pipelines(method, p, req, resp);
            case "streams" -> {
                allow(method, "GET");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("streams", rig.streams());
                m.put("clocks", HostClocks.of(hosts()));
                json(resp, 200, m);
            }
            case "hosts" -> {
                allow(method, "GET");
                json(resp, 200, Map.of("hosts", hosts()));
            }
            case "bundles" -> {
                if (method.equals("POST") || method.equals("PUT")) {
                    if (!server.uploadAuthorized(req.getHeader("Authorization"))) {
                        throw new ApiError(
                                401,
                                "unauthorized",
                                "a bundle runs its code in this host: uploads need "
                                        + "the header 'Authorization: Bearer <token>' with the token of conf/web-token, on "
                                        + "loopback too (the framework property neurorig.web.uploadsWithoutToken=true lifts "
                                        + "that on loopback)");
                    }
                    byte[] jar = BundleDeployer.readLimited(req.getInputStream(), BundleDeployer.MAX_BYTES);
                    json(resp, 201, bundles.deploy(req.getParameter("name"), jar));
                } else {
                    allow(method, "GET", "POST");
                    json(resp, 200, Map.of("bundles", bundles.list()));
                }
            }
            case "metrics" -> {
                allow(method, "GET");
                resp.setStatus(200);
                resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
                String text = MetricsText.format(
                                rig.snapshot().orElse(null),
                                !rig.mode().equals("IDLE"),
                                hub.clientCount(),
                                hub.framesPublished(),
                                hub.framesDropped())
                        + HostClocks.metrics(HostClocks.of(hosts()));
                resp.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            }
            default -> throw notFound(p);
        }
    }

    /** Each host of the rig this host coordinates ({@link RemoteHosts#hosts}); empty when none. */
    private Map<String, Object> hosts() {
        RemoteHosts r = remote;
        return r == null ? Map.of() : r.hosts();
    }

    private void pipeline(String method, List<String> p, HttpServletRequest req, HttpServletResponse resp)
            throws ApiError, IOException {
        if (p.equals(VALIDATE)) {
            allow(method, "POST");
            json(resp, 200, rig.validate(yaml(req)).json());
            return;
        }
        if (p.size() != 1) {
            throw notFound(p);
        }
        if (method.equals("PUT")) {
            RigControl.Replaced r = rig.replacePipeline(yaml(req));
            Pipeline now = rig.current();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", now.name());
            m.put("nodes", now.nodes().size());
            m.put("mode", r.mode());
            m.put("applied", r.applied());
            m.put("changes", r.changes());
            json(resp, 200, m);
        } else {
            allow(method, "GET", "PUT");
            Pipeline now = rig.current();
            if (now == null) {
                throw new ApiError(404, "no pipeline", "none is loaded: PUT one (YAML) to /api/pipeline");
            }
            text(resp, now.text());
        }
    }

    /** Saved pipeline files: {@code /api/pipelines} lists them, {@code /api/pipelines/<name>} reads or writes one. */
    private void pipelines(String method, List<String> p, HttpServletRequest req, HttpServletResponse resp)
            throws ApiError, IOException {
        SavedPipelines saved = rig.saved();
        if (p.size() == 1) {
            allow(method, "GET");
            json(resp, 200, Map.of("pipelines", saved.names()));
        } else if (p.size() == 2) {
            String name = SavedPipelines.checkName(p.get(1));
            if (method.equals("PUT")) {
                String text = yaml(req);
                PipelineValidation v = rig.validate(text);
                if (!v.valid()) {
                    throw v.refusal(); // nothing is written
                }
                saved.write(name, text);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", name);
                m.put("pipeline", v.pipeline().name());
                m.put("bytes", text.getBytes(StandardCharsets.UTF_8).length);
                m.put("warnings", v.json().get("warnings"));
                json(resp, 200, m);
            } else {
                allow(method, "GET", "PUT");
                text(resp, saved.read(name));
            }
        } else {
            throw notFound(p);
        }
    }

    /** A pipeline file in the body: UTF-8 text, at most 1 MiB. */
    private static String yaml(HttpServletRequest req) throws ApiError, IOException {
        return new String(BundleDeployer.readLimited(req.getInputStream(), MAX_BODY), StandardCharsets.UTF_8);
    }

    private static void text(HttpServletResponse resp, String yaml) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/yaml; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private void processors(String method, List<String> p, HttpServletRequest req, HttpServletResponse resp)
            throws ApiError, IOException {
        if (p.size() == 1) {
            allow(method, "GET");
            json(resp, 200, Map.of("processors", rig.processors()));
            return;
        }
        NodeSpec n = rig.node(p.get(1));
        // Open Ephys also addresses parameters per stream: /processors/<id>/streams/<i>/parameters/<name>;
        // NeuroRig keys belong to the node, so the stream index is accepted and ignored.
        List<String> rest = p.subList(2, p.size());
        if (rest.size() >= 2 && rest.get(0).equals("streams")) {
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty()) {
            allow(method, "GET");
            Map<String, Object> m = new LinkedHashMap<>();
            m.putAll(rig.processors().get(indexOf(n)));
            m.put("parameters", rig.parameters(n));
            json(resp, 200, m);
        } else if (rest.get(0).equals("parameters") && rest.size() == 1) {
            allow(method, "GET");
            json(resp, 200, Map.of("id", 100 + indexOf(n), "name", n.name(), "parameters", rig.parameters(n)));
        } else if (rest.get(0).equals("parameters") && rest.size() == 2) {
            if (method.equals("PUT")) {
                JsonNode b = body(req);
                JsonNode v = b.get("value");
                if (v == null || v.isNull()) {
                    throw new ApiError(400, "missing value", "expected {\"value\": ...}");
                }
                Object value = v.isContainerNode()
                        ? RigControl.JSON.convertValue(v, Object.class)
                        : v.isTextual() ? v.asText() : v.toString();
                json(resp, 200, rig.setParameter(n, rest.get(1), value));
            } else {
                allow(method, "GET", "PUT");
                json(resp, 200, rig.parameter(n, rest.get(1)));
            }
        } else {
            throw notFound(p);
        }
    }

    private int indexOf(NodeSpec n) {
        return rig.current().nodes().indexOf(n);
    }

    private static void allow(String method, String... allowed) throws ApiError {
        for (String a : allowed) {
            if (a.equals(method) || (a.equals("GET") && method.equals("HEAD"))) {
                return;
            }
        }
        throw new ApiError(
                405, "method not allowed", method + " is not allowed here; use " + String.join(" or ", allowed));
    }

    private static ApiError notFound(List<String> p) {
        return new ApiError(404, "not found", "no endpoint /api/" + String.join("/", p) + " (see docs/API.md)");
    }

    /** The JSON body; Open Ephys clients send it without a content type. */
    private static JsonNode body(HttpServletRequest req) throws ApiError, IOException {
        byte[] data = BundleDeployer.readLimited(req.getInputStream(), MAX_BODY);
        if (data.length == 0) {
            throw new ApiError(400, "missing body", "expected a JSON object in the request body");
        }
        try {
            return RigControl.JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "invalid JSON", e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String key) throws ApiError {
        JsonNode v = body.get(key);
        if (v == null || !v.isTextual()) {
            throw new ApiError(400, "missing " + key, "expected {\"" + key + "\": \"...\"}");
        }
        return v.asText();
    }

    static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] data = RigControl.toJson(body).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(data.length);
        resp.getOutputStream().write(data);
    }

    static void error(HttpServletResponse resp, ApiError e) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", e.error);
        m.put("detail", e.getMessage());
        if (e.extra != null) {
            m.put("errors", e.extra);
        }
        m.putAll(e.more);
        json(resp, e.status, m);
    }
}
