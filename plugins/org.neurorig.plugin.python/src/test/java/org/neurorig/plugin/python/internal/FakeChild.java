package org.neurorig.plugin.python.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A stand-in for the Python child: a thread whose DEALER connects to the node's socket and answers
 * the protocol of docs/PYTHON.md as a test scripts it. Frames are read and written by hand
 * (little-endian, the offsets of docs/WIRE.md §3), not with the bus's codec, so that the node's
 * encoding is checked against the document rather than against itself.
 */
final class FakeChild implements Child {
    /** What the fake answers to one block; {@code out} sends whole messages. */
    interface OnBlock {
        /** @return false to die right there (exit code and last error line as set on the fake) */
        boolean answer(FakeChild self, ReceivedBlock in, Out out);
    }

    interface Out {
        void send(byte[]... frames);
    }

    /** One block as the fake received it: its port, header fields and raw payload. */
    record ReceivedBlock(
            int port,
            int kind,
            long seq,
            long firstSample,
            int sampleCount,
            int channelCount,
            double sampleRate,
            long acqTimeNanos,
            long pubTimeNanos,
            int flags,
            byte[] payload) {
        float[] f32() {
            float[] v = new float[payload.length / 4];
            ByteBuffer.wrap(payload)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(v);
            return v;
        }
    }

    /** The pid the fake claims in its hello. */
    static final long PID = 4242;

    final List<String> verbs = new CopyOnWriteArrayList<>();
    final List<ReceivedBlock> blocks = new CopyOnWriteArrayList<>();
    volatile String prepareBody;
    volatile byte[] restored;
    volatile int exitCode = 0;
    volatile String lastErrorLine = "";

    private final String endpoint;
    private final String preparedJson;
    private final OnBlock onBlock;
    private final Thread thread;
    private volatile byte[] state = new byte[0];
    private final long pid;
    /** Set by destroy; the loop sees it between two waits and closes its socket properly. */
    private volatile boolean ended;

    private volatile boolean helloSent;

    FakeChild(String endpoint, String preparedJson, OnBlock onBlock) {
        this(endpoint, preparedJson, onBlock, PID);
    }

    /** A fake claiming {@code pid} in its hello (another pid: a stranger on the node's socket). */
    FakeChild(String endpoint, String preparedJson, OnBlock onBlock, long pid) {
        this.pid = pid;
        this.endpoint = endpoint;
        this.preparedJson = preparedJson;
        this.onBlock = onBlock;
        this.thread = new Thread(this::serve, "fake-python-child");
        thread.setDaemon(true);
        thread.start();
    }

    /** A prepared answer with one output descriptor. */
    static String prepared(String name, String kind, int channels, double rate, int blockSamples) {
        return "{\"outputs\":[{\"name\":\"" + name + "\",\"kind\":\"" + kind + "\",\"channelCount\":" + channels
                + ",\"sampleRate\":" + rate + ",\"blockSamples\":" + blockSamples + ",\"source\":\"\"}]}";
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    /** A 64-byte header of docs/WIRE.md §3 for an emitted block (seq and publication time 0: the host's). */
    static byte[] header(int kind, long firstSample, int n, int channels, double rate, long acq, int flags) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("NRG1")).putShort((short) 1).putShort((short) kind);
        b.putLong(0).putLong(firstSample).putInt(n).putInt(channels).putDouble(rate);
        b.putLong(acq).putLong(0).putInt(flags).putInt(0);
        return b.array();
    }

    static byte[] f32(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    boolean helloSent() {
        return helloSent;
    }

    void state(byte[] s) {
        state = s;
    }

    private void serve() {
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
            s.setLinger(0);
            s.setReceiveTimeOut(50); // sees destroy's flag between waits
            s.setHandshakeIvl(1000); // a stalled JeroMQ handshake is retried (zeromq/jeromq#1022)
            s.connect(endpoint);
            Out out = frames -> {
                for (int i = 0; i < frames.length; i++) {
                    s.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
                }
            };
            out.send(ascii("hello"), ascii("{\"protocol\":1,\"pid\":" + pid + "}"));
            helloSent = true;
            while (!ended) {
                byte[] first = s.recv(0);
                if (first == null) {
                    continue;
                }
                List<byte[]> m = new ArrayList<>();
                m.add(first);
                while (s.hasReceiveMore()) {
                    m.add(s.recv(0));
                }
                String verb = new String(m.get(0), StandardCharsets.US_ASCII);
                verbs.add(verb);
                switch (verb) {
                    case "prepare" -> {
                        prepareBody = new String(m.get(1), StandardCharsets.UTF_8);
                        out.send(ascii("prepared"), preparedJson.getBytes(StandardCharsets.UTF_8));
                    }
                    case "block" -> {
                        ByteBuffer h = ByteBuffer.wrap(m.get(2)).order(ByteOrder.LITTLE_ENDIAN);
                        ReceivedBlock in = new ReceivedBlock(
                                (m.get(1)[0] & 0xFF) | (m.get(1)[1] & 0xFF) << 8,
                                h.getShort(6),
                                h.getLong(8),
                                h.getLong(16),
                                h.getInt(24),
                                h.getInt(28),
                                h.getDouble(32),
                                h.getLong(40),
                                h.getLong(48),
                                h.getInt(56),
                                m.get(3));
                        blocks.add(in);
                        if (!onBlock.answer(this, in, out)) {
                            if (exitCode == 0) {
                                exitCode = 1;
                            }
                            return; // dies without a word, as a crashed interpreter would
                        }
                    }
                    case "snapshot" -> out.send(ascii("snapshot"), state);
                    case "restore" -> {
                        restored = m.get(1);
                        out.send(ascii("restored"));
                    }
                    case "stop" -> {
                        out.send(ascii("stopped"));
                        return;
                    }
                    default -> out.send(ascii("error"), ascii("{\"message\":\"unknown verb\",\"traceback\":\"\"}"));
                }
            }
        }
    }

    @Override
    public long pid() {
        return PID;
    }

    @Override
    public boolean alive() {
        return thread.isAlive();
    }

    @Override
    public int exitCode() {
        return exitCode;
    }

    @Override
    public String lastErrorLine() {
        return lastErrorLine;
    }

    @Override
    public void destroy(long graceMillis) {
        ended = true;
        try {
            thread.join(graceMillis + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
