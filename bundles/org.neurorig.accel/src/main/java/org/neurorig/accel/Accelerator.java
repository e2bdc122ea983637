package org.neurorig.accel;

import java.util.List;

/**
 * Dense products on one device. Matrices are row-major {@code float[]}; sums of products are
 * formed in float32 per block of rows on the device and accumulated across blocks in float64 on
 * the host. Calls on one instance are serialised; each returns what actually ran where.
 *
 * <p>The OSGi service is bound to the preferred device (configuration PID {@code accel}, key
 * {@code device} = {@code auto|gpu|cpu|threadpool}); {@link #on} gives the same operations on any
 * other available device.
 */
public interface Accelerator {
    /** The device calls on this instance are given to. */
    AccelDevice device();

    /** Every available device, preferred first; the thread pool is always last. */
    List<AccelDevice> devices();

    /**
     * The same operations on {@code device}.
     *
     * @throws IllegalArgumentException when the device is not one of {@link #devices()}
     */
    Accelerator on(AccelDevice device);

    /**
     * The same operations with the product kernel of OpenCL devices forced (benchmarks, tests);
     * {@link KernelChoice#AUTO} restores the choice by shape. The thread pool ignores it.
     */
    default Accelerator using(KernelChoice kernel) {
        if (kernel != KernelChoice.AUTO) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot force a kernel");
        }
        return this;
    }

    /**
     * {@code c += aᵀ b}: {@code a} is {@code rows × p}, {@code b} is {@code rows × n}, {@code c} is
     * {@code p × n}. Pass the same array as {@code a} and {@code b} for a Gram matrix XᵀX.
     */
    KernelRun transposeProduct(float[] a, int rows, int p, float[] b, int n, double[] c);

    /** {@code c = a w}: {@code a} is {@code rows × p}, {@code w} is {@code p × n}, {@code c} is {@code rows × n}. */
    KernelRun product(float[] a, int rows, int p, float[] w, int n, float[] c);
}
