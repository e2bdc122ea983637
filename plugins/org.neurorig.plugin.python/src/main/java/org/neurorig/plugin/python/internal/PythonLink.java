package org.neurorig.plugin.python.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The host's end of one child's socket: a DEALER bound on a free loopback port before the child
 * starts, and the verbs of the protocol (docs/PYTHON.md §"Protocol"). JeroMQ's {@code ipc://} is
 * TCP on loopback under another name, which a libzmq child cannot reach, hence tcp. One link per
 * child: a restarted child gets a fresh socket, so nothing the old one left queued can reach the
 * new conversation. Not thread-safe: the node calls it under its own lock.
 */
final class PythonLink implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PythonLink.class.getName());

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

    /** How long one wait on the socket lasts before the child's liveness and interrupts are checked. */
    static final int POLL_MILLIS = 50;

    private final ZContext zmq = new ZContext(1);
    private final ZMQ.Socket socket;
    final String endpoint;

    PythonLink() {
        socket = zmq.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setReceiveTimeOut(POLL_MILLIS);
        socket.setSendTimeOut(POLL_MILLIS);
        // Only blocks the node already answers for are in flight: no high-water mark is needed.
        socket.setRcvHWM(0);
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
     * Sends the first frame of a message, waiting for the child to connect: a bound DEALER takes a
     * message only once a peer is there. False when none was there within one poll.
     */
    boolean sendFirst(byte[] verb, boolean more) throws InterruptedException {
        checkInterrupt();
        try {
            return socket.send(verb, more ? ZMQ.SNDMORE : 0);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /** A further frame of a message whose first frame was taken (the rest are then taken at once). */
    void send(byte[] frame, int length, boolean more) throws InterruptedException {
        checkInterrupt();
        try {
            socket.send(frame, 0, length, more ? ZMQ.SNDMORE : 0);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /** The next frame, or null when none came within one poll. */
    byte[] recv() throws InterruptedException {
        checkInterrupt();
        try {
            return socket.recv(0);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /** The next frame of the current message, or null when the message has no more. */
    byte[] recvMore() throws InterruptedException {
        return socket.hasReceiveMore() ? recv() : null;
    }

    /** Discards the rest of the current message. */
    void skipRest() throws InterruptedException {
        while (socket.hasReceiveMore()) {
            recv();
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
