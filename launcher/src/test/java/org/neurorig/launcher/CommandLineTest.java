package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.command.Command;

/** How the launcher reads a command line against the commands present, and the usage it prints. */
class CommandLineTest {
    private record Fake(String name, String usage, String summary) implements Command {
        @Override
        public int run(List<String> args, PrintStream out, PrintStream err) {
            return 0;
        }
    }

    private static final Fake RUN = new Fake("run", "FILE [--duration S]", "run a pipeline");
    private static final Fake TYPES = new Fake("types", "", "node types");
    private static final Fake BENCH_BUS = new Fake("bench bus", "[--quick]", "bus benchmark");
    private static final Fake BENCH_SOAK = new Fake("bench soak", "--minutes N", "soak");
    private static final List<Command> ALL = List.of(TYPES, BENCH_SOAK, RUN, BENCH_BUS);

    @Test
    void theWordsOfANameSelectItAndTheRestAreItsArguments() {
        assertThat(CommandLine.select(ALL, List.of("run", "demo.yaml", "--duration", "2")))
                .containsSame(RUN);
        assertThat(CommandLine.select(ALL, List.of("bench", "bus", "--quick"))).containsSame(BENCH_BUS);
        assertThat(CommandLine.words(BENCH_BUS)).containsExactly("bench", "bus");
        assertThat(CommandLine.select(ALL, List.of("bench"))).isEmpty();
        assertThat(CommandLine.select(ALL, List.of("bench", "bogus"))).isEmpty();
        assertThat(CommandLine.select(ALL, List.of("bogus"))).isEmpty();
        assertThat(CommandLine.select(ALL, List.of("runs"))).isEmpty();
        assertThat(CommandLine.family(ALL, "bench")).containsExactlyInAnyOrder(BENCH_BUS, BENCH_SOAK);
    }

    @Test
    void aLongerNameWinsOverItsFirstWord() {
        Fake bench = new Fake("bench", "", "all benchmarks");
        List<Command> with = List.of(bench, BENCH_BUS);
        assertThat(CommandLine.select(with, List.of("bench", "bus"))).containsSame(BENCH_BUS);
        assertThat(CommandLine.select(with, List.of("bench", "soak"))).containsSame(bench);
    }

    @Test
    void theUsageListsEveryCommandSortedWithItsArgumentsAndSummary() {
        assertThat(CommandLine.usage(ALL))
                .isEqualTo(
                        """
                usage: neurorig COMMAND [ARGS]
                  bench bus [--quick]
                      bus benchmark
                  bench soak --minutes N
                      soak
                  run FILE [--duration S]
                      run a pipeline
                  types
                      node types
                """);
    }
}
