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
    private static final VarHandle I16;
    private static final VarHandle F32;
    private static final VarHandle ITEM_SAMPLE;
    private static final VarHandle ITEM_CHANNEL;
    private static final VarHandle ITEM_VALUE;
    private static final VarHandle ITEM_TEXT;

    static {
        try {
            // Block and this class are in one bundle (one class loader, one unnamed module), so the
            // private lookup is allowed without any opening of the package.
            MethodHandles.Lookup block = MethodHandles.privateLookupIn(Block.class, MethodHandles.lookup());
            SEQ = block.findVarHandle(Block.class, "seq", long.class);
            INPUT = block.findVarHandle(Block.class, "input", int.class);
            VIEW = block.findConstructor(Block.class, MethodType.methodType(void.class, Block.class));
            I16 = block.findVarHandle(Block.class, "i16", short[].class);
            F32 = block.findVarHandle(Block.class, "f32", float[].class);
            ITEM_SAMPLE = block.findVarHandle(Block.class, "itemSample", long[].class);
            ITEM_CHANNEL = block.findVarHandle(Block.class, "itemChannel", int[].class);
            ITEM_VALUE = block.findVarHandle(Block.class, "itemValue", int[].class);
            ITEM_TEXT = block.findVarHandle(Block.class, "itemText", String[].class);
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
     * once per consumer input, then {@link #show} each block through it.
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
     * Points {@code view} (made by {@link #view} from a block of the same stream) at {@code shared}'s
     * storage and copies its header: a consumer's one view per input shows each delivered block in
     * turn, without copying samples and without keeping an earlier block's arrays alive.
     *
     * @return false, changing nothing, when the two differ in kind or shape (make a new view)
     */
    public static boolean show(Block shared, Block view, int input) {
        if (shared.kind() != view.kind()
                || shared.channelCount() != view.channelCount()
                || shared.capacity() != view.capacity()
                || shared.waveformLength() != view.waveformLength()) {
            return false;
        }
        I16.set(view, shared.i16());
        F32.set(view, shared.f32());
        ITEM_SAMPLE.set(view, shared.itemSample());
        ITEM_CHANNEL.set(view, shared.itemChannel());
        ITEM_VALUE.set(view, shared.itemValue());
        ITEM_TEXT.set(view, shared.itemText());
        header(shared, view, input);
        return true;
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
