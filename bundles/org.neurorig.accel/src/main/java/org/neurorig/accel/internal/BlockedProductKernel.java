package org.neurorig.accel.internal;

import com.aparapi.Range;

/**
 * The product of {@link ProductKernel}, register-blocked: each work-item of a 16 × 16 work-group
 * keeps an 8 × 8 tile of C in 64 scalar accumulators, so a group covers a 128 × 128 block of C.
 * Per step of 16 in k the group stages a 128 × 16 slice of A and a 16 × 128 slice of B in local
 * memory (8 values of each per work-item); each work-item then reads 8 + 8 values from local
 * memory per 64 multiply-adds, four times fewer local reads per multiply-add than
 * {@link TiledProductKernel}, whose one-output work-items are bound by local-memory bandwidth on
 * GPUs (reference figures in the shared GPU.md: 6.3 TFLOP/s plain tiled vs 20.5 TFLOP/s with 4 × 4
 * register tiles on an H100).
 *
 * <p>Work-item (tx, ty) owns rows {@code iBlock + ty + 16r} and
 * columns {@code jBlock + tx + 16c} (r, c &lt; 8): neighbouring work-items then read neighbouring
 * local-memory words and write neighbouring words of C.
 *
 * <p>The accumulators are written out as scalars: Aparapi 3.0.2 has no per-work-item arrays
 * that survive its Java mode (which runs shallow clones of the kernel), and scalars are what an
 * OpenCL compiler keeps in registers without relying on it to unroll loops.
 */
public final class BlockedProductKernel extends ProductKernel {
    /** Side of the work-group. */
    public static final int GROUP = 16;
    /** Side of the register tile of one work-item. */
    public static final int REG = 8;
    /** Side of the block of C one work-group computes. */
    public static final int BLOCK = GROUP * REG;
    /** Values of k staged in local memory per step. */
    static final int DEPTH_STEP = 16;

    @Local
    final float[] tileA = new float[DEPTH_STEP * BLOCK];

    @Local
    final float[] tileB = new float[DEPTH_STEP * BLOCK];

    /** See {@link ProductKernel}: runs in Java only. */
    @NoCL
    void markJava() {
        ranInJava.lazySet(true);
    }

    @Override
    void launch(int slices) {
        // one work-group of GROUP × GROUP work-items per BLOCK × BLOCK block of C
        execute(Range.create3D(
                getTargetDevice(),
                roundUp(n, BLOCK) / BLOCK * GROUP,
                roundUp(m, BLOCK) / BLOCK * GROUP,
                slices,
                GROUP,
                GROUP,
                1));
    }

