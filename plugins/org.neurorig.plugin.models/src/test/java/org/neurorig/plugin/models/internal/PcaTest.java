package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.neurorig.accel.AccelDevice;
import org.neurorig.accel.LocalAccelerator;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/**
 * model.pca against NumPy (src/test/python/selectivity_pca_golden.py) on every accelerator device:
 * eigenvalues after 300 rows and at the end, the final components, and the projection of rows
 * 300… on the components fitted from rows 0…299.
 */
class PcaTest {

    @Test
    void matchesNumPyOnEveryDevice() throws Exception {
        JsonNode g = PythonGolden.load("selectivity_pca_golden.py", "selectivity-pca-golden.json")
                .get("pca");
        float[] data = PythonGolden.matrix(g.get("data"));
        int n = g.get("data").get(0).size();
        int t = g.get("data").size();
        int k = g.get("k").asInt();
        try (LocalAccelerator accel = LocalAccelerator.open("auto", 2)) {
            for (AccelDevice d : accel.devices()) {
                PcaModel m = new PcaModel();
                m.accel = accel.on(d);
                m.activate(TestConfig.of(
                        PcaConfig.class,
                        "components",
                        k,
                        "refitEvery",
                        g.get("refitEvery").asInt(),
                        "chunkRows",
                        64));
                StreamSpec s = StreamSpec.builder("x", Kind.MATRIX_F32)
                        .channelCount(n)
                        .sampleRate(30)
                        .blockSamples(50)
                        .build();
                ProcessorRun pr = Harness.processor(m, s);
                for (int r = 0; r < t; r += 50) {
                    Block b = Block.allocate(Kind.MATRIX_F32, n, 50);
                    System.arraycopy(data, r * n, b.f32(), 0, 50 * n);
                    b.setSampleCount(50);
                    b.setFirstSample(r);
                    b.setFlags(r + 50 == t ? Block.FLAG_END_OF_STREAM : 0);
                    pr.feed(b);
                }
                // fits after 300 and 600 rows, and one more at the end of the stream
                assertThat(pr.out().emittedSamples(1))
                        .as("%s: variance rows", d)
                        .isEqualTo(3);
                for (int j = 0; j < k; j++) {
                    double v1 = g.get("variance1").get(j).asDouble();
                    assertThat((double) pr.out().emitted(1).get(0).f32()[j])
                            .as("%s: variance %d after 300", d, j)
                            .isCloseTo(v1, within(1e-5 * v1));
                    assertThat(m.eigenvalues()[j])
                            .as("%s: variance %d", d, j)
                            .isCloseTo(g.get("variance2").get(j).asDouble(), within(1e-5 * v1));
                    double[] c = m.component(j);
                    for (int i = 0; i < n; i++) {
                        assertThat(c[i])
                                .as("%s: component %d[%d]", d, j, i)
                                .isCloseTo(g.get("components2").get(j).get(i).asDouble(), within(1e-4));
                    }
                }
                float[] proj = new float[t * k];
                int row = 0;
                for (Block b : pr.out().emitted(0)) {
                    System.arraycopy(b.f32(), 0, proj, row * k, b.sampleCount() * k);
                    row += b.sampleCount();
                }
                assertThat(row).isEqualTo(t);
                assertThat(proj[299 * k]).isNaN();
                for (int r = 300; r < t; r++) {
                    for (int j = 0; j < k; j++) {
                        double want = g.get("proj").get(r - 300).get(j).asDouble();
                        assertThat((double) proj[r * k + j])
                                .as("%s: proj row %d pc %d", d, r, j)
                                .isCloseTo(want, within(1e-3 + 1e-4 * Math.abs(want)));
                    }
                }
            }
        }
    }
}
