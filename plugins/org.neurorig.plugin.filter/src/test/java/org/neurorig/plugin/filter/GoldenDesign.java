package org.neurorig.plugin.filter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One line of the golden {@code sos.tsv}: SciPy's design and the parameters that produced it. */
public record GoldenDesign(
        String name, String btype, int order, double lowHz, double highHz, double rate, double q, double[][] sos) {

    public static List<GoldenDesign> readAll(Path tsv) throws IOException {
        List<GoldenDesign> out = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            int n = (f.length - 7) / 6;
            double[][] sos = new double[n][6];
            for (int i = 0; i < n * 6; i++) {
                sos[i / 6][i % 6] = Double.parseDouble(f[7 + i]);
            }
            out.add(new GoldenDesign(
                    f[0],
                    f[1],
                    Integer.parseInt(f[2]),
                    Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]),
                    sos));
        }
        return out;
    }

    /** One iirnotch section per harmonic (the order column holds the harmonic count). */
    private double[][] notches() {
        double[][] sos = new double[order][];
        for (int k = 1; k <= order; k++) {
            sos[k - 1] = NotchDesign.notch(k * lowHz, q, rate);
        }
        return sos;
    }

    /** Our design for the same parameters. */
    public double[][] design() {
        return switch (btype) {
            case "bandpass" -> ButterworthDesign.bandpass(order, lowHz, highHz, rate);
            case "highpass" -> ButterworthDesign.highpass(order, lowHz, rate);
            case "lowpass" -> ButterworthDesign.lowpass(order, highHz, rate);
            case "notch" -> notches();
            case "decimate" -> ChebyshevDesign.lowpass(order, 0.05, 0.8 / q * rate / 2, rate);
            default -> throw new IllegalArgumentException("unknown btype " + btype + " in " + name);
        };
    }
}
