package org.neurorig.bench.internal.bus;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The machine a benchmark ran on, as printed beside its numbers: without it the numbers cannot be
 * compared with another run.
 *
 * @param loadAverage the system's one-minute load average when the benchmark ended (-1 if unknown)
 */
public record BusBenchmarkMachine(int cores, String cpuModel, String javaVersion, String osArch, double loadAverage) {

    /** This JVM's machine. */
    public static BusBenchmarkMachine current() {
        return new BusBenchmarkMachine(
                Runtime.getRuntime().availableProcessors(),
                readCpuModel(),
                System.getProperty("java.version"),
                System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String readCpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU (" + System.getProperty("os.name") + ")"; // not Linux
        }
    }
}
