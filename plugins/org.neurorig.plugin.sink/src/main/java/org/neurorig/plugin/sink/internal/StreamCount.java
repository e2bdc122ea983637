package org.neurorig.plugin.sink.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;

/**
 * Running counts of one input stream: blocks, samples (items for events and spikes), missing
 * sequence numbers, unflagged sample discontinuities, the sample range seen, for dense kinds the
 * smallest and largest value, and when asked a hash of all the data.
 */
final class StreamCount {
    final String name;
    final Kind kind;
    long blocks;
    long samples;
    /** Sequence numbers skipped; a backwards jump (a restarted producer) counts as one. */
    long seqGaps;
    /** Dense blocks not starting where the previous one ended, without {@link Block#FLAG_DISCONTINUITY}. */
    long sampleGaps;
    /** First sample seen; {@code endSample} is one past the last. Both meaningless while {@code samples == 0}. */
    long firstSample;

    long endSample;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    /**
     * Order-sensitive hash of every dense value, or of every item's fields (see {@link #addItems}):
     * word k of the stream goes to lane k mod 4, each lane a 64-bit FNV-1a over its words (each
     * sign-extended to a long), and the reported hash is FNV-1a over the four lanes. Four lanes
     * because one FNV-1a chain costs a multiply's latency per value (a quarter of a core for 8
     * probes); the lanes run side by side. Two runs produced the same data exactly when their hashes
     * agree (what the hot-swap and chain tests compare against an uninterrupted run or a reference).
     */
    private final long[] lanes = {FNV_OFFSET, FNV_OFFSET, FNV_OFFSET, FNV_OFFSET};
    /** Words hashed so far: the next one goes to lane {@code words & 3}. */
    private long words;

    static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private long nextSeq;

    static final long FNV_PRIME = 0x100000001b3L;

    /** Regular streams only: an irregular one (rate 0) has no sample continuity to check. */
    private final boolean checkSamples;

    /** Off by default: the hash costs a multiply per value, the rest of the counting almost nothing. */
    private final boolean hashing;

    StreamCount(StreamSpec spec, String name, boolean hashing) {
        this.name = name;
        this.kind = spec.kind();
        this.checkSamples = spec.sampleRate() > 0;
        this.hashing = hashing;
    }

    void add(Block b) {
        if (blocks > 0 && b.seq() != nextSeq) {
            seqGaps += b.seq() > nextSeq ? b.seq() - nextSeq : 1;
        }
        nextSeq = b.seq() + 1;
        blocks++;
        int n = b.sampleCount();
        if (kind.isDense()) {
            addDense(b, n);
        } else if (n > 0) {
            long[] at = b.itemSample();
            if (samples == 0) {
                firstSample = at[0];
            }
            endSample = at[n - 1] + 1;
            if (hashing) {
                addItems(b, n);
            }
        }
        samples += n;
    }

    /**
     * Hashes each item in order: its sample number (the whole long in one step), channel (line) and
     * value (unit, state); then a spike's waveform floats as their bits (as dense floats are); an
     * event's text as its length, or -1 for none, followed by its UTF-16 code units, so that no text
     * and an empty text differ and a text cannot run into the next item.
     */
    private void addItems(Block b, int n) {
        long[] at = b.itemSample();
        int[] channel = b.itemChannel();
        int[] value = b.itemValue();
        int w = kind == Kind.SPIKES ? b.waveformLength() : 0;
        float[] wave = b.f32();
        String[] text = kind == Kind.EVENTS ? b.itemText() : null;
        for (int i = 0; i < n; i++) {
            word(at[i]);
            word(channel[i]);
            word(value[i]);
            for (int j = i * w, end = j + w; j < end; j++) {
                word(Float.floatToIntBits(wave[j]));
            }
            if (text != null) {
                String t = text[i];
                if (t == null) {
                    word(-1);
                } else {
                    word(t.length());
                    for (int k = 0; k < t.length(); k++) {
                        word(t.charAt(k));
                    }
                }
            }
        }
    }

