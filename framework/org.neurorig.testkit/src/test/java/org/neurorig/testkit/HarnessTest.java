package org.neurorig.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.Processor;
import org.neurorig.api.Sink;
import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;

class HarnessTest {
    private static final StreamSpec F32 = StreamSpec.builder("in", Kind.CONTINUOUS_F32)
            .channelCount(2)
            .sampleRate(1000)
            .blockSamples(8)
            .build();

    @Test
    void runSourceReadsUntilEnoughSamplesAndStampsSeq() {
        Harness.SourceRun run = Harness.runSource(new RampSource(3, 1000, 7), 20);
        assertThat(run.specs()).hasSize(1);
        assertThat(run.out().emitted(0)).hasSize(3);
        assertThat(run.out().emittedSamples(0)).isEqualTo(21);
        assertThat(run.out().emitted(0)).extracting(Block::seq).containsExactly(0L, 1L, 2L);
        BlockAssert.assertContinuous(run.out().emitted(0));
    }

    @Test
    void runSourceFailsNamingTheSourceWhenItStaysIdle() {
        Source idle = new Source() {
            @Override
            public List<StreamSpec> open(NodeContext context) {
                return List.of(F32);
            }

            @Override
            public int read(Emitter out) {
                return 0;
            }
        };
        assertThatThrownBy(() -> Harness.runSource(idle, 10, 3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("returned 0 from read() 3 times")
                .hasMessageContaining("0 of 10");
    }

    @Test
    void processorRunCollectsOutputsAndStatuses() {
        Processor doubler = new Processor() {
            private NodeContext ctx;

            @Override
            public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) {
                ctx = context;
                return List.of(inputs.get(0).withName("out"));
            }

            @Override
            public void process(Block in, Emitter out) throws InterruptedException {
                Block o = out.block(0);
                o.copyTimingFrom(in);
                o.setSampleCount(in.sampleCount());
                for (int i = 0; i < in.sampleCount() * in.channelCount(); i++) {
                    o.f32()[i] = 2 * in.f32()[i];
                }
                out.emit(0);
                ctx.status(NodeStatus.OK, "block " + in.seq());
            }
        };
        float[] data = new float[2 * 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        ProcessorRun run = Harness.processor(doubler, F32).feedAll(Blocks.split(F32, data, new int[] {8, 5, 7}));
        assertThat(run.outputs()).extracting(StreamSpec::name).containsExactly("out");
        float[] out = Blocks.concatF32(run.out().emitted(0));
        assertThat(out[39]).isEqualTo(78f);
        BlockAssert.assertContinuous(run.out().emitted(0));
        assertThat(run.context().messages()).containsExactly("block 0", "block 1", "block 2");
        assertThat(run.context().lastStatus()).isEqualTo(NodeStatus.OK);
        run.out().clearEmitted();
        assertThat(run.out().emitted(0)).isEmpty();
    }

    @Test
    void sinkRunFeedsEveryBlockWithItsInputIndex() {
        int[] seen = new int[2];
        Sink counter = in -> seen[in.input()] += in.sampleCount();
        float[] data = new float[2 * 10];
        SinkRun run = Harness.sink(counter, F32, F32);
        List<Block> blocks = Blocks.split(F32, data, new int[] {4, 6});
        run.feed(0, blocks.get(0)).feed(1, blocks.get(1));
        assertThat(seen).containsExactly(4, 6);
    }

    @Test
    void emitterRejectsUndeclaredPort() {
        CollectingEmitter e = new CollectingEmitter(List.of(F32));
        assertThatThrownBy(() -> e.block(1)).isInstanceOf(AssertionError.class).hasMessageContaining("port 1");
    }

    @Test
    void aNodeThatWritesToItsInputOrToAnEmittedBlockIsCaught() {
        Processor scalesInPlace = (in, out) -> {
            in.f32()[0] *= 2; // wrong: the input is shared with the stream's other consumers
            Block o = out.block(0);
            o.copyFrom(in);
            out.emit(0);
        };
        Block in = Block.forSpec(F32);
        in.setSampleCount(1);
        in.f32()[0] = 1;
        ProcessorRun run = Harness.processor(scalesInPlace, F32);
        assertThatThrownBy(() -> run.feed(in))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("wrote to its input block");

        Sink keepsWriting = b -> b.setFirstSample(b.firstSample() + 1);
        assertThatThrownBy(() -> Harness.sink(keepsWriting, F32).feed(in))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("wrote to its input block");

        // Writing to a block after emitting it changes what was emitted, as in a rig.
        Processor writesLate = (b, out) -> {
            Block o = out.block(0);
            o.copyFrom(b);
            out.emit(0);
            o.f32()[0] = -1;
        };
        ProcessorRun late = Harness.processor(writesLate, F32);
        Block clean = Block.forSpec(F32);
        clean.setSampleCount(1);
        clean.f32()[0] = 5;
        late.feed(clean);
        assertThat(late.out().emitted(0).get(0).f32()[0]).isEqualTo(-1f);
        assertThat(late.out().block(0)).isNotSameAs(late.out().emitted(0).get(0));
    }
}
