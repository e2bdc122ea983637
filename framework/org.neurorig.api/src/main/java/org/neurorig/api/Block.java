package org.neurorig.api;

import java.util.Arrays;

/**
 * A run of samples (or items) of one stream. Blocks are preallocated by the runtime and reused:
 * a plugin may touch a block only inside the call that hands it over (an output block: until it
 * emits it) and keeps no reference after that.
 *
 * <p>Dense kinds ({@link Kind#CONTINUOUS_I16}, {@link Kind#CONTINUOUS_F32}, {@link Kind#MATRIX_F32})
 * store {@code sampleCount × channelCount} values sample-major interleaved
 * ({@code s0c0 s0c1 … s1c0 …}) in {@link #i16()} or {@link #f32()}. Item kinds store one entry per
 * event or spike in the {@code item…} arrays, and {@code sampleCount} is the number of items;
 * spike waveforms ({@code waveformLength} floats each) follow one another in {@link #f32()}.
 *
 * <p>A block a node receives may be shared with other consumers of the same stream (the host
 * hands one published block to all of them without copying): read it, never write to its arrays.
 *
 * <p>Over 300 lines because it is one thing, the data model of a block (its arrays, timing fields,
 * and the copy, append and compare operations on them), which every plugin touches on the hot path.
 */
public final class Block {
    /** The samples before this block are missing on purpose (device reconnect, playback seek). */
    public static final int FLAG_DISCONTINUITY = 1;
    /** The producer will send nothing more on this stream. */
    public static final int FLAG_END_OF_STREAM = 2;

    private final Kind kind;
    private final int channelCount;
    private final int capacity;
    private final int waveformLength;
    // Not final: a view given to a consumer is pointed at each delivered block's storage in turn
    // (org.neurorig.api.host.BlockStamp#show), so that it never keeps an old block's arrays alive.
    private short[] i16;
    private float[] f32;
    private long[] itemSample;
    private int[] itemChannel;
    private int[] itemValue;
    private String[] itemText;

    /** Set only by {@link org.neurorig.api.host.BlockStamp}, which finds this field by its name. */
    private long seq;

    private long firstSample;
    private int sampleCount;
    private long acqTimeNanos;
    private int flags;
    /** Set only by {@link org.neurorig.api.host.BlockStamp}, which finds this field by its name. */
    private int input;

    private Block(Kind kind, int channelCount, int capacity, int waveformLength) {
        java.util.Objects.requireNonNull(kind, "kind");
        if (channelCount < 0 || capacity < 1 || waveformLength < 0) {
            throw new IllegalArgumentException(
                    "bad block shape: " + channelCount + " ch, capacity " + capacity + ", waveform " + waveformLength);
        }
        this.kind = kind;
        this.channelCount = channelCount;
        this.capacity = capacity;
        this.waveformLength = kind == Kind.SPIKES ? waveformLength : 0;
        int dense = Math.multiplyExact(capacity, channelCount);
        this.i16 = kind == Kind.CONTINUOUS_I16 ? new short[dense] : new short[0];
        if (kind == Kind.CONTINUOUS_F32 || kind == Kind.MATRIX_F32) {
            this.f32 = new float[dense];
        } else if (kind == Kind.SPIKES) {
            this.f32 = new float[Math.multiplyExact(capacity, this.waveformLength)];
        } else {
            this.f32 = new float[0];
        }
        boolean items = kind.isItems();
        this.itemSample = items ? new long[capacity] : new long[0];
        this.itemChannel = items ? new int[capacity] : new int[0];
        this.itemValue = items ? new int[capacity] : new int[0];
        this.itemText = kind == Kind.EVENTS ? new String[capacity] : new String[0];
    }

    /**
     * A second view of {@code shared}'s storage with header fields of its own: the bus hands one
     * published block to several consumers this way, each with its own {@link #input()}, without
     * copying samples. Reached only through {@link org.neurorig.api.host.BlockStamp#view}.
     */
    private Block(Block shared) {
        this.kind = shared.kind;
        this.channelCount = shared.channelCount;
        this.capacity = shared.capacity;
        this.waveformLength = shared.waveformLength;
        this.i16 = shared.i16;
        this.f32 = shared.f32;
        this.itemSample = shared.itemSample;
        this.itemChannel = shared.itemChannel;
        this.itemValue = shared.itemValue;
        this.itemText = shared.itemText;
    }

