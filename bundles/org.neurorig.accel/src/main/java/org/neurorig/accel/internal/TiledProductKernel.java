package org.neurorig.accel.internal;

import com.aparapi.Range;

/**
 * The product of {@link ProductKernel} with one output per work-item: each 16 × 16 work-group
 * stages a 16-deep slice of A and B in local memory, so every global value is read once per
 * group instead of once per work-item. Deep products (AᵀB over many rows) give the device
 * slices × tiles work-groups in one launch instead of one launch per slice.
 */
public final class TiledProductKernel extends ProductKernel {
    /** Side of the work-group and of the local-memory tiles. */
    public static final int TILE = 16;

    @Local
    final float[] tileA = new float[TILE * TILE];

    @Local
    final float[] tileB = new float[TILE * TILE];

    /** See {@link ProductKernel}: runs in Java only. */
    @NoCL
    void markJava() {
        ranInJava.lazySet(true);
    }

    @Override
    void launch(int slices) {
        // the range must name the device Aparapi will target: after a failure that is no longer the one chosen
        execute(Range.create3D(getTargetDevice(), roundUp(n, TILE), roundUp(m, TILE), slices, TILE, TILE, 1));
    }

    @Override
    public void run() {
        markJava();
        int lj = getLocalId(0);
        int li = getLocalId(1);
        int j = getGlobalId(0);
        int i = getGlobalId(1);
        int i0 = i - li;
        int j0 = j - lj;
        int slice = getGlobalId(2);
        int kStart = slice * kSlice;
        int kEnd = min(depth, kStart + kSlice);
        float acc = 0f;
        for (int k0 = kStart; k0 < kEnd; k0 += TILE) {
            // work-item (lj, li) stages A(i0+lj, k0+li) and B(k0+li, j0+lj)
            int k = k0 + li;
            int ia = i0 + lj;
            float av = 0f;
            float bv = 0f;
            if (k < kEnd && ia < m) {
                av = a[aOffset + ia * aStrideI + k * aStrideK];
            }
            if (k < kEnd && j < n) {
                int ib = bOffset + k * bStrideK + j;
                bv = bIsA == 1 ? a[ib] : b[ib];
            }
            tileA[li * TILE + lj] = av;
            tileB[li * TILE + lj] = bv;
            localBarrier();
            for (int kk = 0; kk < TILE; kk++) {
                acc += tileA[kk * TILE + li] * tileB[kk * TILE + lj];
            }
            localBarrier();
        }
        if (i < m && j < n) {
            c[slice * m * n + i * n + j] = acc;
        }
    }
}
