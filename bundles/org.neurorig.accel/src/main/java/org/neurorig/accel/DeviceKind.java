package org.neurorig.accel;

import java.util.Locale;

/** Kinds of execution device, in the order the accelerator prefers them. */
public enum DeviceKind {
    /** An OpenCL GPU. */
    OPENCL_GPU("gpu"),
    /** An OpenCL CPU device (PoCL in CI). */
    OPENCL_CPU("cpu"),
    /** Plain Java on a thread pool: always available. */
    THREAD_POOL("threadpool");

    private final String configName;

    DeviceKind(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration ({@code gpu}, {@code cpu}, {@code threadpool}). */
    public String configName() {
        return configName;
    }

    /** True for the two OpenCL kinds. */
    public boolean isOpenCL() {
        return this != THREAD_POOL;
    }

    /**
     * The kind named {@code name} in configuration, or {@code null} for {@code auto}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static DeviceKind ofConfigName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.isEmpty() || n.equals("auto")) {
            return null;
        }
        for (DeviceKind k : values()) {
            if (k.configName.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "unknown accelerator device '" + name + "'; expected auto, gpu, cpu or threadpool");
    }
}
