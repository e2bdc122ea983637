package org.neurorig.plugin.record.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurorig.api.Block;
import org.neurorig.api.StreamSpec;

/**
 * Checks {@code seq} and {@code firstSample} continuity of every input and keeps each break, so that
 * a gap handed to the recorder is written to {@code gaps.json} and never silent. A flagged
 * discontinuity ({@link Block#FLAG_DISCONTINUITY}) is recorded too, marked as such. Allocates only
 * when a gap is found.
 */
final class GapLog {
    /** Gaps kept in detail; further ones are only counted. */
    static final int MAX_DETAILED = 10_000;

    private final String[] names;
    private final boolean[] dense;
    private final long[] nextSeq;
    private final long[] nextSample;
    private final boolean[] seen;
    private final long[] blocks;
    private final long[] seqGaps;
    private final long[] sampleGaps;
    private final List<Map<String, Object>> detail = new ArrayList<>();
    private boolean changed = true;

    GapLog(List<StreamSpec> inputs) {
        int n = inputs.size();
        names = new String[n];
        dense = new boolean[n];
        for (int i = 0; i < n; i++) {
            names[i] = inputs.get(i).name();
            dense[i] = inputs.get(i).kind().isDense();
        }
        nextSeq = new long[n];
        nextSample = new long[n];
        seen = new boolean[n];
        blocks = new long[n];
        seqGaps = new long[n];
        sampleGaps = new long[n];
    }

    /** Checks one block of input {@code i}. */
    void check(int i, Block b) {
        if (seen[i] && b.seq() != nextSeq[i]) {
            seqGaps[i]++;
            add(i, "seq", "expectedSeq", nextSeq[i], "seq", b.seq(), (b.flags() & Block.FLAG_DISCONTINUITY) != 0);
        }
        if (dense[i] && b.sampleCount() > 0) {
            if (seen[i] && b.firstSample() != nextSample[i]) {
                sampleGaps[i]++;
                add(
                        i,
                        "samples",
                        "expectedSample",
                        nextSample[i],
                        "firstSample",
                        b.firstSample(),
                        (b.flags() & Block.FLAG_DISCONTINUITY) != 0);
            }
            nextSample[i] = b.firstSample() + b.sampleCount();
        }
        seen[i] = true;
        nextSeq[i] = b.seq() + 1;
        blocks[i]++;
    }

    private void add(int i, String what, String expectedKey, long expected, String gotKey, long got, boolean flagged) {
        changed = true;
        if (detail.size() >= MAX_DETAILED) {
            return;
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("stream", names[i]);
        g.put("kind", what);
        g.put(expectedKey, expected);
        g.put(gotKey, got);
        g.put("missing", got - expected);
        g.put("discontinuityFlagged", flagged);
        g.put("afterBlock", blocks[i]);
        detail.add(g);
    }

    /** Gaps (sequence and sample breaks) found on input {@code i}. */
    long gaps(int i) {
        return seqGaps[i] + sampleGaps[i];
    }

    /** True once when something changed since the last call (the file needs rewriting). */
    boolean takeChanged() {
        boolean c = changed;
        changed = false;
        return c;
    }

    /** The {@code gaps.json} document. */
    Map<String, Object> toJson() {
        Map<String, Object> streams = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("blocks", blocks[i]);
            s.put("seqGaps", seqGaps[i]);
            s.put("sampleGaps", sampleGaps[i]);
            streams.put(names[i], s);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("streams", streams);
        doc.put("gaps", detail);
        return doc;
    }
}
