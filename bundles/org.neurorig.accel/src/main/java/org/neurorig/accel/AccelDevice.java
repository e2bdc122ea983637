package org.neurorig.accel;

import java.util.Objects;

/**
 * One execution device.
 *
 * @param kind what it is
 * @param name the device as its driver names it, e.g. {@code NVIDIA H100 80GB HBM3} or
 *             {@code pthread-skylake-avx512-AMD EPYC}; for the thread pool, its thread count
 */
public record AccelDevice(DeviceKind kind, String name) {
    public AccelDevice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return kind.configName() + " (" + name + ")";
    }
}