    @Override
    public void run() {
        markJava();
        int tx = getLocalId(0);
        int ty = getLocalId(1);
        int lid = ty * GROUP + tx;
        int jBlock = getGroupId(0) * BLOCK;
        int iBlock = getGroupId(1) * BLOCK;
        int slice = getGlobalId(2);
        int kStart = slice * kSlice;
        int kEnd = min(depth, kStart + kSlice);
        // Staging: element (kk, x) of a 16 × 128 slice is loaded by the work-item whose lid is
        // x + 128 (kk mod 2); consecutive work-items read consecutive addresses of B and, for
        // AᵀB (A read down its columns, aStrideI == 1), of A. For AW (aStrideK == 1) A is read
        // along k instead: work-item (tx, ty) loads k = tx of rows ty + 16q.
        int rowMajorA = aStrideK == 1 ? 1 : 0;
        int x = lid % BLOCK;
        int kHalf = lid / BLOCK;
        float acc00 = 0f, acc01 = 0f, acc02 = 0f, acc03 = 0f, acc04 = 0f, acc05 = 0f, acc06 = 0f, acc07 = 0f;
        float acc10 = 0f, acc11 = 0f, acc12 = 0f, acc13 = 0f, acc14 = 0f, acc15 = 0f, acc16 = 0f, acc17 = 0f;
        float acc20 = 0f, acc21 = 0f, acc22 = 0f, acc23 = 0f, acc24 = 0f, acc25 = 0f, acc26 = 0f, acc27 = 0f;
        float acc30 = 0f, acc31 = 0f, acc32 = 0f, acc33 = 0f, acc34 = 0f, acc35 = 0f, acc36 = 0f, acc37 = 0f;
        float acc40 = 0f, acc41 = 0f, acc42 = 0f, acc43 = 0f, acc44 = 0f, acc45 = 0f, acc46 = 0f, acc47 = 0f;
        float acc50 = 0f, acc51 = 0f, acc52 = 0f, acc53 = 0f, acc54 = 0f, acc55 = 0f, acc56 = 0f, acc57 = 0f;
        float acc60 = 0f, acc61 = 0f, acc62 = 0f, acc63 = 0f, acc64 = 0f, acc65 = 0f, acc66 = 0f, acc67 = 0f;
        float acc70 = 0f, acc71 = 0f, acc72 = 0f, acc73 = 0f, acc74 = 0f, acc75 = 0f, acc76 = 0f, acc77 = 0f;
        for (int k0 = kStart; k0 < kEnd; k0 += DEPTH_STEP) {
            for (int q = 0; q < DEPTH_STEP / 2; q++) {
                int kk = kHalf + 2 * q;
                int ia = x;
                if (rowMajorA == 1) {
                    kk = tx;
                    ia = ty + GROUP * q;
                }
                float av = 0f;
                if (iBlock + ia < m && k0 + kk < kEnd) {
                    av = a[aOffset + (iBlock + ia) * aStrideI + (k0 + kk) * aStrideK];
                }
                tileA[kk * BLOCK + ia] = av;
                int kb = kHalf + 2 * q;
                float bv = 0f;
                if (jBlock + x < n && k0 + kb < kEnd) {
                    int ib = bOffset + (k0 + kb) * bStrideK + jBlock + x;
                    bv = bIsA == 1 ? a[ib] : b[ib];
                }
                tileB[kb * BLOCK + x] = bv;
            }
            localBarrier();
            for (int ks = 0; ks < DEPTH_STEP; ks++) {
                int ra = ks * BLOCK + ty;
                int rb = ks * BLOCK + tx;
                float a0 = tileA[ra];
                float a1 = tileA[ra + 16];
                float a2 = tileA[ra + 32];
                float a3 = tileA[ra + 48];
                float a4 = tileA[ra + 64];
                float a5 = tileA[ra + 80];
                float a6 = tileA[ra + 96];
                float a7 = tileA[ra + 112];
                float b0 = tileB[rb];
                float b1 = tileB[rb + 16];
                float b2 = tileB[rb + 32];
                float b3 = tileB[rb + 48];
                float b4 = tileB[rb + 64];
                float b5 = tileB[rb + 80];
                float b6 = tileB[rb + 96];
                float b7 = tileB[rb + 112];
                acc00 += a0 * b0;
                acc01 += a0 * b1;
                acc02 += a0 * b2;
                acc03 += a0 * b3;
                acc04 += a0 * b4;
                acc05 += a0 * b5;
                acc06 += a0 * b6;
                acc07 += a0 * b7;
                acc10 += a1 * b0;
                acc11 += a1 * b1;
                acc12 += a1 * b2;
                acc13 += a1 * b3;
                acc14 += a1 * b4;
                acc15 += a1 * b5;
                acc16 += a1 * b6;
                acc17 += a1 * b7;
                acc20 += a2 * b0;
                acc21 += a2 * b1;
                acc22 += a2 * b2;
                acc23 += a2 * b3;
                acc24 += a2 * b4;
                acc25 += a2 * b5;
                acc26 += a2 * b6;
                acc27 += a2 * b7;
                acc30 += a3 * b0;
                acc31 += a3 * b1;
                acc32 += a3 * b2;
                acc33 += a3 * b3;
                acc34 += a3 * b4;
                acc35 += a3 * b5;
                acc36 += a3 * b6;
                acc37 += a3 * b7;
                acc40 += a4 * b0;
                acc41 += a4 * b1;
                acc42 += a4 * b2;
                acc43 += a4 * b3;
                acc44 += a4 * b4;
                acc45 += a4 * b5;
                acc46 += a4 * b6;
                acc47 += a4 * b7;
                acc50 += a5 * b0;
                acc51 += a5 * b1;
                acc52 += a5 * b2;
                acc53 += a5 * b3;
                acc54 += a5 * b4;
                acc55 += a5 * b5;
                acc56 += a5 * b6;
                acc57 += a5 * b7;
                acc60 += a6 * b0;
                acc61 += a6 * b1;
                acc62 += a6 * b2;
                acc63 += a6 * b3;
                acc64 += a6 * b4;
                acc65 += a6 * b5;
                acc66 += a6 * b6;
                acc67 += a6 * b7;
                acc70 += a7 * b0;
                acc71 += a7 * b1;
                acc72 += a7 * b2;
                acc73 += a7 * b3;
                acc74 += a7 * b4;
                acc75 += a7 * b5;
                acc76 += a7 * b6;
                acc77 += a7 * b7;
            }
            localBarrier();
        }
        // slice s of the launch writes the s-th m × n block of c
        int out = slice * m * n;
        int iFirst = iBlock + ty;
        int jFirst = jBlock + tx;
        int j0 = jFirst;
        int j1 = jFirst + 16;
        int j2 = jFirst + 32;
        int j3 = jFirst + 48;
        int j4 = jFirst + 64;
        int j5 = jFirst + 80;
        int j6 = jFirst + 96;
        int j7 = jFirst + 112;
        if (iFirst < m) {
            int row = out + iFirst * n;
            if (j0 < n) {
                c[row + j0] = acc00;
            }
            if (j1 < n) {
                c[row + j1] = acc01;
            }
            if (j2 < n) {
                c[row + j2] = acc02;
            }
            if (j3 < n) {
                c[row + j3] = acc03;
            }
            if (j4 < n) {
                c[row + j4] = acc04;
            }
            if (j5 < n) {
                c[row + j5] = acc05;
            }
            if (j6 < n) {
                c[row + j6] = acc06;
            }
            if (j7 < n) {
                c[row + j7] = acc07;
            }
        }
        if (iFirst + 16 < m) {
            int row = out + (iFirst + 16) * n;
            if (j0 < n) {
                c[row + j0] = acc10;
            }
            if (j1 < n) {
                c[row + j1] = acc11;
            }
            if (j2 < n) {
                c[row + j2] = acc12;
            }
            if (j3 < n) {
                c[row + j3] = acc13;
            }
            if (j4 < n) {
                c[row + j4] = acc14;
            }
            if (j5 < n) {
                c[row + j5] = acc15;
            }
            if (j6 < n) {
                c[row + j6] = acc16;
            }
            if (j7 < n) {
                c[row + j7] = acc17;
            }
        }
        if (iFirst + 32 < m) {
            int row = out + (iFirst + 32) * n;
            if (j0 < n) {
                c[row + j0] = acc20;
            }
            if (j1 < n) {
                c[row + j1] = acc21;
            }
            if (j2 < n) {
                c[row + j2] = acc22;
            }
            if (j3 < n) {
                c[row + j3] = acc23;
            }
            if (j4 < n) {
                c[row + j4] = acc24;
            }
            if (j5 < n) {
                c[row + j5] = acc25;
            }
            if (j6 < n) {
                c[row + j6] = acc26;
            }
            if (j7 < n) {
                c[row + j7] = acc27;
            }
        }
        if (iFirst + 48 < m) {
            int row = out + (iFirst + 48) * n;
            if (j0 < n) {
                c[row + j0] = acc30;
            }
            if (j1 < n) {
                c[row + j1] = acc31;
            }
            if (j2 < n) {
                c[row + j2] = acc32;
            }
            if (j3 < n) {
                c[row + j3] = acc33;
            }
            if (j4 < n) {
                c[row + j4] = acc34;
            }
            if (j5 < n) {
                c[row + j5] = acc35;
            }
            if (j6 < n) {
                c[row + j6] = acc36;
            }
            if (j7 < n) {
                c[row + j7] = acc37;
            }
        }
        if (iFirst + 64 < m) {
            int row = out + (iFirst + 64) * n;
            if (j0 < n) {
                c[row + j0] = acc40;
            }
            if (j1 < n) {
                c[row + j1] = acc41;
            }
            if (j2 < n) {
                c[row + j2] = acc42;
            }
            if (j3 < n) {
                c[row + j3] = acc43;
            }
            if (j4 < n) {
                c[row + j4] = acc44;
            }
            if (j5 < n) {
                c[row + j5] = acc45;
            }
            if (j6 < n) {
                c[row + j6] = acc46;
            }
            if (j7 < n) {
                c[row + j7] = acc47;
            }
        }
        if (iFirst + 80 < m) {
            int row = out + (iFirst + 80) * n;
            if (j0 < n) {
                c[row + j0] = acc50;
            }
            if (j1 < n) {
                c[row + j1] = acc51;
            }
            if (j2 < n) {
                c[row + j2] = acc52;
            }
            if (j3 < n) {
                c[row + j3] = acc53;
            }
            if (j4 < n) {
                c[row + j4] = acc54;
            }
            if (j5 < n) {
                c[row + j5] = acc55;
            }
            if (j6 < n) {
                c[row + j6] = acc56;
            }
            if (j7 < n) {
                c[row + j7] = acc57;
            }
        }
        if (iFirst + 96 < m) {
            int row = out + (iFirst + 96) * n;
            if (j0 < n) {
                c[row + j0] = acc60;
            }
            if (j1 < n) {
                c[row + j1] = acc61;
            }
            if (j2 < n) {
                c[row + j2] = acc62;
            }
            if (j3 < n) {
                c[row + j3] = acc63;
            }
            if (j4 < n) {
                c[row + j4] = acc64;
            }
            if (j5 < n) {
                c[row + j5] = acc65;
            }
            if (j6 < n) {
                c[row + j6] = acc66;
            }
            if (j7 < n) {
                c[row + j7] = acc67;
            }
        }
        if (iFirst + 112 < m) {
            int row = out + (iFirst + 112) * n;
            if (j0 < n) {
                c[row + j0] = acc70;
            }
            if (j1 < n) {
                c[row + j1] = acc71;
            }
            if (j2 < n) {
                c[row + j2] = acc72;
            }
            if (j3 < n) {
                c[row + j3] = acc73;
            }
            if (j4 < n) {
                c[row + j4] = acc74;
            }
            if (j5 < n) {
                c[row + j5] = acc75;
            }
            if (j6 < n) {
                c[row + j6] = acc76;
            }
            if (j7 < n) {
                c[row + j7] = acc77;
            }
        }
    }
}
