package org.neurorig.net.internal;

/**
 * This host's offset to the rig clock (the coordinator's), as its clock sync last estimated it:
 * rig time = local time + offset. Acquisition times cross hosts on the rig clock: a sender adds the
 * offset, a receiver takes its own off. Zero on the coordinator and on a host not in a rig.
 */
final class RigClock {
    private static volatile long offsetNanos;

    private RigClock() {}

    static void offset(long nanos) {
        offsetNanos = nanos;
    }

    static long offset() {
        return offsetNanos;
    }

    static long toRig(long localNanos) {
        return localNanos == 0 ? 0 : localNanos + offsetNanos;
    }

    static long toLocal(long rigNanos) {
        return rigNanos == 0 ? 0 : rigNanos - offsetNanos;
    }
}
