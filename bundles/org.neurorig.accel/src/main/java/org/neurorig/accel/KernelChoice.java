package org.neurorig.accel;

/**
 * Which product kernel an OpenCL device runs. {@link #AUTO} (the default) picks by shape; the
 * other two force one kernel, for benchmarks and tests. The thread pool has one kernel of its own
 * and ignores the choice.
 */
public enum KernelChoice {
    /** The register-blocked kernel where its 128 × 128 blocks of C are at least half used, else the tiled one. */
    AUTO,
    /** One output per work-item, 16 × 16 local-memory tiles. */
    TILED,
    /** 8 × 8 outputs per work-item in registers, 128 × 128 blocks of C per work-group. */
    BLOCKED
}
