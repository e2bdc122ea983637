package org.neurorig.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.command.Command;

/**
 * The command lines {@code serve} and {@code run} refuse before they touch the host (their services
 * are not even there): exit 64, what was wrong and the usage.
 */
class ServeCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Command c, String... args) throws Exception {
        return c.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPortThatIsNoTcpPortIsRefusedWithTheUsage() throws Exception {
        for (String port : List.of("http", "0", "65536", "-1", "80.5")) {
            err.reset();
            assertThat(run(new ServeCommand(), "--port", port)).as(port).isEqualTo(64);
            assertThat(err())
                    .as(port)
                    .isEqualTo(
                            "neurorig serve: --port expects a TCP port 1..65535, got '" + port + "'\n"
                                    + "usage: neurorig serve [FILE] [--port N] [--host ADDRESS] [--strict] [--quiet] [--insecure]\n");
        }
        assertThat(out.size()).isZero();
    }

    @Test
    void twoFilesAreRefusedWithTheUsage() throws Exception {
        assertThat(run(new ServeCommand(), "a.yaml", "--port", "8080", "b.yaml"))
                .isEqualTo(64);
        assertThat(err())
                .startsWith("neurorig serve: expected at most 1 pipeline file, got [a.yaml, b.yaml]\n")
                .contains("usage: neurorig serve [FILE]");
    }

    @Test
    void aBlankHostAnUnknownOptionAndAMissingValueAreRefused() throws Exception {
        assertThat(run(new ServeCommand(), "--host", " ")).isEqualTo(64);
        assertThat(err()).startsWith("neurorig serve: --host expects an address to bind");
        err.reset();
        assertThat(run(new ServeCommand(), "--duration", "3")).isEqualTo(64);
        assertThat(err())
                .startsWith("neurorig serve: unknown option --duration (known: [--host, --port]"
                        + " [--insecure, --quiet, --strict])\n");
        err.reset();
        assertThat(run(new ServeCommand(), "--port")).isEqualTo(64);
        assertThat(err()).startsWith("neurorig serve: --port needs a value\n");
    }

    @Test
    void runSharesTheCheckedOptionsAndWantsExactlyOneFile() throws Exception {
        assertThat(run(new RunCommand(), "demo.yaml", "--port", "99999")).isEqualTo(64);
        assertThat(err())
                .startsWith("neurorig run: --port expects a TCP port 1..65535, got '99999'\n")
                .contains("usage: neurorig run FILE [--duration SECONDS]");
        err.reset();
        assertThat(run(new RunCommand(), "--quiet")).isEqualTo(64);
        assertThat(err()).startsWith("neurorig run: expected 1 pipeline file, got none\n");
        err.reset();
        assertThat(run(new RunCommand(), "demo.yaml", "--duration", "ten")).isEqualTo(64);
        assertThat(err()).startsWith("neurorig run: --duration expects a number, got 'ten'\n");
    }
}
