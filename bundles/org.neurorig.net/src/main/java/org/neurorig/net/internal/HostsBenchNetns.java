package org.neurorig.net.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The second "host" of {@code neurorig bench hosts}: a network namespace joined to this one by a veth
 * pair, made with {@code ip} as a test's would be ({@code 10.252.N.1} here, {@code 10.252.N.2} in the
 * namespace, N and the names from this process's id so that two runs do not collide). Closing it
 * deletes the namespace, which takes the pair with it.
 */
final class HostsBenchNetns implements AutoCloseable {
    /** {@code ip netns add} was refused (not root, or no permission for network namespaces here). */
    static final class NotPermitted extends Exception {
        NotPermitted(String message) {
            super(message);
        }
    }

    final String ns;
    final String rootSide;
    final String rootAddress;
    final String nsAddress;

    private HostsBenchNetns(String ns, String rootSide, String rootAddress, String nsAddress) {
        this.ns = ns;
        this.rootSide = rootSide;
        this.rootAddress = rootAddress;
        this.nsAddress = nsAddress;
    }

    /** Makes the namespace and the pair; throws naming the {@code ip} command that failed. */
    static HostsBenchNetns create() throws NotPermitted, IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        String base = "nrbench" + pid;
        String net = "10.252." + pid % 250;
        HostsBenchNetns v = new HostsBenchNetns(base, "nrb" + pid + "a", net + ".1", net + ".2");
        String nsSide = "nrb" + pid + "b";
        ip("netns", "del", v.ns); // a leftover of a killed run of the same id
        ip("link", "del", v.rootSide);
        String add = ip("netns", "add", v.ns);
        if (add != null) {
            throw new NotPermitted("`ip netns add " + v.ns + "` failed: " + add);
        }
        try {
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
                    throw new IOException("`ip " + String.join(" ", step) + "` failed: " + err);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            v.close();
            throw e;
        }
        return v;
    }

    /** {@code cmd} run inside the namespace. */
    List<String> inside(List<String> cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(cmd);
        return full;
    }

    /** Deletes the namespace and the pair; runs to the end even when this thread was interrupted (Ctrl-C). */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            ip("netns", "del", ns); // takes its end of the veth pair, and so the pair, with it
            ip("link", "del", rootSide); // in case the namespace never got its end
        } catch (IOException | InterruptedException e) {
            // best effort: a leftover is deleted by the next run of the same id
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code ip ARGS}; null when it succeeded, else why not. */
    static String ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "cannot run ip: " + e.getMessage();
        }
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out after 30 s";
        }
        String out = new String(output, StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + (out.isEmpty() ? "" : ": " + out);
    }
}
