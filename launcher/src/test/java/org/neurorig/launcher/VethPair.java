package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace joined to this one by a veth pair, for tests of hosts on two machines:
 * {@code rootAddress} here, {@code nsAddress} in the namespace (a /24 of 10.x.y, from the test's pid
 * and a tag so that tests running at once do not collide). Needs root and {@code ip netns}; where that
 * is not permitted the test is skipped with the reason, but never under {@code CI=true} (it fails).
 */
final class VethPair implements AutoCloseable {
    final String ns;
    final String rootSide;
    final String rootAddress;
    final String nsAddress;

    private VethPair(String ns, String rootSide, String rootAddress, String nsAddress) {
        this.ns = ns;
        this.rootSide = rootSide;
        this.rootAddress = rootAddress;
        this.nsAddress = nsAddress;
    }

    /** Makes the namespace and the pair; skips the test (or fails under CI) when not permitted. */
    static VethPair create(String tag) throws Exception {
        long pid = ProcessHandle.current().pid();
        String base = tag + pid;
        String net = "10." + (1 + (pid / 250 + tag.hashCode()) % 250 + 250) % 250 + "." + pid % 250;
        VethPair v = new VethPair(base, base + "a", net + ".1", net + ".2");
        String nsSide = base + "b";
        ip("netns", "del", v.ns); // a leftover of a killed run
        String add = ip("netns", "add", v.ns);
        if (add != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must permit ip netns: " + add);
            }
            assumeTrue(false, "ip netns is not permitted here: " + add);
        }
        for (String[] step : new String[][] {
            {"link", "add", v.rootSide, "type", "veth", "peer", "name", nsSide},
            {"link", "set", nsSide, "netns", v.ns},
            {"addr", "add", v.rootAddress + "/24", "dev", v.rootSide},
            {"link", "set", v.rootSide, "up"},
            {"netns", "exec", v.ns, "ip", "addr", "add", v.nsAddress + "/24", "dev", nsSide},
            {"netns", "exec", v.ns, "ip", "link", "set", nsSide, "up"},
            {"netns", "exec", v.ns, "ip", "link", "set", "lo", "up"}
        }) {
            String err = ip(step);
            if (err != null) {
                v.close();
                fail("ip " + String.join(" ", step) + ": " + err);
            }
        }
        return v;
    }

    /** {@code cmd} run inside the namespace. */
    List<String> inside(List<String> cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(cmd);
        return full;
    }

    @Override
    public void close() throws Exception {
        ip("netns", "del", ns); // takes its end of the veth pair, and so the pair, with it
        ip("link", "del", rootSide); // in case the namespace never got its end
    }

    /** Runs {@code ip ARGS}; null when it succeeded, else its output. */
    static String ip(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "cannot run ip: " + e.getMessage();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }
}
