package org.neurorig.plugin.record.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordBenchTest {
    @TempDir
    Path tmp;

    @Test
    void aSmallRunWritesEverySampleAndReportsItsNumbers() throws Exception {
        RecordBench.Result r = RecordBench.run(tmp, 2, 0.1, 384, 30000, 30);
        assertThat(r.samplesPerProbe()).isEqualTo(3000);
        assertThat(r.bytes()).isEqualTo(2L * 3000 * (384 * 2 + 16));
        assertThat(Npy.rows(tmp.resolve("Record Node 101/experiment1/recording1/continuous/probe1-102.ap/"
                + "sample_numbers.npy"))).isEqualTo(3000);
        assertThat(r.format()).contains("2 probe(s)").contains("0 dropped");
        assertThat(new RecordBench().apply(new String[] {"--probes", "1", "--seconds", "0.05", "--dir",
                tmp.resolve("b").toString()})).isZero();
        assertThat(new RecordBench().apply(new String[] {"--bogus"})).isEqualTo(64);
    }
}
