package org.neurorig.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;

/**
 * Emitter that keeps every emitted block (stamping {@code seq} per port from 0), for assertions.
 * Like the runtime it hands out one working block per port, shaped by that port's
 * {@link StreamSpec} ({@code blockSamples} is the capacity, {@code waveformLength} the spike
 * snippet size), keeps the emitted block itself (the runtime hands it to the consumers) and gives
 * a new one after each emit. A node that writes to a block after emitting it therefore changes
 * what its test sees, as it would change what its consumers see in a rig.
 */
public final class CollectingEmitter implements Emitter {
    private final List<StreamSpec> ports;
    private final Block[] working;
    private final long[] nextSeq;
    private final List<List<Block>> emitted = new ArrayList<>();

    public CollectingEmitter(List<StreamSpec> ports) {
        this.ports = List.copyOf(ports);
        this.working = new Block[ports.size()];
        this.nextSeq = new long[ports.size()];
        for (int p = 0; p < working.length; p++) {
            working[p] = Block.forSpec(ports.get(p));
            emitted.add(new ArrayList<>());
        }
    }

    /** The output streams, one per port. */
    public List<StreamSpec> ports() {
        return ports;
    }

    @Override
    public Block block(int port) {
        checkPort(port);
        return working[port];
    }

    @Override
    public void emit(int port) {
        checkPort(port);
        Block w = working[port];
        BlockStamp.seq(w, nextSeq[port]++);
        emitted.get(port).add(w);
        working[port] = w.kind() == Kind.SPIKES
                ? Block.allocateSpikes(w.channelCount(), w.capacity(), w.waveformLength())
                : Block.allocate(w.kind(), w.channelCount(), w.capacity());
    }

    /** The blocks emitted on {@code port} since the start or the last {@link #clearEmitted()}. */
    public List<Block> emitted(int port) {
        checkPort(port);
        return Collections.unmodifiableList(emitted.get(port));
    }

    /** Sum of {@code sampleCount} over {@link #emitted(int)}. */
    public int emittedSamples(int port) {
        long n = 0;
        for (Block b : emitted(port)) {
            n += b.sampleCount();
        }
        return Math.toIntExact(n);
    }

    /** Forgets the collected blocks; sequence numbers keep counting. */
    public void clearEmitted() {
        for (List<Block> l : emitted) {
            l.clear();
        }
    }

    private void checkPort(int port) {
        if (port < 0 || port >= working.length) {
            throw new AssertionError(
                    "node used output port " + port + " but declared " + working.length + " port(s): " + ports);
        }
    }
}
