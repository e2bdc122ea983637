package org.neurorig.net.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineError;
import org.neurorig.config.PipelineException;
import org.neurorig.config.PipelineParser;
import org.neurorig.config.Placement;
import org.neurorig.runtime.RigException;
import org.zeromq.ZMQ;

/**
 * One run of a pipeline over hosts, seen from the coordinator: checks the whole against every host,
 * starts each host's part, then watches them on one thread: a host that stops answering is OFFLINE,
 * and a host that answers again without the rig's part (its process was restarted) gets it again.
 * The host's clock requests are answered on the same thread, at once.
 */
final class RigSession implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RigSession.class.getName());
    static final long START_MILLIS = 30_000;
    static final long ANSWER_MILLIS = 5_000;
    private static final long STATUS_NANOS = 500_000_000L;
    private static final long RESTART_NANOS = 5_000_000_000L;

    private final NetContext net;
    private final NodeTypeCatalog catalog;
    private final Pipeline whole;
    private final PipelineSplit split;
    private final String runId = UUID.randomUUID().toString();
    private final Map<String, HostLink> links = new LinkedHashMap<>();
    private final Map<String, Long> lastStart = new LinkedHashMap<>();
    private final CompletableFuture<Pipeline> started = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile boolean stopRequested;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile Map<String, Object> view = Map.of();
    private final Thread thread;

    RigSession(NetContext net, NodeTypeCatalog catalog, Pipeline whole, int controlPort) {
        this.net = net;
        this.catalog = catalog;
        this.whole = whole;
        Placement p = whole.placement();
        this.split = new PipelineSplit(
                whole, host -> LocalAddress.toward(p.address(host), p.controlPort(host)), controlPort);
        this.thread = new Thread(this::run, "neurorig-rig " + whole.name());
        thread.setDaemon(true);
    }

    /** Starts every host's part; returns the coordinator's. */
    Pipeline start() throws RigException {
        thread.start();
        try {
            return started.get(START_MILLIS + 10_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            close();
            if (e.getCause() instanceof RigException r) {
                throw r;
            }
            throw new RigException("could not start the rig's hosts: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new RigException("the rig's hosts did not all start within " + START_MILLIS / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new RigException("interrupted while starting the rig's hosts", e);
        }
    }

    private void run() {
        Placement placement = whole.placement();
        try {
            for (String host : placement.hosts().keySet()) {
                String endpoint = "tcp://" + placement.address(host) + ":" + placement.controlPort(host);
                links.put(
                        host,
                        new HostLink(
                                net.control().zmq(),
                                host,
                                endpoint,
                                net.control().security()));
            }
            publishView(); // every host STARTING while the parts start
            started.complete(startAll());
        } catch (RigException e) {
            stopHosts();
            started.completeExceptionally(e);
            closeLinks();
            stopped.complete(null);
            return;
        } catch (RuntimeException e) {
            stopHosts();
            started.completeExceptionally(new RigException("could not start the rig's hosts: " + e, e));
            closeLinks();
            stopped.complete(null);
            return;
        }
        try {
            watch();
        } finally {
            stopHosts();
            closeLinks();
            stopped.complete(null);
        }
    }

    private Pipeline startAll() throws RigException {
        Map<String, String> parts = split.parts();
        List<String> errors = new ArrayList<>();
        // 1. every host answers and has the types its nodes need
        for (HostLink link : links.values()) {
            link.send(ControlMessages.TYPES, Map.of());
            Map<String, Object> answer = link.await(ControlMessages.TYPES, ANSWER_MILLIS);
            if (answer == null) {
                throw new RigException(whole.fileName() + ": host '" + link.name + "' does not answer at "
                        + link.endpoint + " within " + ANSWER_MILLIS / 1000 + " s (is 'neurorig serve' running there"
                        + " with -D" + HostAgent.PROPERTY + "=" + link.endpoint + "?)");
            }
            Set<Object> types = Set.copyOf((List<?>) answer.getOrDefault("types", List.of()));
            for (NodeSpec n : whole.nodes()) {
                if (whole.placement().hostOf(n.name()).filter(link.name::equals).isPresent()
                        && !types.contains(n.type().name())) {
                    errors.add(whole.fileName() + ":" + n.line() + ":" + n.column() + ": host '" + link.name
                            + "' has no node type '" + n.type().name() + "' installed (node '" + n.name() + "')");
                }
            }
            for (String needed : List.of("net.send", "net.receive")) {
                if (!types.contains(needed) && parts.containsKey(link.name)) {
                    errors.add(whole.fileName() + ": host '" + link.name + "' lacks '" + needed
                            + "' (bundle org.neurorig.net): it cannot take part in a rig over hosts");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new RigException(String.join("\n", errors));
        }
        // 2. the coordinator's own part reads here
        String mine = parts.get(PipelineSplit.COORDINATOR);
        if (mine == null) {
            throw new RigException(whole.fileName() + ": every node is placed on another host; the host that"
                    + " starts the file runs at least one (a node without 'at')");
        }
        Pipeline local;
        try {
            local = new PipelineParser(catalog).parse(whole.fileName(), mine);
        } catch (PipelineException e) {
            throw new RigException(mapped(PipelineSplit.COORDINATOR, e.errors()));
        }
        // 3. each host starts its part
        for (HostLink link : links.values()) {
            String part = parts.get(link.name);
            if (part != null) {
                String why = startOn(link, part, START_MILLIS);
                if (why != null) {
                    throw new RigException(why);
                }
                link.state("ONLINE");
                publishView();
            }
        }
        return local;
    }

    /** Sends a host its part; the reason it did not start, or null. */
    private String startOn(HostLink link, String part, long millis) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", runId);
        body.put("file", whole.fileName() + "@" + link.name);
        body.put("pipeline", part);
        link.send(ControlMessages.START, body);
        lastStart.put(link.name, System.nanoTime());
        Map<String, Object> answer = link.await(ControlMessages.START, millis);
        if (answer == null) {
            return whole.fileName() + ": host '" + link.name + "' did not start its part within " + millis / 1000
                    + " s";
        }
        if (answer.get("errors") instanceof List<?> list) {
            List<PipelineError> errs = new ArrayList<>();
            for (Object o : list) {
                Map<?, ?> e = (Map<?, ?>) o;
                errs.add(new PipelineError(
                        link.name,
                        ((Number) e.get("line")).intValue(),
                        ((Number) e.get("column")).intValue(),
                        String.valueOf(e.get("message"))));
            }
            return mapped(link.name, errs);
        }
        if (answer.get("error") != null) {
            return whole.fileName() + ": host '" + link.name + "': " + answer.get("error");
        }
        return null;
    }

    /** A host's errors at lines of its generated file, as errors at the nodes' lines of the original. */
    private String mapped(String host, List<PipelineError> errs) {
        List<String> out = new ArrayList<>();
        for (PipelineError e : errs) {
            String node = split.nodeAt(host, e.line());
            NodeSpec n = node == null ? null : whole.node(node).orElse(null);
            String where = n == null ? whole.fileName() : whole.fileName() + ":" + n.line() + ":" + n.column();
            out.add(where + ": host '" + PipelineSplit.hostName(host) + "': " + e.message());
        }
        return String.join("\n", out);
    }

    private void watch() {
        ZMQ.Poller poller = net.control().zmq().createPoller(links.size());
        links.values().forEach(l -> poller.register(l.socket(), ZMQ.Poller.POLLIN));
        long lastStatus = 0;
        try {
            while (running) {
                poller.poll(20);
                for (HostLink l : links.values()) {
                    l.poll(0, "");
                }
                long now = System.nanoTime();
                if (now - lastStatus > STATUS_NANOS) {
                    lastStatus = now;
                    for (HostLink l : links.values()) {
                        check(l, now);
                        l.send(ControlMessages.STATUS, Map.of());
                    }
                    publishView();
                }
            }
        } finally {
            poller.close();
        }
    }

    /** OFFLINE when silent; a host back without this run's part gets it again. */
    private void check(HostLink l, long now) {
        if (l.silentFor(HostLink.OFFLINE_NANOS)) {
            if (!l.state().equals("OFFLINE")) {
                LOG.warning("host '" + l.name + "' (" + l.endpoint + ") is OFFLINE: no answer for "
                        + HostLink.OFFLINE_NANOS / 1_000_000_000L + " s");
            }
            l.state("OFFLINE");
            return;
        }
        String part = split.parts().get(l.name);
        Object run = l.lastStatus().get("run");
        if (part != null && !runId.equals(run) && now - lastStart.getOrDefault(l.name, 0L) > RESTART_NANOS) {
            LOG.info("host '" + l.name + "' is back without its part: starting it again");
            l.state("RESTARTING");
            l.restarted();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("run", runId);
            body.put("file", whole.fileName() + "@" + l.name);
            body.put("pipeline", part);
            l.send(ControlMessages.START, body); // its answer comes with the next status
            lastStart.put(l.name, now);
            return;
        }
        if (runId.equals(run)) {
            l.state("ONLINE");
        }
    }

    private void publishView() {
        Map<String, Object> v = new LinkedHashMap<>();
        links.forEach((name, l) -> v.put(name, l.describe()));
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("state", "ONLINE");
        me.put("role", "coordinator");
        me.put("edges", EdgeStats.snapshot());
        v.put(PipelineSplit.hostName(PipelineSplit.COORDINATOR), me);
        view = v;
    }

    Map<String, Object> view() {
        return view;
    }

    private void stopHosts() {
        for (HostLink l : links.values()) {
            if (split.parts().containsKey(l.name) && !l.state().equals("OFFLINE")) {
                l.send(ControlMessages.STOP, Map.of("run", runId));
            }
        }
        for (HostLink l : links.values()) {
            if (split.parts().containsKey(l.name) && !l.state().equals("OFFLINE")) {
                if (l.await(ControlMessages.STOP, ANSWER_MILLIS) == null) {
                    LOG.warning("host '" + l.name + "' did not confirm the stop within " + ANSWER_MILLIS / 1000 + " s");
                }
            }
        }
    }

    private void closeLinks() {
        links.values().forEach(HostLink::close);
    }

    /** Stops every host's part and closes the channel. */
    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            try {
                stopped.get(START_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warning("the rig's hosts did not stop in time: " + e);
            }
        }
    }
}
