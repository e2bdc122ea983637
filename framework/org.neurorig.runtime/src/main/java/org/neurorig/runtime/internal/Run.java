package org.neurorig.runtime.internal;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.neurorig.bus.BusProxy;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RunHandle;
import org.neurorig.runtime.RunOptions;
import org.neurorig.runtime.RunSnapshot;
import org.osgi.service.cm.Configuration;
import org.zeromq.ZContext;

/**
 * One run of a pipeline, as its handle sees it. The work is done by its parts: {@link RunWiring}
 * (its nodes and their streams), {@link RunLifecycle} (start, end, drain and stop, with
 * {@link NodeStarter} and the {@link Watchdog}), {@link LiveChanges} (keys, sinks and recording
 * while it runs) and {@link RunMetrics} (its figures).
 */
final class Run implements RunHandle {
    /** Marks the configurations and services of this run (several runs follow each other in a host). */
    final String id = UUID.randomUUID().toString();

    /** Set when this run is one host's part of a rig over hosts. */
    private volatile Pipeline startedAs;

    private final BusProxy proxy;
    private final RunWiring wiring;
    private final RunLifecycle lifecycle;
    private final LiveChanges live;

    /**
     * @param deployer deploys nodes added while it runs
     * @param catalog  the installed node types (a live recorder is one of them)
     */
    Run(
            Pipeline pipeline,
            RunOptions options,
            ZContext zmq,
            BusProxy proxy,
            LiveChanges.NodeDeployer deployer,
            NodeTypeCatalog catalog) {
        this.proxy = proxy;
        this.wiring = new RunWiring(id, pipeline, options, zmq, proxy);
        NodeStarter starter = new NodeStarter(wiring);
        this.lifecycle = new RunLifecycle(wiring, starter);
        this.live = new LiveChanges(wiring, starter, lifecycle, deployer, catalog);
    }

    /** The configuration a node of the pipeline was deployed with. */
    void configurationOf(String node, Configuration cfg) {
        live.configurationOf(node, cfg);
    }

    /** The runner of {@code node}, or null. */
    NodeRunner<?> runner(String node) {
        return wiring.runner(node);
    }

    RunOptions options() {
        return wiring.options();
    }

    /** Starts the run; see {@link RunLifecycle#start}. */
    void start() throws RigException, InterruptedException {
        lifecycle.start();
    }

    @Override
    public Pipeline pipeline() {
        return wiring.pipeline();
    }

    @Override
    public Pipeline started() {
        Pipeline whole = startedAs;
        return whole == null ? pipeline() : whole;
    }

    /** The whole file of a rig over hosts, of which this run is this host's part. */
    void startedAs(Pipeline whole) {
        startedAs = whole;
    }

    @Override
    public RunSnapshot snapshot() {
        return RunMetrics.snapshot(wiring, lifecycle.startNanos(), proxy);
    }

    /** Whether the host's bus is plaintext off loopback ({@code --insecure}): the status line says so. */
    boolean plaintextBus() {
        return proxy != null && proxy.plaintextOffLoopback();
    }

    @Override
    public void stop() throws InterruptedException {
        lifecycle.stop();
    }

    @Override
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return lifecycle.awaitEnd(timeout, unit);
    }

    @Override
    public boolean ended() {
        return lifecycle.ended();
    }

    @Override
    public void reconfigure(String node, String key, String value) throws RigException {
        live.reconfigure(node, key, value);
    }

    @Override
    public Map<String, Object> configuration(String node) {
        return live.configuration(node);
    }

    @Override
    public String startRecording(String dir) throws RigException {
        return live.startRecording(dir);
    }

    @Override
    public void stopRecording() throws RigException {
        live.stopRecording();
    }

    @Override
    public boolean applyLive(Pipeline next) throws RigException {
        return live.applyLive(next);
    }

    @Override
    public Optional<String> liveRecorder() {
        return live.liveRecorder();
    }
}
