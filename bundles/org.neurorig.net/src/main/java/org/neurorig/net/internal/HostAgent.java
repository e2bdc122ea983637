package org.neurorig.net.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.neurorig.api.HostClock;
import org.neurorig.bus.clock.ClockEstimate;
import org.neurorig.bus.clock.ClockSync;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineError;
import org.neurorig.config.PipelineException;
import org.neurorig.config.PipelineParser;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RigRuntime;
import org.neurorig.runtime.RunHandle;
import org.neurorig.runtime.RunOptions;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * A host's side of the control channel: when the property {@code neurorig.control} names an endpoint
 * (e.g. {@code tcp://10.0.0.3:5572}), binds a ROUTER there and runs the part of a rig's pipeline
 * that a coordinator sends it, reports its status, and keeps estimating its clock's offset to the
 * coordinator's (the rig clock) while it has one.
 */
@Component(immediate = true)
public final class HostAgent {
    static final String PROPERTY = "neurorig.control";
    private static final Logger LOG = Logger.getLogger(HostAgent.class.getName());
    /**
     * A burst of clock exchanges ({@link ClockSync#BURST}, each sent when the previous answer came)
     * every 50 ms: on a busy host most exchanges meet a thread waiting for a core on one side only;
     * sixty a second give the minimum-delay filter enough that met none.
     */
    private static final long CLOCK_INTERVAL_NANOS = 50_000_000L;

    /** Exchanges the filter looks at: about 4 s of them, over which the clocks' drift is steady. */
    private static final int CLOCK_WINDOW = 256;

    @Reference
    private RigRuntime runtime;

    @Reference
    private NodeTypeCatalog catalog;

    @Reference
    private NetContext net;

    private volatile boolean running;
    private Thread thread;
    private final ClockSync clock = new ClockSync(CLOCK_WINDOW);
    /** Sender thread only. */
    private byte[] coordinator;

    private String runId;
    private long lastClock;
    /** Requests of the current burst still to send. */
    private int burstLeft;

    @Activate
    void activate(BundleContext ctx) {
        String endpoint = ctx.getProperty(PROPERTY);
        if (endpoint == null || endpoint.isBlank() || endpoint.trim().equalsIgnoreCase("none")) {
            return; // not a member of a rig over hosts
        }
        ZMQ.Socket s = net.control().zmq().createSocket(SocketType.ROUTER);
        s.setLinger(0);
        try {
            net.control().security().server(s, endpoint.trim());
            s.bind(endpoint.trim());
        } catch (RuntimeException e) {
            net.control().zmq().destroySocket(s);
            LOG.severe("cannot open the control endpoint " + endpoint + " (" + PROPERTY + "): " + e.getMessage());
            return;
        }
        LOG.info("control channel open at " + endpoint.trim());
        running = true;
        thread = new Thread(() -> loop(s), "neurorig-control");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(3000);
        }
    }

    private void loop(ZMQ.Socket s) {
        ZMQ.Poller poller = net.control().zmq().createPoller(1);
        poller.register(s, ZMQ.Poller.POLLIN);
        try {
            while (running) {
                poller.poll(10);
                byte[] id;
                while ((id = s.recv(ZMQ.DONTWAIT)) != null) {
                    List<byte[]> frames = new ArrayList<>();
                    while (s.hasReceiveMore()) {
                        frames.add(s.recv());
                    }
                    handle(s, id, frames);
                }
                long now = System.nanoTime();
                if (coordinator != null && now - lastClock > CLOCK_INTERVAL_NANOS) {
                    lastClock = now; // a burst whose answer never came is given up here
                    burstLeft = ClockSync.BURST;
                    askTime(s);
                }
            }
        } finally {
            poller.close();
            net.control().zmq().destroySocket(s);
        }
    }

    private void askTime(ZMQ.Socket s) {
        burstLeft--;
        s.send(coordinator, ZMQ.SNDMORE);
        s.send(ControlMessages.verb(ControlMessages.TIME), ZMQ.SNDMORE);
        s.send(clock.request(HostClock.nowNanos()), 0);
    }

    private void handle(ZMQ.Socket s, byte[] id, List<byte[]> frames) {
        long t4 = HostClock.nowNanos();
        String verb = frames.isEmpty() ? "" : ControlMessages.verb(frames.get(0));
        if (verb.equals(ControlMessages.TIME) && frames.size() == 2) {
            try {
                if (clock.onReply(frames.get(1), t4)) {
                    RigClock.offset(clock.estimate().offsetNanos());
                }
            } catch (IllegalArgumentException e) {
                LOG.fine("malformed clock reply ignored: " + e.getMessage());
            }
            if (burstLeft > 0 && coordinator != null) {
                askTime(s); // the next of the burst, while the path is awake
            }
            return;
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        try {
            Map<String, Object> body = frames.size() == 2 ? ControlMessages.body(frames.get(1)) : Map.of();
            switch (verb) {
                case ControlMessages.TYPES -> reply.put(
                        "types", catalog.all().stream().map(NodeType::name).toList());
                case ControlMessages.START -> start(id, body, reply);
                case ControlMessages.STOP -> stop(body, reply);
                case ControlMessages.STATUS -> status(reply);
                default -> reply.put("error", "unknown request '" + verb + "' (expected types, start, stop, status)");
            }
        } catch (IOException | RuntimeException e) {
            reply.put("error", "bad '" + verb + "' request: " + e.getMessage());
        }
        s.send(id, ZMQ.SNDMORE);
        s.send(ControlMessages.verb(verb), ZMQ.SNDMORE);
        s.send(ControlMessages.body(reply), 0);
    }

    private void start(byte[] id, Map<String, Object> body, Map<String, Object> reply) {
        String yaml = String.valueOf(body.get("pipeline"));
        String file = String.valueOf(body.getOrDefault("file", "pipeline"));
        Pipeline p;
        try {
            p = new PipelineParser(catalog).parse(file, yaml);
        } catch (PipelineException e) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (PipelineError err : e.errors()) {
                errors.add(Map.of("line", err.line(), "column", err.column(), "message", err.message()));
            }
            reply.put("errors", errors);
            return;
        }
        try {
            stopCurrent();
            RunHandle run = runtime.start(p, RunOptions.defaults());
            runId = String.valueOf(body.get("run"));
            coordinator = id;
            reply.put("run", runId);
            reply.put("nodes", run.pipeline().nodes().size());
        } catch (RigException e) {
            reply.put("error", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply.put("error", "interrupted");
        }
    }

    private void stop(Map<String, Object> body, Map<String, Object> reply) {
        try {
            stopCurrent();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runId = null;
        reply.put("stopped", true);
    }

    private void stopCurrent() throws InterruptedException {
        Optional<RunHandle> r = runtime.current();
        if (r.isPresent() && !r.get().ended()) {
            r.get().stop();
        }
    }

    private void status(Map<String, Object> reply) {
        Optional<RunHandle> r = runtime.current().filter(h -> !h.ended());
        reply.put("run", r.isPresent() ? runId : null);
        r.ifPresent(h -> reply.put("snapshot", h.snapshot()));
        reply.put("edges", EdgeStats.snapshot());
        ClockEstimate e = clock.estimate();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("offsetNanos", e.offsetNanos());
        c.put("uncertaintyNanos", e.uncertaintyNanos());
        c.put("driftPpm", e.driftPpm());
        c.put("samples", e.samples());
        reply.put("clock", c);
    }
}
