package org.neurorig.accel.internal;

import org.neurorig.accel.AccelDevice;
import org.neurorig.accel.KernelChoice;
import org.neurorig.accel.KernelRun;

/** The products of {@link org.neurorig.accel.Accelerator} on one fixed device. */
public interface GemmEngine extends AutoCloseable {
    AccelDevice device();

    /** {@code c += aᵀ b} (a: rows × p, b: rows × n, c: p × n) with the kernel {@code kernel}. */
    KernelRun transposeProduct(float[] a, int rows, int p, float[] b, int n, double[] c, KernelChoice kernel);

    /** {@code c = a w} (a: rows × p, w: p × n, c: rows × n) with the kernel {@code kernel}. */
    KernelRun product(float[] a, int rows, int p, float[] w, int n, float[] c, KernelChoice kernel);

    /** {@code c += aᵀ b} with the kernel chosen by shape. */
    default KernelRun transposeProduct(float[] a, int rows, int p, float[] b, int n, double[] c) {
        return transposeProduct(a, rows, p, b, n, c, KernelChoice.AUTO);
    }

    /** {@code c = a w} with the kernel chosen by shape. */
    default KernelRun product(float[] a, int rows, int p, float[] w, int n, float[] c) {
        return product(a, rows, p, w, n, c, KernelChoice.AUTO);
    }

    @Override
    void close();

    /** Throws when an array is shorter than its stated shape, naming the argument. */
    static void checkShape(String what, float[] array, long rows, long cols) {
        if (rows < 0 || cols < 0 || array.length < rows * cols) {
            throw new IllegalArgumentException(what + " holds " + array.length + " values, shape " + rows + " × " + cols
                    + " needs " + rows * cols);
        }
    }

    /** Throws when an array is shorter than its stated shape, naming the argument. */
    static void checkShape(String what, double[] array, long rows, long cols) {
        if (rows < 0 || cols < 0 || array.length < rows * cols) {
            throw new IllegalArgumentException(what + " holds " + array.length + " values, shape " + rows + " × " + cols
                    + " needs " + rows * cols);
        }
    }
}
