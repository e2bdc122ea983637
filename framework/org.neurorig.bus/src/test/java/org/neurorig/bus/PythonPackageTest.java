package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the unit tests of the Python package (python/tests: the codec against {@link GoldenFramesTest}'s
 * frames, the harness with the example decoder, the node loop over ZeroMQ, dry-run) with Debian's
 * python3. Needs python3 with zmq and numpy (and scikit-learn for the example): required when
 * {@code CI=true}, skipped otherwise.
 */
class PythonPackageTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path PACKAGE = Path.of("../../python").toAbsolutePath().normalize();

    private static boolean imports(String modules) throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import " + modules)
                .redirectErrorStream(true)
                .start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void pythonPackageUnitTestsPass() throws Exception {
        boolean ok = imports("zmq, numpy");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(ok).as(PYTHON + " with zmq and numpy is required in CI").isTrue();
            assertThat(imports("sklearn"))
                    .as(PYTHON + " with sklearn is required in CI")
                    .isTrue();
        }
        Assumptions.assumeTrue(ok, PYTHON + " with zmq and numpy not available (Debian: python3-zmq python3-numpy)");

        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-m", "unittest", "discover", "-v", "-s", "tests")
                .directory(PACKAGE.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", PACKAGE.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("python tests finished").isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(text);
        assertThat(ran.find()).as(text).isTrue();
        // Every test file ran: the codec, the harness and the node loop (a discovery that finds
        // nothing also exits 0).
        assertThat(Integer.parseInt(ran.group(1))).as(text).isGreaterThanOrEqualTo(20);
        assertThat(text).contains("test_wire", "test_harness", "test_run");
    }
}
