package org.neurorig.plugin.python.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The host's end of one child's socket: a ROUTER bound on a free loopback port before the child
 * starts, speaking the protocol of docs/PYTHON.md §"Protocol" with one peer only, the one whose
 * {@code hello} names the child's pid. Anything else that connects to the port (a process left
 * from an earlier child, a stranger on the machine) is ignored, so it can neither take the node's
 * blocks nor answer for the child. JeroMQ's {@code ipc://} is TCP on loopback under another name,
 * which a libzmq child cannot reach, hence tcp. One link per child: a restarted child gets a fresh
 * socket, so nothing queued for the old one reaches the new conversation. Not thread-safe: the
 * node calls it under its own lock.
 */
final class PythonLink implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PythonLink.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    static final byte[] PREPARE = ascii("prepare");
    static final byte[] PREPARED = ascii("prepared");
    static final byte[] BLOCK = ascii("block");
    static final byte[] EMIT = ascii("emit");
    static final byte[] DONE = ascii("done");
    static final byte[] ERROR = ascii("error");
    static final byte[] SNAPSHOT = ascii("snapshot");
    static final byte[] RESTORE = ascii("restore");
    static final byte[] RESTORED = ascii("restored");
    static final byte[] STOP = ascii("stop");
    static final byte[] STOPPED = ascii("stopped");
    static final byte[] HELLO = ascii("hello");
    /** The protocol version this host speaks (docs/PYTHON.md). */
    static final int PROTOCOL = 1;

    /** How long one wait on the socket lasts before the child's liveness and interrupts are checked. */
    static final int POLL_MILLIS = 50;

    private final ZContext zmq = new ZContext(1);
    private final ZMQ.Socket socket;
    final String endpoint;
    /** The child's ZeroMQ identity, from its hello; null until then. */
    private byte[] peer;
    /** True between a message's first and last frame sent. */
    private boolean sending;

    private boolean strangerReported;

    PythonLink() {
        socket = zmq.createSocket(SocketType.ROUTER);
        socket.setLinger(0);
        socket.setReceiveTimeOut(POLL_MILLIS);
        // A message to a peer that is gone fails instead of vanishing (the child died or left).
        socket.setRouterMandatory(true);
        // Only the messages of one block are in flight: no high-water mark is needed.
        socket.setRcvHWM(0);
        socket.setSndHWM(0);
        // JeroMQ leaves a few percent of fresh tcp connections without a handshake until this timer
        // resets them (30 s by default; zeromq/jeromq#1022, docs/WIRE.md §11): the child reconnects.
        socket.setHandshakeIvl(1000);
        int port = socket.bindToRandomPort("tcp://127.0.0.1");
        endpoint = "tcp://127.0.0.1:" + port;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean is(byte[] frame, byte[] verb) {
        return frame != null && Arrays.equals(frame, verb);
    }

    /**
     * Waits one poll for the child's {@code hello}; true once it came. {@code pid} is the child's
     * process id (negative: not known, the first hello is taken).
     *
     * @throws IllegalStateException when the child speaks another protocol version
     */
    boolean awaitHello(long pid) throws InterruptedException {
        if (peer != null) {
            return true;
        }
        byte[] id = recvFrame();
        if (id == null) {
            return false;
        }
        byte[] verb = socket.hasReceiveMore() ? recvFrame() : null;
        byte[] body = is(verb, HELLO) && socket.hasReceiveMore() ? recvFrame() : null;
        skipRest();
        if (body == null) {
            return false; // a message before any hello: not from a child of ours
        }
        JsonNode hello;
        try {
            hello = JSON.readTree(body);
        } catch (IOException e) {
            return false;
        }
        if (pid >= 0 && hello.path("pid").asLong(-1) != pid) {
            reportStranger("a hello from pid " + hello.path("pid").asText("?") + ", the child is " + pid);
            return false;
        }
        int protocol = hello.path("protocol").asInt(-1);
        if (protocol != PROTOCOL) {
            throw new IllegalStateException("the child speaks protocol " + hello.path("protocol")
                    + ", this host speaks " + PROTOCOL + " (python/neurorig and the host from different versions?)");
        }
        peer = id;
        return true;
    }

    private void reportStranger(String what) {
        if (!strangerReported) {
            strangerReported = true;
            LOG.warning("python node socket " + endpoint + ": ignoring " + what);
        }
    }

    /**
     * Sends one frame of a message to the child; the first frame of each message goes after the
     * child's identity.
     *
     * @throws IllegalStateException when the child's connection is gone
     */
    void send(byte[] frame, int length, boolean more) throws InterruptedException {
        if (peer == null) {
            throw new IllegalStateException("no hello from the child yet");
        }
        checkInterrupt();
        try {
            boolean sent = (sending || socket.send(peer, ZMQ.SNDMORE))
                    && socket.send(frame, 0, length, more ? ZMQ.SNDMORE : 0);
            sending = more;
            if (!sent) {
                throw new IllegalStateException("the child's connection is gone");
            }
        } catch (RuntimeException e) {
            sending = false;
            throw failed(e);
        }
    }

    /** Sends a message of one frame. */
    void send(byte[] verb) throws InterruptedException {
        send(verb, verb.length, false);
    }

    /**
     * The verb of the child's next message, or null when none came within one poll. Messages from
     * any other peer are dropped.
     */
    byte[] recv() throws InterruptedException {
        byte[] id = recvFrame();
        if (id == null) {
            return null;
        }
        if (peer == null || !Arrays.equals(id, peer)) {
            reportStranger("a message from a peer that is not the child");
            skipRest();
            return null;
        }
        return socket.hasReceiveMore() ? recvFrame() : null;
    }

    /** The next frame of the current message, or null when the message has no more. */
    byte[] recvMore() throws InterruptedException {
        return socket.hasReceiveMore() ? recvFrame() : null;
    }

    /** Discards the rest of the current message. */
    void skipRest() throws InterruptedException {
        while (socket.hasReceiveMore()) {
            recvFrame();
        }
    }

    private byte[] recvFrame() throws InterruptedException {
        checkInterrupt();
        try {
            return socket.recv(0);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private static void checkInterrupt() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("python node interrupted");
        }
    }

    /**
     * An interrupt (the runtime stopping a node that does not return) breaks JeroMQ's socket
     * mid-call: it is reported as the interrupt it is, and the node replaces the link after.
     */
    private static RuntimeException failed(RuntimeException e) throws InterruptedException {
        checkInterrupt();
        // JeroMQ clears the thread's interrupt flag and says EINTR instead
        if (e instanceof ZMQException z && z.getErrorCode() == ZMQ.Error.EINTR.getCode()) {
            throw new InterruptedException("python node interrupted");
        }
        if (e instanceof ZMQException z && z.getErrorCode() == ZMQ.Error.EHOSTUNREACH.getCode()) {
            return new IllegalStateException("the child's connection is gone", e);
        }
        return e;
    }

    /**
     * Closes the socket and its context. After an interrupt JeroMQ's socket may refuse with EINTR:
     * it is then left to the garbage collector (its two threads stay: once per hung node stopped).
     */
    @Override
    public void close() {
        try {
            zmq.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing the socket of a python node after an interrupt", e);
        }
    }
}
