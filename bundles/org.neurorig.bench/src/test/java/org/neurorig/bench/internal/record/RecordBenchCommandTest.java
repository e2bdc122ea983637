package org.neurorig.bench.internal.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.Sink;
import org.neurorig.api.StreamSpec;

/**
 * How {@code bench record} feeds a recorder: every probe's blocks in order, as the runtime would
 * hand them over. The real recorder is measured through the distribution in {@code BenchCommandsIT}.
 */
class RecordBenchCommandTest {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    /** Notes, per block, the input, sequence number, first sample and sample count. */
    private static class Notebook implements Sink {
        final List<long[]> seen = new ArrayList<>();
        List<StreamSpec> inputs;
        boolean closed;

        @Override
        public void prepare(List<StreamSpec> in, NodeContext context) {
            inputs = in;
        }

        @Override
        public void accept(Block b) {
            seen.add(new long[] {b.input(), b.seq(), b.firstSample(), b.sampleCount()});
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void everyProbeGetsEveryBlockInOrderAndTheFiguresFollow() throws Exception {
        Notebook rec = new Notebook();
        // 0.01 s at 30 kHz in 30-sample blocks: 10 blocks per probe
        RecordBenchCommand.Result r = RecordBenchCommand.run(rec, 2, 0.01, 384, 30000, 30, NOWHERE);
        assertThat(rec.inputs).extracting(StreamSpec::name).containsExactly("probe0.ap", "probe1.ap");
        assertThat(rec.inputs.get(0).channelCount()).isEqualTo(384);
        assertThat(rec.closed).isTrue();
        assertThat(rec.seen).hasSize(20);
        for (int k = 0; k < 10; k++) {
            for (int p = 0; p < 2; p++) {
                assertThat(rec.seen.get(2 * k + p)).containsExactly(p, k, 30L * k, 30);
            }
        }
        assertThat(r.samplesPerProbe()).isEqualTo(300);
        assertThat(r.dataSeconds()).isEqualTo(0.01);
        // per sample: 384 int16 values, an int64 sample number and a float64 timestamp
        assertThat(r.bytes()).isEqualTo(2L * 300 * (384 * 2 + 16));
        assertThat(r.format())
                .startsWith("record: 2 probe(s) x 384 ch x 30000 Hz int16, 0.0 s of data each: ")
                .endsWith(", 300 samples/probe written, 0 dropped");
    }

    @Test
    void aFailureTheRecorderReportsFailsTheRun() {
        Notebook failing = new Notebook() {
            NodeContext context;

            @Override
            public void prepare(List<StreamSpec> in, NodeContext c) {
                context = c;
            }

            @Override
            public void accept(Block b) {
                context.status(NodeStatus.FAILED, "disk full");
            }
        };
        assertThatThrownBy(() -> RecordBenchCommand.run(failing, 1, 0.001, 4, 30000, 30, NOWHERE))
                .isInstanceOf(IOException.class)
                .hasMessage("disk full");
    }

    @Test
    void badOptionsExit64WithTheUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new RecordBenchCommand()
                .run(List.of("--bogus"), NOWHERE, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(64);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("neurorig bench record: unknown option --bogus\n"
                        + "usage: neurorig bench record [--quick] [--probes N] [--seconds S] [--channels C] [--rate HZ]"
                        + " [--block B] [--dir DIR] [--keep]\n");
        assertThat(new RecordBenchCommand().run(List.of("--probes", "0"), NOWHERE, NOWHERE))
                .isEqualTo(64);
    }
}
