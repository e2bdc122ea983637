package org.neurorig.testkit;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;

/** A prepared processor: feed it blocks, then look at what it emitted. Made by {@link Harness#processor}. */
public final class ProcessorRun {
    private final Processor processor;
    private final List<StreamSpec> outputs;
    private final CollectingEmitter out;
    private final TestContext context;

    ProcessorRun(Processor processor, List<StreamSpec> outputs, TestContext context) {
        this.processor = processor;
        this.outputs = List.copyOf(outputs);
        this.out = new CollectingEmitter(outputs);
        this.context = context;
    }

    /** The output streams {@code prepare} returned, one per port. */
    public List<StreamSpec> outputs() {
        return outputs;
    }

    /** Hands one block to {@code process}. */
    public ProcessorRun feed(Block in) {
        long before = Blocks.fingerprint(in);
        try {
            processor.process(in, out);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("processor " + Harness.nameOf(processor) + " failed on " + in, e);
        }
        Blocks.checkUnchanged(before, in, "processor", processor);
        return this;
    }

    /** Sets the block's input index (its position in the prepared inputs), then feeds it. */
    public ProcessorRun feed(int input, Block in) {
        BlockStamp.input(in, input);
        return feed(in);
    }

    /** Feeds the blocks in order. */
    public ProcessorRun feedAll(List<Block> in) {
        for (Block b : in) {
            feed(b);
        }
        return this;
    }

    /** Calls {@code close()} on the processor. */
    public ProcessorRun close() {
        try {
            processor.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("processor " + Harness.nameOf(processor) + " failed in close()", e);
        }
        return this;
    }

    /** Everything emitted so far, per port. */
    public CollectingEmitter out() {
        return out;
    }

    /** The status reports of the processor. */
    public TestContext context() {
        return context;
    }
}
