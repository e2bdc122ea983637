package org.neurorig.accel.internal;

import org.neurorig.accel.AccelDevice;
import org.neurorig.accel.KernelRun;

/** The products of {@link org.neurorig.accel.Accelerator} on one fixed device. */
public interface GemmEngine extends AutoCloseable {
    AccelDevice device();

    /** {@code c += aᵀ b} (a: rows × p, b: rows × n, c: p × n). */
    KernelRun transposeProduct(float[] a, int rows, int p, float[] b, int n, double[] c);

    /** {@code c = a w} (a: rows × p, w: p × n, c: rows × n). */
    KernelRun product(float[] a, int rows, int p, float[] w, int n, float[] c);

    @Override
    void close();

    /** Throws when an array is shorter than its stated shape, naming the argument. */
    static void checkShape(String what, float[] array, long rows, long cols) {
        if (rows < 0 || cols < 0 || array.length < rows * cols) {
            throw new IllegalArgumentException(what + " holds " + array.length + " values, shape "
                    + rows + " × " + cols + " needs " + rows * cols);
        }
    }

    /** Throws when an array is shorter than its stated shape, naming the argument. */
    static void checkShape(String what, double[] array, long rows, long cols) {
        if (rows < 0 || cols < 0 || array.length < rows * cols) {
            throw new IllegalArgumentException(what + " holds " + array.length + " values, shape "
                    + rows + " × " + cols + " needs " + rows * cols);
        }
    }
}
