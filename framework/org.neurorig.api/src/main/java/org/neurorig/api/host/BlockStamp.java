package org.neurorig.api.host;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import org.neurorig.api.Block;

/**
 * What only the host sets on a {@link Block}: its per-stream sequence number, stamped when a block
 * is published or decoded, and the input it arrived on, stamped when it is delivered. Nodes read
 * both ({@link Block#seq()}, {@link Block#input()}) and never set them: a node that renumbered a
 * block would hide or fake a gap downstream. The runtime, the bus and the test kit are the callers;
 * a plugin that imports this package is doing the host's job.
 *
 * <p>Block keeps the two fields private and offers no setter; the handles below reach them, which
 * costs a plain field store once the JIT has compiled the call.
 */
public final class BlockStamp {
    private static final VarHandle SEQ;
    private static final VarHandle INPUT;
    private static final MethodHandle VIEW;

    static {
        try {
            // Block and this class are in one bundle (one class loader, one unnamed module), so the
            // private lookup is allowed without any opening of the package.
            MethodHandles.Lookup block = MethodHandles.privateLookupIn(Block.class, MethodHandles.lookup());
            SEQ = block.findVarHandle(Block.class, "seq", long.class);
            INPUT = block.findVarHandle(Block.class, "input", int.class);
            VIEW = block.findConstructor(Block.class, MethodType.methodType(void.class, Block.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private BlockStamp() {}

    /** Sets the block's per-stream sequence number. */
    public static void seq(Block block, long seq) {
        SEQ.set(block, seq);
    }

    /** Sets the index of the input (in the node's {@code prepare} list) the block arrived on. */
    public static void input(Block block, int input) {
        INPUT.set(block, input);
    }

    /**
     * A new block that shares {@code shared}'s arrays (no samples are copied) and has header fields
     * of its own, all zero until {@link #header} fills them. The bus gives each consumer such a view
     * of a published block, so that each sees its own {@link Block#input()}. Allocates: call it
     * once per (consumer, pooled block), never per block.
     */
    public static Block view(Block shared) {
        try {
            return (Block) VIEW.invokeExact(shared);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Copies sequence number, first sample, sample count, acquisition time and flags from
     * {@code from} to {@code to} (a view of it), and stamps {@code to}'s input.
     */
    public static void header(Block from, Block to, int input) {
        SEQ.set(to, from.seq());
        to.copyTimingFrom(from);
        to.setSampleCount(from.sampleCount());
        INPUT.set(to, input);
    }
}
