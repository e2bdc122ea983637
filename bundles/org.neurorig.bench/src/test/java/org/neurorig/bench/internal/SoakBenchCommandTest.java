package org.neurorig.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.TestConfig;

class SoakBenchCommandTest {
    @Test
    void optionsTakeMinutesOrSecondsAndNameWhatIsWrong() {
        SoakBenchCommand.Options o = SoakBenchCommand.Options.parse(List.of("--minutes", "30", "--port", "8090"));
        assertThat(o.seconds()).isEqualTo(1800);
        assertThat(o.port()).isEqualTo(8090);
        assertThat(o.reportSeconds()).isEqualTo(60);
        assertThat(SoakBenchCommand.Options.parse(List.of("--seconds", "15", "--report-seconds", "5"))
                        .seconds())
                .isEqualTo(15);
        assertThatThrownBy(() -> SoakBenchCommand.Options.parse(List.of()))
                .hasMessageContaining("--minutes is required");
        assertThatThrownBy(() -> SoakBenchCommand.Options.parse(List.of("--minutes", "-1")))
                .hasMessageContaining("--minutes must be > 0, got -1");
        assertThatThrownBy(() -> SoakBenchCommand.Options.parse(List.of("--minutes", "x")))
                .hasMessageContaining("--minutes expects a number, got 'x'");
        assertThatThrownBy(() -> SoakBenchCommand.Options.parse(List.of("--minutes", "1", "--port", "70000")))
                .hasMessageContaining("--port expects a TCP port 1..65535, got 70000");
        assertThatThrownBy(() -> SoakBenchCommand.Options.parse(List.of("--minutes")))
                .hasMessageContaining("--minutes needs a value");
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        assertThat(new SoakBenchCommand().run(List.of("--hours", "1"), nowhere, nowhere))
                .isEqualTo(64);
    }

    @Test
    void aReportLineStatesEveryFigureWithItsUnit() {
        ProcessGauges g = new ProcessGauges(300L * 1048576, 50L * 1048576 + 524288, 80, 120);
        SoakBenchCommand.Totals t = new SoakBenchCommand.Totals(123456, 0, 7, 12, 3, 2, 999, List.of());
        assertThat(SoakBenchCommand.line(60.2, g, t))
                .isEqualTo(
                        "[   60 s] rss 300.0 MB | heap 50.5 MB | threads 80 | "
                                + "fds 120 | blocks 123456 | gaps 0 | drops 7 | swaps 12 | faults 3 | recordings 2 | slow-sub 999");
    }

    @Test
    void rssIsReadFromTheStatusFileInBytes() {
        assertThat(ProcessGauges.parseRss(List.of("Name:\tjava", "VmRSS:\t  412345 kB", "Threads:\t80")))
                .isEqualTo(412345L * 1024);
        assertThat(ProcessGauges.parseRss(List.of("Name:\tjava"))).isEqualTo(-1);
        assertThat(ProcessGauges.read().threads()).isPositive();
    }

    @Test
    void theFaultySinkThrowsOnEveryNthBlockOnly() {
        FaultySink s = new FaultySink(TestConfig.of(FaultySinkConfig.class, "failEvery", 3));
        Block b = Block.forSpec(StreamSpec.builder("beat.out", Kind.CONTINUOUS_F32)
                .channelCount(1)
                .sampleRate(1000)
                .blockSamples(10)
                .build());
        s.accept(b);
        s.accept(b);
        assertThatThrownBy(() -> s.accept(b))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("injected failure at block 3");
        s.accept(b);
        assertThatThrownBy(() -> new FaultySink(TestConfig.of(FaultySinkConfig.class, "failEvery", -1)))
                .hasMessageContaining("failEvery")
                .hasMessageContaining("-1"); // the test kit enforces the declared minimum
    }
}
