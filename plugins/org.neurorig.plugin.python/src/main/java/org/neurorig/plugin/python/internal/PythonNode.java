package org.neurorig.plugin.python.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.HostClock;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.Stateful;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.MalformedFrameException;
import org.neurorig.bus.WireCodec;
import org.neurorig.bus.WireFormat;
import org.neurorig.bus.WireHeader;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code python}: a processor whose logic is a Python class ({@code python/neurorig}, docs/PYTHON.md),
 * run in a child process that this node starts, feeds over ZeroMQ and supervises. Each block goes
 * to the child as a wire message and the host waits for its {@code done}; what it emits comes back
 * into the node's output blocks. An exception in Python fails the call with the exception's last
 * line, so the runtime shows the node FAILED and prepares it again, which starts a fresh child; a
 * child that dies fails the call with its exit status and last error line; one that never answers
 * is the runtime's hang (STALLED). Snapshots go through the child. This first version has one
 * output, {@code out} whatever the class names it, of its first input's kind and rate (its channels
 * and block size are the class's).
 */
@Designate(ocd = PythonNodeConfig.class, factory = true)
@Component(
        name = "python",
        configurationPid = "python",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(type = "python", outputs = "out:=@=", paths = "path")
public final class PythonNode implements Processor, Stateful {
    private static final Logger LOG = Logger.getLogger(PythonNode.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long {@code stop} may take before the child is killed. */
    static final long STOP_MILLIS = 2000;

    private PythonNodeConfig config;
    private String params;
    private String packageDir;
    /** Starts the child for a node; tests replace it with a stand-in. */
    StarterFactory starters = this::pythonStarter;

    private String node = "python";
    private Child child;
    private PythonLink link;
    private List<StreamSpec> inputs = List.of();
    private StreamSpec output;

    private final WireCodec codec = new WireCodec();
    private final WireHeader header = new WireHeader();
    private final byte[] headerOut = new byte[WireFormat.HEADER_BYTES];
    private final byte[] portOut = new byte[2];
    private byte[] payloadOut = new byte[0];
    private String lastLoggedTraceback = "";
    private String lastStartOutput = "";

    /** Makes the starter of a node's child from its name. */
    @FunctionalInterface
    interface StarterFactory {
        Child.Starter forNode(String node);
    }

    @Activate
    void activate(PythonNodeConfig c, BundleContext context) {
        configure(c, context == null ? null : context.getProperty("neurorig.home"));
    }

    /** Checks and keeps the keys; {@code home} is the distribution's folder (null = unknown). */
    void configure(PythonNodeConfig c, String home) {
        if (c.module() == null || c.module().isBlank()) {
            throw new IllegalArgumentException("python: module is required (a module NAME or NAME:Class)");
        }
        if (c.python() == null || c.python().isBlank()) {
            throw new IllegalArgumentException("python: python must name an interpreter, e.g. python3");
        }
        JsonNode p;
        try {
            p = JSON.readTree(c.params() == null || c.params().isBlank() ? "{}" : c.params());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "python: params is not valid JSON (" + e.getOriginalMessage() + "); expected a JSON object", e);
        }
        if (p == null || !p.isObject()) {
            throw new IllegalArgumentException("python: params is " + c.params() + ", expected a JSON object");
        }
        if (c.timeoutMillis() < 100) {
            throw new IllegalArgumentException("python: timeoutMillis must be >= 100, got " + c.timeoutMillis());
        }
        config = c;
        params = p.toString();
        String h = home != null ? home : System.getProperty("neurorig.home");
        Path dir = h == null ? null : Path.of(h, "python");
        packageDir = dir != null && Files.isDirectory(dir.resolve("neurorig")) ? dir.toString() : null;
    }

    private Child.Starter pythonStarter(String name) {
        return PythonProcess.starter(name, config.python(), config.module(), config.path(), params, packageDir);
    }

    /**
     * Starts a fresh child (ending one left from before: the runtime prepares again after a
     * failure), sends it the inputs and keys and checks the output it declares.
     */
    @Override
    public synchronized List<StreamSpec> prepare(List<StreamSpec> in, NodeContext context) throws Exception {
        if (in.isEmpty()) {
            throw new IllegalArgumentException("python: a python node needs at least one input");
        }
        node = context.nodeName();
        endChild(0);
        inputs = List.copyOf(in);
        try {
            return startAndPrepare(in);
        } catch (Exception | Error e) {
            logStartOutput();
            endChild(0); // nothing half-started stays behind; the runtime retries prepare
            throw e;
        }
    }

    private List<StreamSpec> startAndPrepare(List<StreamSpec> in) throws Exception {
        long deadline = System.nanoTime() + config.timeoutMillis() * 1_000_000L;
        link = new PythonLink();
        child = starters.forNode(node).start(link.endpoint);
        while (!link.awaitHello(child.pid())) {
            checkAlive("starting");
            checkDeadline(deadline, "to connect");
        }
        child.connected();
        byte[] body = prepareRequest(in).getBytes(StandardCharsets.UTF_8);
        link.send(PythonLink.PREPARE, PythonLink.PREPARE.length, true);
        link.send(body, body.length, false);
        while (true) {
            byte[] verb = next(deadline, "to prepare");
            if (PythonLink.is(verb, PythonLink.PREPARED)) {
                byte[] answer = link.recvMore();
                link.skipRest();
                output = checkOutputs(answer, in.get(0));
                return List.of(output);
            } else if (PythonLink.is(verb, PythonLink.ERROR)) {
                String message = errorMessage(link.recvMore());
                link.skipRest();
                throw new IllegalStateException("python: prepare of " + config.module() + " failed: " + message);
            }
            link.skipRest(); // hello, or a stray frame
        }
    }

    /**
     * The output of a child that failed before its hello, logged when it differs from the last
     * such failure's: the runtime retries prepare every second, and the same traceback each time
     * would flood the log.
     */
    private void logStartOutput() {
        String text = child == null ? "" : child.takeStartOutput();
        if (text.isEmpty() || text.equals(lastStartOutput)) {
            return;
        }
        lastStartOutput = text;
        LOG.log(Level.WARNING, "{0}: the python child failed to start; it wrote:\n{1}", new Object[] {
            node, text.stripTrailing()
        });
    }

    private String prepareRequest(List<StreamSpec> in) {
        StringBuilder b = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < in.size(); i++) {
            b.append(i == 0 ? "" : ",")
                    .append(new String(WireCodec.encodeDescriptor(in.get(i)), StandardCharsets.UTF_8));
        }
        return b.append("],\"config\":").append(params).append('}').toString();
    }

    private StreamSpec checkOutputs(byte[] answer, StreamSpec first) throws IOException {
        JsonNode outputs = answer == null ? null : JSON.readTree(answer).get("outputs");
        if (outputs == null || !outputs.isArray()) {
            throw new IllegalStateException("python: the child's prepared answer has no \"outputs\" list");
        }
        if (outputs.size() != 1) {
            throw new IllegalStateException("python: " + config.module() + " declares " + outputs.size()
                    + " outputs; a python node has one output 'out' for now");
        }
        byte[] d = JSON.writeValueAsBytes(outputs.get(0));
        StreamSpec s;
        try {
            s = WireCodec.decodeDescriptor(d, d.length);
        } catch (MalformedFrameException e) {
            throw new IllegalStateException("python: " + config.module() + " declares a bad output: " + e.getMessage());
        }
        if (s.kind() != first.kind() || Double.compare(s.sampleRate(), first.sampleRate()) != 0) {
            throw new IllegalStateException(
                    "python: " + config.module() + " declares its output as " + s.kind() + " at "
                            + s.sampleRate() + " Hz; a python node's output has its first input's kind and rate ("
                            + first.kind() + " at " + first.sampleRate() + " Hz) for now");
        }
        // the one port is 'out' whatever the class calls it (the example decoder's is 'velocity')
        return s.toBuilder().name("out").source(node).build();
    }

    @Override
    public synchronized void process(Block in, Emitter out) throws Exception {
        if (link == null) {
            throw new IllegalStateException("python: the child is not running (prepare first)");
        }
        int port = in.input();
        int bytes = codec.payloadBytes(in);
        if (payloadOut.length < bytes) {
            payloadOut = new byte[bytes]; // grows to the largest block, then stays
        }
        codec.writeHeader(in, inputs.get(port).sampleRate(), HostClock.nowNanos(), headerOut);
        codec.writePayload(in, payloadOut);
        portOut[0] = (byte) port;
        portOut[1] = (byte) (port >>> 8);
        try {
            link.send(PythonLink.BLOCK, PythonLink.BLOCK.length, true);
            link.send(portOut, 2, true);
            link.send(headerOut, headerOut.length, true);
            link.send(payloadOut, bytes, false);
        } catch (IllegalStateException e) {
            checkAlive("processing"); // it died: say so, with its exit code
            throw e;
        }
        String error = null;
        long errorDeadline = Long.MAX_VALUE;
        while (true) {
            byte[] verb = error == null ? next(Long.MAX_VALUE, null) : next(errorDeadline, "to finish the block");
            if (PythonLink.is(verb, PythonLink.EMIT)) {
                emit(out);
            } else if (PythonLink.is(verb, PythonLink.DONE)) {
                link.skipRest();
                break;
            } else if (PythonLink.is(verb, PythonLink.ERROR)) {
                error = errorMessage(link.recvMore());
                link.skipRest();
                // its done follows; should it not, the next prepare replaces the child anyway
                errorDeadline = System.nanoTime() + config.timeoutMillis() * 1_000_000L;
            } else {
                link.skipRest();
            }
        }
        if (error != null) {
            throw new PythonException(error);
        }
    }

    private void emit(Emitter out) throws Exception {
        byte[] port = link.recvMore();
        byte[] h = link.recvMore();
        byte[] payload = link.recvMore();
        link.skipRest();
        if (port == null || port.length != 2 || h == null || payload == null) {
            throw new IllegalStateException("python: an emit from the child without its port, header and payload");
        }
        int p = (port[0] & 0xFF) | (port[1] & 0xFF) << 8;
        if (p != 0) {
            throw new IllegalStateException("python: emit on output port " + p + "; the node has one output 'out'");
        }
        header.read(h, h.length);
        Block b = out.block(0);
        codec.readPayload(header, payload, payload.length, b);
        out.emit(0);
    }

    /** The next message's verb; fails when the child died or the deadline passed. */
    private byte[] next(long deadline, String what) throws InterruptedException {
        while (true) {
            byte[] verb = link.recv();
            if (verb != null) {
                return verb;
            }
            checkAlive(what == null ? "processing" : what.replace("to ", ""));
            if (what != null) {
                checkDeadline(deadline, what);
            }
        }
    }

    private void checkAlive(String doing) {
        if (!child.alive()) {
            String last = child.lastErrorLine();
            throw new IllegalStateException("python: the child (" + config.module() + ") exited with code "
                    + child.exitCode() + " while " + doing + (last.isEmpty() ? "" : ": " + last));
        }
    }

    private void checkDeadline(long deadline, String what) {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("python: the child (" + config.module() + ") took more than "
                    + config.timeoutMillis() + " ms " + what + " (key timeoutMillis)");
        }
    }

    /** The message of an {@code error} body; its traceback goes to the log when it is new. */
    private String errorMessage(byte[] body) {
        if (body == null) {
            return "an error without a message";
        }
        try {
            JsonNode e = JSON.readTree(body);
            String message = e.path("message").asText("");
            String traceback = e.path("traceback").asText("");
            if (!traceback.isEmpty() && !traceback.equals(lastLoggedTraceback)) {
                lastLoggedTraceback = traceback; // once per distinct failure, not once per block
                LOG.log(Level.INFO, "{0}: python exception:\n{1}", new Object[] {node, traceback.stripTrailing()});
            }
            return message.isEmpty() ? "an error without a message" : message;
        } catch (IOException ex) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @Override
    public synchronized byte[] snapshot() {
        if (link == null || !child.alive()) {
            return new byte[0];
        }
        try {
            long deadline = System.nanoTime() + config.timeoutMillis() * 1_000_000L;
            link.send(PythonLink.SNAPSHOT);
            while (true) {
                byte[] verb = next(deadline, "to take a snapshot");
                if (PythonLink.is(verb, PythonLink.SNAPSHOT)) {
                    byte[] state = link.recvMore();
                    link.skipRest();
                    return state == null ? new byte[0] : state;
                } else if (PythonLink.is(verb, PythonLink.ERROR)) {
                    String message = errorMessage(link.recvMore());
                    link.skipRest();
                    throw new IllegalStateException("python: snapshot failed: " + message);
                }
                link.skipRest();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("python: interrupted while taking a snapshot", e);
        }
    }

    @Override
    public synchronized void restore(byte[] state) {
        if (state == null || state.length == 0) {
            return; // the node had no state to carry
        }
        if (link == null) {
            throw new IllegalStateException("python: restore before prepare");
        }
        try {
            long deadline = System.nanoTime() + config.timeoutMillis() * 1_000_000L;
            link.send(PythonLink.RESTORE, PythonLink.RESTORE.length, true);
            link.send(state, state.length, false);
            while (true) {
                byte[] verb = next(deadline, "to restore a snapshot");
                if (PythonLink.is(verb, PythonLink.RESTORED)) {
                    link.skipRest();
                    return;
                } else if (PythonLink.is(verb, PythonLink.ERROR)) {
                    String message = errorMessage(link.recvMore());
                    link.skipRest();
                    throw new IllegalStateException("python: restore failed: " + message);
                }
                link.skipRest();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("python: interrupted while restoring a snapshot", e);
        }
    }

    /** Asks the child to stop, waits up to {@link #STOP_MILLIS} for it, then ends it. */
    @Override
    public synchronized void close() {
        endChild(STOP_MILLIS);
    }

    /**
     * Ends the child: {@code stop} and up to {@code stopMillis} for it to go, then SIGTERM and
     * SIGKILL. An interrupted thread (a hung node stopped by the runtime) skips the polite part; its
     * interrupt is set aside meanwhile, since JeroMQ's close and the wait for the process would
     * otherwise end at once and leave both behind.
     */
    private void endChild(long stopMillis) {
        boolean interrupted = Thread.interrupted();
        try {
            if (child != null && !interrupted && stopMillis > 0 && child.alive()) {
                askToStop(System.nanoTime() + stopMillis * 1_000_000L);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (RuntimeException e) {
            // ended below in any case
        } finally {
            if (child != null) {
                child.destroy(stopMillis > 0 && !interrupted ? stopMillis : 200);
            }
            if (link != null) {
                link.close();
            }
            child = null;
            link = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void askToStop(long deadline) throws InterruptedException {
        link.send(PythonLink.STOP);
        while (child.alive() && System.nanoTime() - deadline < 0) {
            byte[] verb = link.recv();
            if (PythonLink.is(verb, PythonLink.STOPPED)) {
                return;
            }
            if (verb != null) {
                link.skipRest();
            }
        }
    }

    /**
     * A Python exception in the node's code; the message is its last line. It has no Java stack
     * trace: the log shows the Python traceback instead, which is where the fault is.
     */
    static final class PythonException extends Exception {
        private static final long serialVersionUID = 1L;

        PythonException(String message) {
            super(message, null, false, false);
        }
    }
}
