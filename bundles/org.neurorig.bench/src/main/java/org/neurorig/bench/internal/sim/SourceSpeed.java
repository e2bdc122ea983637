package org.neurorig.bench.internal.sim;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;

/**
 * How fast a simulator generates, for the bench commands: the source is opened, read into one
 * reusable block per port whose contents are thrown away (so only generation is timed), and closed.
 */
final class SourceSpeed {
    private SourceSpeed() {}

    /**
     * What {@link #measure} counted: samples of port 0 (what {@code read} returns), that port's
     * sample rate and wall seconds.
     */
    record Measured(long samples, double sampleRate, double wallSeconds) {
        /** Seconds of signal generated per second of wall time. */
        double realtimeFactor() {
            return samples / sampleRate / wallSeconds;
        }
    }

    /**
     * Reads {@code source} for at least {@code seconds} of wall time, checking the clock every
     * {@code readsPerCheck} reads, then closes it.
     */
    static Measured measure(Source source, double seconds, int readsPerCheck) throws Exception {
        List<StreamSpec> specs = source.open(new NodeContext() {
            @Override
            public String nodeName() {
                return "bench";
            }

            @Override
            public void status(NodeStatus status, String message) {}
        });
        Block[] blocks = specs.stream().map(Block::forSpec).toArray(Block[]::new);
        Emitter discard = new Emitter() {
            @Override
            public Block block(int port) {
                return blocks[port];
            }

            @Override
            public void emit(int port) {
                blocks[port].clear();
            }
        };
        long samples = 0;
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < readsPerCheck; i++) {
                samples += source.read(discard);
            }
            now = System.nanoTime();
        } while (now < deadline);
        source.close();
        return new Measured(samples, specs.get(0).sampleRate(), (now - t0) / 1e9);
    }
}
