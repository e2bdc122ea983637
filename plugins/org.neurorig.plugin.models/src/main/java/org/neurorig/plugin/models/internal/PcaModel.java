package org.neurorig.plugin.models.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.neurorig.accel.Accelerator;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code model.pca} ({@code SCIENCE.md} §2): streaming covariance of the N channels of one input
 * ({@code MATRIX_F32} or {@code CONTINUOUS_F32}; XᵀX in chunks on the accelerator, values shifted
 * by the first row) and, every {@code refitEvery} rows and at the end, its top-k eigenvectors
 * (Commons Math). Each component's sign makes its largest-magnitude entry positive. Outputs:
 * {@code proj} — every row projected on the components current when it arrived, (x − mean)·vⱼ,
 * NaN before the first fit; {@code variance} — per fit, the k eigenvalues of the sample
 * covariance (n − 1 normalisation, as {@code numpy.cov}).
 */
@Designate(ocd = PcaConfig.class, factory = true)
@Component(
        name = "model.pca",
        configurationPid = "model.pca",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "model.pca",
        outputs = {"proj:MATRIX_F32@=", "variance:MATRIX_F32@0"},
        inputs = {Kind.MATRIX_F32, Kind.CONTINUOUS_F32},
        maxInputs = 1,
        hangMillis = 300000)
public final class PcaModel implements Processor {
    @Reference
    Accelerator accel;

    private PcaConfig config;
    private NodeContext context;
    private int n;
    private int k;
    private float[] chunk;
    private int chunkRows;
    private float[] shift;
    private boolean shiftSet;
    private double[] sx;
    private double[] xx;
    private long rows;
    private long rowsSinceFit;
    private double[] mean;
    private double[] components;
    private double[] eigenvalues;
    private boolean fitted;
    private boolean ended;

    @Activate
    void activate(PcaConfig c) {
        config = c;
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
        StreamSpec in = inputs.get(0);
        n = in.channelCount();
        k = config.components();
        if (k > n) {
            throw new IllegalArgumentException("model.pca: components " + k + " > " + n + " channels of " + in.name());
        }
        context = ctx;
        chunk = new float[config.chunkRows() * n];
        shift = new float[n];
        sx = new double[n];
        xx = new double[n * n];
        mean = new double[n];
        components = new double[k * n];
        eigenvalues = new double[k];
        List<ChannelInfo> pcs = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            pcs.add(ChannelInfo.of("PC" + (j + 1), "a.u.", 1));
        }
        return List.of(
                StreamSpec.builder("proj", Kind.MATRIX_F32)
                        .channels(pcs)
                        .sampleRate(in.sampleRate())
                        .blockSamples(in.blockSamples())
                        .build(),
                StreamSpec.builder("variance", Kind.MATRIX_F32)
                        .channels(pcs)
                        .sampleRate(0)
                        .blockSamples(1)
                        .build());
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        Block proj = out.block(0);
        proj.copyTimingFrom(in);
        float[] src = in.f32();
        float[] dst = proj.f32();
        for (int r = 0; r < in.sampleCount(); r++) {
            project(src, r * n, dst, r * k);
            add(src, r * n);
            if (config.refitEvery() > 0 && rowsSinceFit >= config.refitEvery()) {
                fit(out);
            }
        }
        proj.setSampleCount(in.sampleCount());
        out.emit(0);
        if ((in.flags() & Block.FLAG_END_OF_STREAM) != 0 && !ended) {
            ended = true;
            fit(out);
        }
    }

    private void project(float[] x, int off, float[] dst, int dOff) {
        if (!fitted) {
            Arrays.fill(dst, dOff, dOff + k, Float.NaN);
            return;
        }
        for (int j = 0; j < k; j++) {
            double v = 0;
            int co = j * n;
            for (int i = 0; i < n; i++) {
                v += (x[off + i] - mean[i]) * components[co + i];
            }
            dst[dOff + j] = (float) v;
        }
    }

    private void add(float[] x, int off) {
        if (!shiftSet) {
            System.arraycopy(x, off, shift, 0, n);
            shiftSet = true;
        }
        int co = chunkRows * n;
        for (int i = 0; i < n; i++) {
            chunk[co + i] = x[off + i] - shift[i];
        }
        chunkRows++;
        rows++;
        rowsSinceFit++;
        if (chunkRows == config.chunkRows()) {
            flush();
        }
    }

    private void flush() {
        if (chunkRows == 0) {
            return;
        }
        accel.transposeProduct(chunk, chunkRows, n, chunk, n, xx);
        for (int r = 0; r < chunkRows; r++) {
            for (int i = 0; i < n; i++) {
                sx[i] += chunk[r * n + i];
            }
        }
        chunkRows = 0;
    }

    private void fit(Emitter out) throws InterruptedException {
        flush();
        rowsSinceFit = 0;
        if (rows < 2) {
            return;
        }
        double[][] cov = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = (0.5 * (xx[i * n + j] + xx[j * n + i]) - sx[i] * sx[j] / rows) / (rows - 1);
                cov[i][j] = v;
                cov[j][i] = v;
            }
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        double[] values = e.getRealEigenvalues();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        for (int j = 0; j < k; j++) {
            double[] v = e.getEigenvector(order[j]).toArray();
            int top = 0;
            for (int i = 1; i < n; i++) {
                top = Math.abs(v[i]) > Math.abs(v[top]) ? i : top;
            }
            double sign = v[top] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                components[j * n + i] = sign * v[i];
            }
            eigenvalues[j] = values[order[j]];
        }
        for (int i = 0; i < n; i++) {
            mean[i] = sx[i] / rows + shift[i];
        }
        fitted = true;
        Block var = out.block(1);
        for (int j = 0; j < k; j++) {
            var.f32()[j] = (float) eigenvalues[j];
        }
        var.setFirstSample(rows);
        var.setSampleCount(1);
        out.emit(1);
        context.status(
                NodeStatus.OK,
                String.format(
                        "model.pca: %d rows, top %d of %d components, variance %s",
                        rows,
                        k,
                        n,
                        Arrays.toString(Arrays.stream(eigenvalues)
                                .map(v -> Math.round(v * 1e4) / 1e4)
                                .toArray())));
    }

    /** Component j (N values; a copy). */
    double[] component(int j) {
        return Arrays.copyOfRange(components, j * n, (j + 1) * n);
    }

    /** The k eigenvalues of the latest fit, largest first. */
    double[] eigenvalues() {
        return eigenvalues.clone();
    }
}
