package org.neurorig.accel.internal;

import com.aparapi.Kernel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the two product kernels share: their arguments, how the host sets them, and the marker
 * that tells a silent fallback to Java. {@code C(i,j) = Σ_k A(i,k) B(k,j)} over {@code k < depth},
 * with A and B addressed by strides — A(i,k) = a[aOffset + i·aStrideI + k·aStrideK],
 * B(k,j) = b[bOffset + k·bStrideK + j] — so that one kernel serves both AᵀB (A read down its
 * columns) and AW. The third range dimension splits k into slices of {@code kSlice} values; slice
 * s sums its values of k into the s-th {@code m × n} block of {@code c}, and the host adds the
 * slices in float64.
 *
 * <p>The argument fields are protected, not private: Aparapi puts a superclass's fields into the
 * generated kernel's argument struct only when the subclass can see them.
 *
 * <p>Each kernel's {@code run()} first calls its {@code markJava()}, which Aparapi's OpenCL code
 * generator skips ({@code @NoCL}): when {@link #ranInJava} is set after an execution, Aparapi ran
 * the kernel in Java, whatever device it was given — that is how a silent fallback is detected.
 * That method is declared by each kernel, not here: Aparapi 3.0.2 honours {@code @NoCL} only on
 * methods of the kernel's own class ("markJava()V should be mapped method" otherwise).
 */
public abstract class ProductKernel extends Kernel {
    protected float[] a = new float[1];
    protected float[] b = new float[1];
    protected float[] c = new float[1];
    protected int m;
    protected int n;
    /** Values of k in this launch, over all slices. */
    protected int depth;
    /** Values of k per slice (third range dimension). */
    protected int kSlice;

    protected int aOffset;
    protected int aStrideI;
    protected int aStrideK;
    protected int bOffset;
    protected int bStrideK;
    /**
     * 1 when B is A itself (AᵀA): B is then read from {@code a}. Binding one array to two kernel
     * fields would give it two OpenCL buffers, and an explicit put refreshes only one of them.
     */
    protected int bIsA;

    /**
     * Set by Java execution only; read and cleared by the host. An object, not a boolean:
     * Aparapi's Java mode runs clones of the kernel, which share references but not primitives.
     */
    final AtomicBoolean ranInJava = new AtomicBoolean();

    /** Arrays, output shape and strides for the next launches; clears the fallback marker. */
    final void bind(
            float[] a, float[] b, boolean bIsA, float[] c, int m, int n, int aStrideI, int aStrideK, int bStrideK) {
        ranInJava.set(false);
        this.a = a;
        this.b = b;
        this.bIsA = bIsA ? 1 : 0;
        this.c = c;
        this.m = m;
        this.n = n;
        this.aStrideI = aStrideI;
        this.aStrideK = aStrideK;
        this.bStrideK = bStrideK;
    }

    /** The part of k the next launch covers: {@code depth} values from the offsets, in slices. */
    final void slices(int depth, int kSlice, int aOffset, int bOffset) {
        this.depth = depth;
        this.kSlice = kSlice;
        this.aOffset = aOffset;
        this.bOffset = bOffset;
    }

    /** One launch over {@code slices} slices, with this kernel's work-group shape. */
    abstract void launch(int slices);

    /** {@code x} rounded up to a multiple of {@code t}, at least {@code t}. */
    static int roundUp(int x, int t) {
        return Math.max(t, (x + t - 1) / t * t);
    }
}
