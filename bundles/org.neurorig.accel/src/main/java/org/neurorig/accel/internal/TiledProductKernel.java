package org.neurorig.accel.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import com.aparapi.Kernel;

/**
 * {@code C(i,j) = Σ_k A(i,k) B(k,j)} over {@code k < depth}, with A and B addressed by strides so
 * that one kernel serves both AᵀB (A read down its columns) and AW. Each 16 × 16 work-group
 * stages a 16-deep slice of A and B in local memory, so every global value is read once per
 * group instead of once per work-item.
 *
 * <p>The third range dimension splits k into slices of {@code kSlice} values: slice s sums
 * {@code k ∈ [s·kSlice, (s+1)·kSlice)} of this launch into the s-th {@code m × n} block of
 * {@code c}. Deep products (AᵀB over many rows) thus give the device slices × tiles work-groups
 * in one launch instead of one launch per slice, and the caller sums the slices in float64.
 *
 * <p>{@link #markJava()} is skipped by Aparapi's OpenCL code generator ({@code @NoCL}): when
 * {@link #ranInJava} is set after an execution, Aparapi ran the kernel in Java, whatever device
 * it was given — that is how a silent fallback is detected.
 */
public final class TiledProductKernel extends Kernel {
    /** Side of the work-group and of the local-memory tiles. */
    public static final int TILE = 16;

    float[] a = new float[1];
    float[] b = new float[1];
    float[] c = new float[1];
    int m;
    int n;
    /** Values of k in this launch, over all slices. */
    int depth;
    /** Values of k per slice (third range dimension). */
    int kSlice;
    int aOffset;
    int aStrideI;
    int aStrideK;
    int bOffset;
    int bStrideK;
    /**
     * 1 when B is A itself (AᵀA): B is then read from {@code a}. Binding one array to two kernel
     * fields would give it two OpenCL buffers, and an explicit put refreshes only one of them.
     */
    int bIsA;

    @Local
    final float[] tileA = new float[TILE * TILE];
    @Local
    final float[] tileB = new float[TILE * TILE];

    /**
     * Set by Java execution only; read and cleared by the caller. An object, not a boolean:
     * Aparapi's Java mode runs clones of the kernel, which share references but not primitives.
     */
    final AtomicBoolean ranInJava = new AtomicBoolean();

    @NoCL
    void markJava() {
        ranInJava.lazySet(true);
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