    private void addDense(Block b, int n) {
        if (n == 0) {
            return;
        }
        if (samples == 0) {
            firstSample = b.firstSample();
        } else if (checkSamples && b.firstSample() != endSample && (b.flags() & Block.FLAG_DISCONTINUITY) == 0) {
            sampleGaps++;
        }
        endSample = b.firstSample() + n;
        int values = n * b.channelCount();
        // Range in the values' own type: Math.min/max on doubles cost more than the hash itself.
        if (kind == Kind.CONTINUOUS_I16) {
            short[] d = b.i16();
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (int i = 0; i < values; i++) {
                int v = d[i];
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
            min = Math.min(min, lo);
            max = Math.max(max, hi);
            if (!hashing) {
                return;
            }
            int i = 0;
            for (; i < values && (words & 3) != 0; i++) {
                word(d[i]);
            }
            long l0 = lanes[0];
            long l1 = lanes[1];
            long l2 = lanes[2];
            long l3 = lanes[3];
            for (; i + 3 < values; i += 4) {
                l0 = (l0 ^ d[i]) * FNV_PRIME;
                l1 = (l1 ^ d[i + 1]) * FNV_PRIME;
                l2 = (l2 ^ d[i + 2]) * FNV_PRIME;
                l3 = (l3 ^ d[i + 3]) * FNV_PRIME;
                words += 4;
            }
            storeLanes(l0, l1, l2, l3);
            for (; i < values; i++) {
                word(d[i]);
            }
        } else {
            float[] d = b.f32();
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            // Math.min/max on floats (a NaN makes the range NaN) vectorise here: twice as fast as
            // comparisons with a separate NaN check (int16 is the other way round).
            for (int i = 0; i < values; i++) {
                lo = Math.min(lo, d[i]);
                hi = Math.max(hi, d[i]);
            }
            min = Math.min(min, lo);
            max = Math.max(max, hi);
            if (!hashing) {
                return;
            }
            int i = 0;
            for (; i < values && (words & 3) != 0; i++) {
                word(Float.floatToIntBits(d[i]));
            }
            long l0 = lanes[0];
            long l1 = lanes[1];
            long l2 = lanes[2];
            long l3 = lanes[3];
            for (; i + 3 < values; i += 4) {
                l0 = (l0 ^ Float.floatToIntBits(d[i])) * FNV_PRIME;
                l1 = (l1 ^ Float.floatToIntBits(d[i + 1])) * FNV_PRIME;
                l2 = (l2 ^ Float.floatToIntBits(d[i + 2])) * FNV_PRIME;
                l3 = (l3 ^ Float.floatToIntBits(d[i + 3])) * FNV_PRIME;
                words += 4;
            }
            storeLanes(l0, l1, l2, l3);
            for (; i < values; i++) {
                word(Float.floatToIntBits(d[i]));
            }
        }
    }

    private void storeLanes(long l0, long l1, long l2, long l3) {
        lanes[0] = l0;
        lanes[1] = l1;
        lanes[2] = l2;
        lanes[3] = l3;
    }

    /** Hashes one word into its lane. */
    private void word(long v) {
        int k = (int) (words++ & 3);
        lanes[k] = (lanes[k] ^ v) * FNV_PRIME;
    }

    /** FNV-1a over the four lanes: the hash reported. */
    long hash() {
        long h = FNV_OFFSET;
        for (long l : lanes) {
            h = (h ^ l) * FNV_PRIME;
        }
        return h;
    }

    /** The counts as written to the JSON file; absent values are {@code null}. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blocks", blocks);
        m.put("samples", samples);
        m.put("seqGaps", seqGaps);
        m.put("sampleGaps", sampleGaps);
        m.put("firstSample", samples > 0 ? firstSample : null);
        m.put("endSample", samples > 0 ? endSample : null);
        boolean haveRange = kind.isDense() && min <= max;
        m.put("min", haveRange ? value(min) : null);
        m.put("max", haveRange ? value(max) : null);
        m.put("hash", hashing ? Long.toHexString(hash()) : null);
        return m;
    }

    private Number value(double v) {
        return kind == Kind.CONTINUOUS_I16 ? (Number) Long.valueOf((long) v) : (Number) Float.valueOf((float) v);
    }
}
