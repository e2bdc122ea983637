package org.neurorig.plugin.models.internal;

import java.util.List;
import org.neurorig.api.Block;

/**
 * Turns a sparse label stream ({@code EVENTS}) into one-hot feature rows: an event of state 1
 * whose text is one of {@code labels} switches that label on from its sample number on; an event
 * of state 0, or with another text, switches it off (e.g. {@code sim.handwriting}'s character
 * name and {@code "end"} markers). Events may arrive ahead of the rows they label; one that
 * arrives late applies from the next row asked for.
 */
final class LabelFeatures {
    private static final int PENDING = 4096;
    private final List<String> labels;
    private final long[] pendingSample = new long[PENDING];
    private final int[] pendingLabel = new int[PENDING];
    private int head;
    private int tail;
    private int current = -1;

    LabelFeatures(List<String> labels) {
        this.labels = labels;
    }

    int width() {
        return labels.size();
    }

    /** Queues the events of a block. */
    void push(Block events, String inputName) {
        for (int i = 0; i < events.sampleCount(); i++) {
            String text = events.itemText()[i];
            if (text == null) {
                continue;
            }
            if (tail - head == PENDING) {
                throw new IllegalStateException("input " + inputName + ": more than " + PENDING
                        + " label events ahead of the rows; are the inputs numbered on the same clock?");
            }
            pendingSample[tail % PENDING] = events.itemSample()[i];
            pendingLabel[tail % PENDING] = events.itemValue()[i] == 0 ? -1 : labels.indexOf(text);
            tail++;
        }
    }

    /** Writes the one-hot row of sample {@code t} (non-decreasing between calls) into {@code dst}. */
    void row(long t, float[] dst) {
        while (head < tail && pendingSample[head % PENDING] <= t) {
            current = pendingLabel[head % PENDING];
            head++;
        }
        for (int i = 0; i < dst.length; i++) {
            dst[i] = i == current ? 1 : 0;
        }
    }
}
