package org.neurorig.adapter.binned.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.neurorig.io.NpyFile;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * Binned counts (bins × units) and behaviour (bins × components) loaded from a MATLAB v5
 * {@code .mat} (read with mfl-core), a NumPy {@code .npz}, or a {@code .npy} holding the counts.
 * Whole files are loaded in memory: binned data sets are small (the macaque M1 set is 15,536 bins ×
 * 171 units). Counts given as per-unit spike times (a struct/cell tree, as MatClust writes) are
 * binned here; their first bin is {@code floor(first spike / binSeconds)}, so bin numbers are on
 * the recording's clock.
 */
final class BinnedFile {
    /** A 2-D numeric variable; vectors are one column. */
    private record Grid(String name, int rows, int cols, double[] values) {
        double get(int r, int c) {
            return values[r * cols + c];
        }
    }

    final Path file;
    final int bins;
    final int units;
    final float[] counts;
    final List<String> unitNames;
    final int behaviourColumns;
    final float[] behaviour;
    final List<String> behaviourNames;
    final double binSeconds;
    final long firstBin;

    private BinnedFile(
            Path file,
            int bins,
            int units,
            float[] counts,
            List<String> unitNames,
            int behaviourColumns,
            float[] behaviour,
            List<String> behaviourNames,
            double binSeconds,
            long firstBin) {
        this.file = file;
        this.bins = bins;
        this.units = units;
        this.counts = counts;
        this.unitNames = unitNames;
        this.behaviourColumns = behaviourColumns;
        this.behaviour = behaviour;
        this.behaviourNames = behaviourNames;
        this.binSeconds = binSeconds;
        this.firstBin = firstBin;
    }

