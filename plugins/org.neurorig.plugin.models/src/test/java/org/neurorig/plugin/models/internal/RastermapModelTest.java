package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/**
 * model.sort.rastermap through the test kit: process() allocates nothing while it fills the
 * window and starts a fit; the fit is emitted once, after refitSeconds of frames, numbered by that
 * frame, and orders the planted structure; a fit due while one runs is skipped and counted; the
 * end of the stream waits for a running fit; an input without a sample rate is refused.
 */
class RastermapModelTest {
    private static final double RATE = 30;

    @Test
    void fitEmittedAfterRefitSecondsAndProcessAllocatesNothing() throws Exception {
        PlantedPopulation p = new PlantedPopulation(2000, 300, 2, 40, 40, 0.3, 9);
        int n = p.neurons;
        RastermapModel m = model(120, 60, 1);
        ProcessorRun run = Harness.processor(m, frames(n, 1));
        Block b = Block.allocate(Kind.MATRIX_F32, n, 1);
        int refit = (int) (60 * RATE);
        for (int t = 0; t < 100; t++) {
            feed(run, b, p, t); // warms the JIT outside the measurement
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        for (int t = 100; t < refit; t++) {
            feed(run, b, p, t); // the last one starts the fit
        }
        long allocated = mx.getThreadAllocatedBytes(id) - before;
        System.out.printf(
                "model.sort.rastermap: %d bytes allocated by process() over %d frames%n", allocated, refit - 100);
        assertThat(allocated)
                .as("bytes allocated by process() over %d frames, the fit's start included", refit - 100)
                .isLessThan(4096);
        assertThat(run.out().emitted(0)).as("nothing before the fit has run").isEmpty();
        // empty blocks let process() emit the fit once it is done, as the next frame would
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int t = refit;
        while (run.out().emitted(0).isEmpty() && System.nanoTime() < deadline) {
            Block e = Block.allocate(Kind.MATRIX_F32, n, 1);
            e.setFirstSample(t);
            e.setSampleCount(0);
            run.feed(e);
            LockSupport.parkNanos(5_000_000L);
        }
        assertThat(run.out().emitted(0)).as("one fit emitted").hasSize(1);
        assertThat(run.out().emitted(1)).hasSize(1);
        Block order = run.out().emitted(0).get(0);
        Block bands = run.out().emitted(1).get(0);
        assertThat(order.firstSample())
                .as("numbered by the frame that started it")
                .isEqualTo(refit);
        assertThat(order.sampleCount()).isEqualTo(1);
        int[] o = new int[n];
        for (int r = 0; r < n; r++) {
            o[r] = (int) order.f32()[r];
            assertThat(order.f32()[r]).isEqualTo(o[r]);
            if (r > 0) {
                assertThat(bands.f32()[r]).as("band of row %d", r).isGreaterThanOrEqualTo(bands.f32()[r - 1]);
            }
        }
        assertThat(Arrays.stream(o).sorted().toArray())
                .isEqualTo(IntStream.range(0, n).toArray());
        int[] row = RastermapSorterTest.rowsOf(o);
        double rho = Math.abs(RastermapSorterTest.sequenceSpearman(row, p));
        System.out.printf(
                "model.sort.rastermap, %d neurons × %d frames: sequence |rho| %.3f, assemblies %d/40 and"
                        + " %d/40 in one run%n",
                n, refit, rho, RastermapSorterTest.longestRun(row, p, 0), RastermapSorterTest.longestRun(row, p, 1));
        assertThat(rho).isGreaterThanOrEqualTo(0.9);
        assertThat(RastermapSorterTest.longestRun(row, p, 0)).isGreaterThanOrEqualTo(36);
        assertThat(RastermapSorterTest.longestRun(row, p, 1)).isGreaterThanOrEqualTo(36);
        assertThat(run.context().lastMessage())
                .contains("fit 1 at frame " + refit)
                .contains("0 fits skipped");
        run.close();
    }

    @Test
    void fitDueWhileOneRunsIsSkippedAndEndOfStreamWaitsForIt() throws Exception {
        PlantedPopulation p = new PlantedPopulation(60, 50, 1, 20, 30, 0.3, 2);
        int n = p.neurons;
        RastermapModel m = model(4, 1, 1);
        ProcessorRun run = Harness.processor(m, frames(n, 60));
        // 60 frames in one block: the fit starts at frame 30, the next is due at frame 60, within
        // the same call, microseconds later, while the first one runs
        Block b = Block.allocate(Kind.MATRIX_F32, n, 60);
        System.arraycopy(p.x, 0, b.f32(), 0, 60 * n);
        b.setSampleCount(60);
        b.setFlags(Block.FLAG_END_OF_STREAM);
        run.feed(b);
        assertThat(m.skipped()).isEqualTo(1);
        assertThat(run.out().emitted(0))
                .as("the end of the stream waited for the fit")
                .hasSize(1);
        assertThat(run.out().emitted(0).get(0).firstSample()).isEqualTo(30);
        assertThat(run.context().lastMessage()).contains("1 fits skipped");
        run.close();
    }

    /** Bins of 2 frames, a 4 s window, a fit at 6 s: the fit takes the newest 60 rows of the 90 written. */
    @Test
    void fitTakesTheNewestWindowOfBinnedRows() throws Exception {
        PlantedPopulation p = new PlantedPopulation(180, 60, 1, 20, 20, 0.3, 5);
        int n = p.neurons;
        RastermapModel m = model(4, 6, 2);
        ProcessorRun run = Harness.processor(m, frames(n, 180));
        Block b = Block.allocate(Kind.MATRIX_F32, n, 180);
        System.arraycopy(p.x, 0, b.f32(), 0, 180 * n);
        b.setSampleCount(180);
        b.setFlags(Block.FLAG_END_OF_STREAM);
        run.feed(b);
        assertThat(run.out().emitted(0)).hasSize(1);
        assertThat(run.out().emitted(0).get(0).firstSample()).isEqualTo(180);
        assertThat(run.context().lastMessage()).contains(n + " neurons × 60 rows");
        run.close();
    }

    @Test
    void refusesInputWithoutSampleRate() {
        RastermapModel m = model(300, 60, 1);
        StreamSpec s = StreamSpec.builder("dff", Kind.MATRIX_F32)
                .channelCount(10)
                .sampleRate(0)
                .blockSamples(1)
                .build();
        assertThatThrownBy(() -> Harness.processor(m, s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dff")
                .hasMessageContaining("sample rate");
    }

    private static RastermapModel model(double windowSeconds, double refitSeconds, int binFrames) {
        RastermapModel m = new RastermapModel();
        m.activate(TestConfig.of(
                RastermapConfig.class,
                "windowSeconds",
                windowSeconds,
                "refitSeconds",
                refitSeconds,
                "binFrames",
                binFrames,
                "components",
                16,
                "clusters",
                30));
        return m;
    }

    private static StreamSpec frames(int n, int blockSamples) {
        return StreamSpec.builder("dff", Kind.MATRIX_F32)
                .channelCount(n)
                .sampleRate(RATE)
                .blockSamples(blockSamples)
                .build();
    }

    private static void feed(ProcessorRun run, Block b, PlantedPopulation p, int t) {
        System.arraycopy(p.x, t * p.neurons, b.f32(), 0, p.neurons);
        b.setFirstSample(t);
        b.setSampleCount(1);
        run.feed(b);
    }
}