    /** A block for a dense kind or for events, holding up to {@code capacity} samples or items. */
    public static Block allocate(Kind kind, int channelCount, int capacity) {
        return new Block(kind, channelCount, capacity, 0);
    }

    /** A spike block whose items carry waveforms of {@code waveformLength} samples (0 = none). */
    public static Block allocateSpikes(int channelCount, int capacity, int waveformLength) {
        return new Block(Kind.SPIKES, channelCount, capacity, waveformLength);
    }

    /**
     * A block shaped for {@code spec}, with room for {@code spec.blockSamples()} samples or items
     * (and, for spikes, waveforms of {@code spec.waveformLength()} samples).
     */
    public static Block forSpec(StreamSpec spec) {
        return new Block(spec.kind(), spec.channelCount(), spec.blockSamples(), spec.waveformLength());
    }

    /** A spike block shaped for {@code spec} with waveforms of the given length. */
    public static Block forSpec(StreamSpec spec, int waveformLength) {
        return new Block(spec.kind(), spec.channelCount(), spec.blockSamples(), waveformLength);
    }

    public Kind kind() {
        return kind;
    }

    public int channelCount() {
        return channelCount;
    }

    /** Most samples (rows, items) this block can hold. */
    public int capacity() {
        return capacity;
    }

    /** Samples per spike waveform; 0 for other kinds or spikes without waveforms. */
    public int waveformLength() {
        return waveformLength;
    }

    /**
     * Per-stream sequence number: +1 per block from 0, stamped by the runtime on emit. Nodes read it
     * and never set it (a renumbered block would hide or fake a gap downstream); the host sets it
     * through {@link org.neurorig.api.host.BlockStamp}.
     */
    public long seq() {
        return seq;
    }

    /** Device sample index of the first sample (dense kinds); of the bin for matrices. */
    public long firstSample() {
        return firstSample;
    }

    public void setFirstSample(long firstSample) {
        this.firstSample = firstSample;
    }

    /** Samples (dense), rows (matrix) or items (events, spikes) in this block. */
    public int sampleCount() {
        return sampleCount;
    }

    public void setSampleCount(int n) {
        if (n < 0 || n > capacity) {
            throw new IllegalArgumentException("sampleCount " + n + " outside 0.." + capacity);
        }
        this.sampleCount = n;
    }

    /** Host clock (ns since the Unix epoch) when the first sample was acquired. */
    public long acqTimeNanos() {
        return acqTimeNanos;
    }

    public void setAcqTimeNanos(long acqTimeNanos) {
        this.acqTimeNanos = acqTimeNanos;
    }

    /** Bit set of {@code FLAG_…} values. */
    public int flags() {
        return flags;
    }

    public void setFlags(int flags) {
        this.flags = flags;
    }

    /**
     * Index, in the list given to {@code prepare}, of the input this block arrived on; set by the
     * host ({@link org.neurorig.api.host.BlockStamp}), never by a node.
     */
    public int input() {
        return input;
    }

    /** Backing int16 array of a {@link Kind#CONTINUOUS_I16} block (length = capacity × channels). */
    public short[] i16() {
        return i16;
    }

    /** Backing float array: dense float kinds, or concatenated spike waveforms. */
    public float[] f32() {
        return f32;
    }

    /** Sample number of each item (events, spikes). */
    public long[] itemSample() {
        return itemSample;
    }

    /** TTL line of each event; channel of each spike. */
    public int[] itemChannel() {
        return itemChannel;
    }

    /** State (1 rising, 0 falling) of each event; unit (0 = unsorted) of each spike. */
    public int[] itemValue() {
        return itemValue;
    }

    /** Optional text of each event ({@code null} for a plain TTL edge). */
    public String[] itemText() {
        return itemText;
    }

    /** Empties the block: no samples, no flags. Arrays keep their old contents. */
    public void clear() {
        sampleCount = 0;
        flags = 0;
    }

    /**
     * Appends one event.
     *
     * @return the item index
     * @throws IllegalStateException when the block is full or not an event block
     */
    public int addEvent(long sample, int line, int state, String text) {
        if (kind != Kind.EVENTS) {
            throw new IllegalStateException("addEvent on a " + kind + " block");
        }
        int i = nextItem();
        itemSample[i] = sample;
        itemChannel[i] = line;
        itemValue[i] = state;
        itemText[i] = text;
        return i;
    }

