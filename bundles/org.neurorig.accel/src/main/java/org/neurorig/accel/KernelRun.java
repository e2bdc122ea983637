package org.neurorig.accel;

/**
 * What one accelerator call did.
 *
 * @param kernel    the operation, e.g. {@code AtB} for AᵀB
 * @param requested the device the call was given to
 * @param executed  the device that actually ran it: differs from {@code requested} when Aparapi
 *                  fell back to Java (then its kind is {@link DeviceKind#THREAD_POOL})
 * @param nanos     wall time of the whole call, transfers included
 * @param flops     floating-point operations of the product (2 per multiply-add)
 */
public record KernelRun(String kernel, AccelDevice requested, AccelDevice executed, long nanos, double flops) {
    /** True when the call did not run on the device it was given to. */
    public boolean fellBack() {
        return !requested.equals(executed);
    }

    /** Throughput of the call in GFLOP/s. */
    public double gflops() {
        return nanos <= 0 ? 0 : flops / nanos;
    }

    @Override
    public String toString() {
        return kernel + " on " + executed + (fellBack() ? " (FELL BACK from " + requested + ")" : "")
                + String.format(" %.3f ms, %.2f GFLOP/s", nanos / 1e6, gflops());
    }
}
