package org.neurorig.plugin.models.internal;

/**
 * Rows of one input waiting for their partner row on the other input (the two streams are
 * paired row by row). A fixed ring: when one input runs too far ahead, that is an error, not a
 * growing heap.
 */
final class RowQueue {
    private final int width;
    private final int capacity;
    private final float[] rows;
    private long head;
    private long tail;

    RowQueue(int width, int capacity) {
        this.width = width;
        this.capacity = capacity;
        this.rows = new float[Math.multiplyExact(width, capacity)];
    }

    int size() {
        return (int) (tail - head);
    }

    /** Appends {@code count} rows of {@code src} from row 0. */
    void push(float[] src, int count, String inputName) {
        if (size() + count > capacity) {
            throw new IllegalStateException("input " + inputName + " is more than " + capacity
                    + " rows ahead of the other input (maxSkewRows); are both streams at the same bin rate?");
        }
        for (int r = 0; r < count; r++) {
            System.arraycopy(src, r * width, rows, (int) (tail++ % capacity) * width, width);
        }
    }

    /** Offset in {@link #array()} of the oldest row. */
    int headOffset() {
        return (int) (head % capacity) * width;
    }

    float[] array() {
        return rows;
    }

    void pop() {
        head++;
    }

    void clear() {
        head = tail;
    }
}