    /**
     * Appends one spike; its waveform, if any, is {@code f32()[i*waveformLength …]}.
     *
     * @return the item index
     */
    public int addSpike(long sample, int channel, int unit) {
        if (kind != Kind.SPIKES) {
            throw new IllegalStateException("addSpike on a " + kind + " block");
        }
        int i = nextItem();
        itemSample[i] = sample;
        itemChannel[i] = channel;
        itemValue[i] = unit;
        return i;
    }

    private int nextItem() {
        if (sampleCount == capacity) {
            throw new IllegalStateException("block full: " + capacity + " items");
        }
        return sampleCount++;
    }

    /** Copies first sample, acquisition time and flags from {@code other}. */
    public void copyTimingFrom(Block other) {
        this.firstSample = other.firstSample;
        this.acqTimeNanos = other.acqTimeNanos;
        this.flags = other.flags;
    }

    /**
     * Copies everything (header fields and the used part of the data) from a block of the same
     * kind and shape.
     */
    public void copyFrom(Block other) {
        if (other.kind != kind
                || other.channelCount != channelCount
                || other.waveformLength != waveformLength
                || other.sampleCount > capacity) {
            throw new IllegalArgumentException("shape mismatch: " + other + " into " + this);
        }
        seq = other.seq;
        firstSample = other.firstSample;
        sampleCount = other.sampleCount;
        acqTimeNanos = other.acqTimeNanos;
        flags = other.flags;
        input = other.input;
        int n = sampleCount;
        switch (kind) {
            case CONTINUOUS_I16 -> System.arraycopy(other.i16, 0, i16, 0, n * channelCount);
            case CONTINUOUS_F32, MATRIX_F32 -> System.arraycopy(other.f32, 0, f32, 0, n * channelCount);
            case EVENTS, SPIKES -> {
                System.arraycopy(other.itemSample, 0, itemSample, 0, n);
                System.arraycopy(other.itemChannel, 0, itemChannel, 0, n);
                System.arraycopy(other.itemValue, 0, itemValue, 0, n);
                if (kind == Kind.EVENTS) {
                    System.arraycopy(other.itemText, 0, itemText, 0, n);
                } else {
                    System.arraycopy(other.f32, 0, f32, 0, n * waveformLength);
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** True when both blocks hold the same header fields and the same used data. */
    public boolean contentEquals(Block o) {
        if (o.kind != kind
                || o.channelCount != channelCount
                || o.waveformLength != waveformLength
                || o.seq != seq
                || o.firstSample != firstSample
                || o.sampleCount != sampleCount
                || o.acqTimeNanos != acqTimeNanos
                || o.flags != flags) {
            return false;
        }
        int n = sampleCount;
        return switch (kind) {
            case CONTINUOUS_I16 -> Arrays.equals(i16, 0, n * channelCount, o.i16, 0, n * channelCount);
            case CONTINUOUS_F32, MATRIX_F32 -> Arrays.equals(f32, 0, n * channelCount, o.f32, 0, n * channelCount);
            case EVENTS -> Arrays.equals(itemSample, 0, n, o.itemSample, 0, n)
                    && Arrays.equals(itemChannel, 0, n, o.itemChannel, 0, n)
                    && Arrays.equals(itemValue, 0, n, o.itemValue, 0, n)
                    && Arrays.equals(itemText, 0, n, o.itemText, 0, n);
            case SPIKES -> Arrays.equals(itemSample, 0, n, o.itemSample, 0, n)
                    && Arrays.equals(itemChannel, 0, n, o.itemChannel, 0, n)
                    && Arrays.equals(itemValue, 0, n, o.itemValue, 0, n)
                    && Arrays.equals(f32, 0, n * waveformLength, o.f32, 0, n * waveformLength);
            default -> false;
        };
    }

    @Override
    public String toString() {
        return "Block[" + kind + " seq=" + seq + " first=" + firstSample + " n=" + sampleCount + " ch=" + channelCount
                + (waveformLength > 0 ? " wf=" + waveformLength : "") + "]";
    }
}
