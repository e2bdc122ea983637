package org.neurorig.net.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.neurorig.api.HostClock;
import org.neurorig.bus.clock.ClockSync;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The coordinator's connection to one host's control channel (a DEALER), used by one thread: sends
 * requests, answers the host's clock requests at once, and remembers when the host last answered.
 */
final class HostLink implements AutoCloseable {
    /** A host silent for this long is OFFLINE. */
    static final long OFFLINE_NANOS = 3_000_000_000L;

    final String name;
    final String endpoint;
    private final ZContext zmq;
    private final ZMQ.Socket socket;
    private long lastHeard;
    private Map<String, Object> lastStatus = Map.of();
    private String state = "STARTING";
    private long restarts;

    HostLink(ZContext zmq, String name, String endpoint, NetSecurity security) {
        this.zmq = zmq;
        this.name = name;
        this.endpoint = endpoint;
        this.socket = zmq.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setHandshakeIvl(ReceiveNode.HANDSHAKE_MILLIS);
        socket.setSndHWM(16); // requests to a host that is away must not pile up
        security.client(socket, endpoint, name);
        socket.connect(endpoint);
    }

    void send(String verb, Map<String, Object> body) {
        socket.send(ControlMessages.verb(verb), ZMQ.SNDMORE | ZMQ.DONTWAIT);
        socket.send(ControlMessages.body(body), ZMQ.DONTWAIT);
    }

    /**
     * Waits up to {@code millis} for the answer to {@code verb}, answering clock requests meanwhile.
     *
     * @return the answer's body, or null on timeout
     */
    Map<String, Object> await(String verb, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return null;
            }
            Map<String, Object> m = poll((int) Math.min(left, 50), verb);
            if (m != null) {
                return m;
            }
        }
    }

    /**
     * Handles what arrived within {@code millis}; returns the body of an answer to {@code verb} if
     * one came (others are kept as the last status when they are status answers).
     */
    Map<String, Object> poll(int millis, String verb) {
        socket.setReceiveTimeOut(millis);
        byte[] v;
        while ((v = socket.recv(0)) != null) {
            socket.setReceiveTimeOut(0); // whatever else came is handled without waiting
            byte[] body = socket.hasReceiveMore() ? socket.recv() : null;
            while (socket.hasReceiveMore()) {
                socket.recv();
            }
            String got = ControlMessages.verb(v);
            if (got.equals(ControlMessages.TIME) && body != null) {
                long t2 = HostClock.nowNanos();
                try {
                    byte[] answer = ClockSync.answer(body, t2, HostClock.nowNanos());
                    socket.send(ControlMessages.verb(ControlMessages.TIME), ZMQ.SNDMORE | ZMQ.DONTWAIT);
                    socket.send(answer, ZMQ.DONTWAIT);
                } catch (IllegalArgumentException e) {
                    // not a clock request: nothing to answer
                }
                continue;
            }
            lastHeard = System.nanoTime();
            Map<String, Object> parsed;
            try {
                parsed = body == null ? Map.of() : ControlMessages.body(body);
            } catch (java.io.IOException e) {
                continue;
            }
            if (got.equals(ControlMessages.STATUS)) {
                lastStatus = parsed;
            }
            if (got.equals(verb)) {
                return parsed;
            }
        }
        socket.setReceiveTimeOut(0);
        return null;
    }

    ZMQ.Socket socket() {
        return socket;
    }

    boolean silentFor(long nanos) {
        return System.nanoTime() - lastHeard > nanos;
    }

    void state(String s) {
        state = s;
    }

    String state() {
        return state;
    }

    void restarted() {
        restarts++;
    }

    Map<String, Object> lastStatus() {
        return lastStatus;
    }

    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("endpoint", endpoint);
        d.put("state", state);
        d.put("restarts", restarts);
        d.put("lastHeardMillisAgo", lastHeard == 0 ? null : (System.nanoTime() - lastHeard) / 1_000_000L);
        d.putAll(lastStatus);
        return d;
    }

    @Override
    public void close() {
        zmq.destroySocket(socket);
    }
}
