package org.neurorig.bench.internal.chain;

/** The CAR groups of N concatenated 384-channel probes, as a pipeline file lists them. */
public final class ProbeGroups {
    private ProbeGroups() {}

    /** {@code "0-383", "384-767", …}: one common-reference group per probe. */
    public static String of(int probes) {
        StringBuilder groups = new StringBuilder();
        for (int p = 0; p < probes; p++) {
            groups.append(p == 0 ? "" : ", ")
                    .append('"')
                    .append(384 * p)
                    .append('-')
                    .append(384 * p + 383)
                    .append('"');
        }
        return groups.toString();
    }
}
