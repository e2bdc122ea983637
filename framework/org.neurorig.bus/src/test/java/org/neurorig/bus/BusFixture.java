package org.neurorig.bus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Test plumbing: a proxy on free loopback ports, a ramp publisher, a decoding subscriber. */
final class BusFixture implements AutoCloseable {
    final ZContext ctx = new ZContext();
    final String subscribeEndpoint = "tcp://127.0.0.1:" + freePort();
    final String publishEndpoint = "tcp://127.0.0.1:" + freePort();
    final BusProxy proxy = new BusProxy(ctx, subscribeEndpoint, publishEndpoint);

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ramp value: int16 at sample n, channel c is (short) (n + c) (docs/WIRE.md test streams). */
    static short ramp(long n, int c) {
        return (short) (int) (n + c);
    }

    /** Publishes a ramp stream as a node would: descriptor, then blocks with seq 0, 1, 2… */
    static final class RampPublisher {
        final StreamSpec spec;
        final ZMQ.Socket socket;
        final WireCodec codec = new WireCodec();
        final Block block;
        final byte[] topic;
        final byte[] header = new byte[WireFormat.HEADER_BYTES];
        final byte[] payload;
        long seq;
        long nextSample;

        RampPublisher(ZContext ctx, String endpoint, String name, int channels, int blockSamples, long firstSample) {
            spec = StreamSpec.builder(name, Kind.CONTINUOUS_I16)
                    .channelCount(channels)
                    .sampleRate(30000)
                    .blockSamples(blockSamples)
                    .source("test")
                    .build();
            socket = ctx.createSocket(SocketType.PUB);
            socket.setSndHWM(0);
            socket.setLinger(0);
            socket.connect(endpoint);
            block = Block.forSpec(spec);
            topic = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            payload = new byte[2 * channels * blockSamples];
            nextSample = firstSample;
        }

        void sendDescriptor() {
            codec.writeDescriptorHeader(spec, 1, header);
            // send(byte[], off, len, flags) copies; send(byte[], flags) would hand ZeroMQ our reused
            // header array, and the next publish() would overwrite a message still in flight.
            socket.send(topic, ZMQ.SNDMORE);
            socket.send(header, 0, header.length, ZMQ.SNDMORE);
            socket.send(WireCodec.encodeDescriptor(spec), 0);
        }

        void publish(int flags) {
            int n = block.capacity();
            int ch = spec.channelCount();
            for (int s = 0; s < n; s++) {
                for (int c = 0; c < ch; c++) {
                    block.i16()[s * ch + c] = ramp(nextSample + s, c);
                }
            }
            block.setSampleCount(n);
            BlockStamp.seq(block, seq++);
            block.setFirstSample(nextSample);
            block.setAcqTimeNanos(System.nanoTime());
            block.setFlags(flags);
            nextSample += n;
            int len = codec.writePayload(block, payload);
            codec.writeHeader(block, spec.sampleRate(), 2, header);
            socket.send(topic, ZMQ.SNDMORE);
            socket.send(header, 0, header.length, ZMQ.SNDMORE);
            socket.send(payload, 0, len, 0);
        }
    }

    /** Receives and checks a ramp stream; counts value errors and keeps descriptors seen. */
    static final class RampSubscriber {
        final ZMQ.Socket socket;
        final WireHeader h = new WireHeader();
        final WireCodec codec = new WireCodec();
        final SeqTracker tracker = new SeqTracker();
        final List<StreamSpec> descriptors = new ArrayList<>();
        final byte[] headerBuf = new byte[WireFormat.HEADER_BYTES];
        byte[] payload = new byte[1 << 20];
        Block block;
        long valueErrors;
        long malformed;

        RampSubscriber(ZContext ctx, String endpoint, String prefix) {
            socket = ctx.createSocket(SocketType.SUB);
            socket.setRcvHWM(0);
            socket.setLinger(0);
            socket.setReceiveTimeOut(100);
            socket.connect(endpoint);
            socket.subscribe(prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /** Receives one message; returns its kind code ({@link WireFormat#DESCRIPTOR_CODE} for a descriptor), or -1 on timeout. */
        int receive() {
            byte[] topic = socket.recv(0);
            if (topic == null) {
                return -1;
            }
            int hl = socket.recv(headerBuf, 0, headerBuf.length, 0);
            int len = socket.recv(payload, 0, payload.length, 0);
            try {
                h.read(headerBuf, hl);
                if (h.isDescriptor()) {
                    StreamSpec spec = WireCodec.decodeDescriptor(payload, len);
                    descriptors.add(spec);
                    if (block == null) {
                        block = Block.forSpec(spec);
                    }
                    return WireFormat.DESCRIPTOR_CODE;
                }
                if (block == null) {
                    return h.kindCode(); // data before the shape is known: skip
                }
                codec.readPayload(h, payload, len, block);
            } catch (MalformedFrameException e) {
                malformed++;
                return h.kindCode();
            }
            tracker.observe(block.seq(), block.firstSample(), block.sampleCount(), block.flags());
            int ch = block.channelCount();
            for (int s = 0; s < block.sampleCount(); s++) {
                for (int c = 0; c < ch; c++) {
                    if (block.i16()[s * ch + c] != ramp(block.firstSample() + s, c)) {
                        valueErrors++;
                    }
                }
            }
            return h.kindCode();
        }

        /** Receives until {@code blocks} data blocks in total were decoded or {@code timeouts} empty polls. */
        void receiveBlocks(long blocks, int timeouts) {
            int idle = 0;
            while (tracker.blocks() < blocks && idle < timeouts) {
                if (receive() < 0) {
                    idle++;
                }
            }
        }

        /** Receives until a descriptor arrives or {@code timeouts} empty polls. */
        boolean awaitDescriptor(int timeouts) {
            int before = descriptors.size();
            for (int idle = 0; idle < timeouts && descriptors.size() == before; ) {
                if (receive() < 0) {
                    idle++;
                }
            }
            return descriptors.size() > before;
        }
    }

    /** Repeats the descriptor until the subscriber has it: the path through the proxy is then up. */
    static void handshake(RampPublisher pub, RampSubscriber sub) {
        for (int i = 0; i < 100; i++) {
            pub.sendDescriptor();
            if (sub.awaitDescriptor(1)) {
                return;
            }
        }
        throw new AssertionError("no descriptor reached the subscriber through the proxy in 100 tries");
    }

    @Override
    public void close() {
        proxy.close();
        ctx.close();
    }
}