    static BinnedFile load(Path file, BinnedPlaybackSourceConfig c) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "missing binned data file");
        }
        String name = file.getFileName().toString().toLowerCase();
        Map<String, Object> vars;
        if (name.endsWith(".mat")) {
            return fromMat(file, c);
        } else if (name.endsWith(".npz")) {
            vars = readNpz(file);
        } else if (name.endsWith(".npy")) {
            vars = new LinkedHashMap<>();
            Grid g = npyGrid(file.getFileName().toString(), ByteBuffer.wrap(Files.readAllBytes(file)));
            vars.put(c.counts(), new Grid(c.counts(), g.rows, g.cols, g.values));
        } else {
            throw new IOException(file + ": unknown file type (expected .mat, .npz or .npy)");
        }
        return build(file, c, vars);
    }

    private static BinnedFile fromMat(Path file, BinnedPlaybackSourceConfig c) throws IOException {
        Mat5File mat;
        try {
            mat = Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a readable MATLAB v5 .mat file: " + e.getMessage(), e);
        }
        try (mat) {
            Map<String, Object> vars = new LinkedHashMap<>();
            for (MatFile.Entry e : mat.getEntries()) {
                Array a = e.getValue();
                vars.put(e.getName(), a instanceof Matrix m ? matGrid(e.getName(), m) : a);
            }
            return build(file, c, vars);
        }
    }

    private static BinnedFile build(Path file, BinnedPlaybackSourceConfig c, Map<String, Object> vars)
            throws IOException {
        Object countsVar = vars.get(c.counts());
        if (countsVar == null) {
            throw new IOException(file + ": no variable '" + c.counts() + "' for counts; it has " + vars.keySet());
        }
        if (!(countsVar instanceof Grid)) {
            return fromSpikeTimes(file, c, countsVar);
        }
        Grid g = (Grid) countsVar;
        Grid time = vars.get(c.timeVariable()) instanceof Grid t ? t : null;
        List<Grid> beh = new ArrayList<>();
        for (String b : c.behaviour()) {
            if (!(vars.get(b) instanceof Grid bg)) {
                throw new IOException(
                        file + ": no numeric variable '" + b + "' for behaviour; it has " + vars.keySet());
            }
            beh.add(bg);
        }
        boolean rowsAreBins =
                switch (c.orientation()) {
                    case "rows" -> true;
                    case "columns" -> false;
                    default -> autoRows(g, time, beh);
                };
        int bins = rowsAreBins ? g.rows : g.cols;
        int units = rowsAreBins ? g.cols : g.rows;
        float[] counts = new float[bins * units];
        for (int t = 0; t < bins; t++) {
            for (int u = 0; u < units; u++) {
                counts[t * units + u] = (float) (rowsAreBins ? g.get(t, u) : g.get(u, t));
            }
        }
        List<String> unitNames = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            unitNames.add(c.counts() + "[" + u + "]");
        }
        List<String> behNames = new ArrayList<>();
        int cols = 0;
        for (Grid b : beh) {
            cols += b.rows == bins ? b.cols : b.rows;
            if (b.rows != bins && b.cols != bins) {
                throw new IOException(file + ": behaviour variable '" + b.name + "' is " + b.rows + "×" + b.cols
                        + "; neither axis matches the " + bins + " bins of '" + c.counts() + "'");
            }
        }
        float[] behaviour = new float[bins * cols];
        int at = 0;
        for (Grid b : beh) {
            boolean rows = b.rows == bins;
            int k = rows ? b.cols : b.rows;
            for (int j = 0; j < k; j++) {
                behNames.add(b.name + "[" + j + "]");
                for (int t = 0; t < bins; t++) {
                    behaviour[t * cols + at + j] = (float) (rows ? b.get(t, j) : b.get(j, t));
                }
            }
            at += k;
        }
        double bin = c.binSeconds();
        if (bin <= 0) {
            if (time == null || time.values.length < 2) {
                throw new IOException(file + ": binSeconds is 0 and there is no '" + c.timeVariable()
                        + "' variable with two or more bin times to take it from: set binSeconds");
            }
            double[] t = time.values;
            bin = (t[t.length - 1] - t[0]) / (t.length - 1);
        }
        return new BinnedFile(
                file, bins, units, counts, List.copyOf(unitNames), cols, behaviour, List.copyOf(behNames), bin, 0);
    }

    /** Time is the axis whose length matches the time variable or the behaviour; else the longer one. */
    private static boolean autoRows(Grid g, Grid time, List<Grid> beh) {
        List<Integer> lengths = new ArrayList<>();
        if (time != null) {
            lengths.add(time.values.length);
        } else if (!beh.isEmpty()) {
            lengths.add(beh.get(0).rows);
            lengths.add(beh.get(0).cols);
        }
        boolean r = lengths.contains(g.rows);
        boolean col = lengths.contains(g.cols);
        if (r != col) {
            return r;
        }
        return g.rows >= g.cols;
    }

    private static BinnedFile fromSpikeTimes(Path file, BinnedPlaybackSourceConfig c, Object tree) throws IOException {
        if (c.binSeconds() <= 0) {
            throw new IOException(file + ": '" + c.counts() + "' holds spike times, not a matrix: set binSeconds");
        }
        List<double[]> unitTimes = new ArrayList<>();
        collect((Array) tree, c.timeField(), unitTimes);
        if (unitTimes.isEmpty()) {
            throw new IOException(file + ": '" + c.counts() + "' is not a matrix and holds no non-empty '"
                    + c.timeField() + "' fields of spike times");
        }
        double bin = c.binSeconds();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] t : unitTimes) {
            for (double v : t) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        long first = (long) Math.floor(lo / bin);
        int bins = Math.toIntExact((long) Math.floor(hi / bin) - first + 1);
        int units = unitTimes.size();
        float[] counts = new float[bins * units];
        List<String> names = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            names.add("unit" + u);
            for (double v : unitTimes.get(u)) {
                counts[(int) ((long) Math.floor(v / bin) - first) * units + u]++;
            }
        }
        return new BinnedFile(file, bins, units, counts, List.copyOf(names), 0, new float[0], List.of(), bin, first);
    }

    /** Every non-empty numeric {@code field} of the structs in a cell/struct tree, in storage order. */
    private static void collect(Array a, String field, List<double[]> out) {
        if (a instanceof Cell cell) {
            for (int i = 0; i < cell.getNumElements(); i++) {
                collect(cell.get(i), field, out);
            }
        } else if (a instanceof Struct s) {
            for (int i = 0; i < s.getNumElements(); i++) {
                if (s.getFieldNames().contains(field)) {
                    Array t = s.get(field, i);
                    if (t instanceof Matrix m && m.getNumElements() > 0) {
                        double[] v = new double[m.getNumElements()];
                        for (int k = 0; k < v.length; k++) {
                            v[k] = m.getDouble(k);
                        }
                        out.add(v);
                    }
                } else {
                    for (String f : s.getFieldNames()) {
                        collect(s.get(f, i), field, out);
                    }
                }
            }
        }
    }

    private static Grid matGrid(String name, Matrix m) throws IOException {
        if (m.getNumDimensions() > 2) {
            throw new IOException("variable '" + name + "' has " + m.getNumDimensions() + " dimensions; expected 2");
        }
        int rows = m.getNumRows();
        int cols = m.getNumCols();
        double[] v = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                v[r * cols + c] = m.getDouble(r, c);
            }
        }
        return new Grid(name, rows, cols, v);
    }

    private static Map<String, Object> readNpz(Path file) throws IOException {
        Map<String, Object> vars = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                if (!e.getName().endsWith(".npy")) {
                    continue;
                }
                String var = e.getName().substring(0, e.getName().length() - 4);
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                Grid g = npyGrid(file.getFileName() + ":" + e.getName(), ByteBuffer.wrap(bytes));
                vars.put(var, new Grid(var, g.rows, g.cols, g.values));
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a valid .npz (zip) file: " + e.getMessage(), e);
        }
        return vars;
    }

    private static Grid npyGrid(String name, ByteBuffer bytes) throws IOException {
        NpyFile npy = NpyFile.parse(name, bytes);
        long[] shape = npy.shape();
        if (shape.length > 2) {
            throw new IOException(name + ": shape " + Arrays.toString(shape) + " has more than 2 dimensions");
        }
        int rows = shape.length == 0 ? 1 : Math.toIntExact(shape[0]);
        int cols = shape.length == 2 ? Math.toIntExact(shape[1]) : 1;
        double[] raw = npy.readDoubles(bytes);
        double[] v = raw;
        if (npy.fortranOrder() && shape.length == 2) {
            v = new double[raw.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    v[r * cols + c] = raw[c * rows + r];
                }
            }
        }
        return new Grid(name, rows, cols, v);
    }
}
