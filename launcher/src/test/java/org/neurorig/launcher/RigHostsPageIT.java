package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's page shows the whole rig (issue 14, docs/API.md "The page"): a two-host rig on
 * loopback, host B a real {@code neurorig serve} process whose clock runs ahead by a planted offset,
 * host A {@code neurorig run} of a file that places a counter on B. {@code /api/hosts} shows B ONLINE
 * with its edge counting frames; in headless Chromium the Hosts panel shows B ONLINE with B's clock
 * offset in µs (the planted one, with the sign rig − host), then OFFLINE after B is killed, then
 * ONLINE again with a restart counted once B is started again; A then stops on SIGTERM with exit 0.
 * Screenshot: target/rig-hosts.png.
 */
class RigHostsPageIT {
    /** B's clock runs this far ahead of A's (the host clock's test-only property): the page shows −5000 µs. */
    private static final long PLANTED_OFFSET_NANOS = 5_000_000L;
    /** A host's control port and the edge ports after it that must be free. */
    private static final int PORTS_AFTER_CONTROL = 8;

    private static final Pattern CLOCK = Pattern.compile("([+−])(\\d+\\.\\d) ± (\\d+\\.\\d)");

    private final Path dist =
            Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void thePageShowsHostBOnlineThenOfflineThenRestarted() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(
                ci || Files.isExecutable(WebPageIT.CHROMIUM),
                "Debian chromium is not installed (apt-get install chromium)");
        int controlA = freeRange(-1);
        int controlB = freeRange(controlA);
        int pageA = freePortOutside(controlA, controlB);
        int pageB = freePortOutside(controlA, controlB);
        String bOptions = "-Dneurorig.control=tcp://127.0.0.1:" + controlB
                + " -Dneurorig.bus.subscribe=none -Dneurorig.bus.publish=none"
                + " -Dneurorig.clock.testOffsetNanos=" + PLANTED_OFFSET_NANOS;
        Process b1 = hostB("b1", pageB, bOptions);
        Path pipeline = tmp.resolve("two.yaml");
        Files.writeString(
                pipeline,
                """
                name: rigpage
                hosts: { b: "127.0.0.1:%d" }
                nodes:
                  sig:   { type: sim.sine, config: { channels: 4, rate: 30000, blockSamples: 30 } }
                  there: { type: sink.count, in: sig, at: b }
                """
                        .formatted(controlB));
        Path logA = tmp.resolve("a.log");
        // --duration only bounds A should the test die before its SIGTERM
        Process a = neurorig(
                logA,
                tmp.resolve("a-logs"),
                "-Dneurorig.control=tcp://127.0.0.1:" + controlA
                        + " -Dneurorig.bus.subscribe=tcp://127.0.0.1:" + freePortOutside(controlA, controlB)
                        + " -Dneurorig.bus.publish=tcp://127.0.0.1:" + freePortOutside(controlA, controlB),
                List.of("run", pipeline.toString(), "--port", "" + pageA, "--duration", "300"));

        // the API first: B ONLINE, the edge into B counting frames, B's clock estimated
        JsonNode hosts = HostPage.await(
                http,
                a,
                logA,
                pageA,
                "/api/hosts",
                h -> h.at("/hosts/b/state").asText().equals("ONLINE")
                        && receivedAtB(h) > 0
                        && h.at("/hosts/b/clock/samples").asInt() > 0,
                90);
        assertThat(hosts.at("/hosts/b/endpoint").asText()).isEqualTo("tcp://127.0.0.1:" + controlB);
        assertThat(hosts.at("/hosts/coordinator/state").asText()).isEqualTo("ONLINE");

        Process chrome = WebPageIT.chromium(tmp);
        try (WebPageIT.Cdp page = WebPageIT.Cdp.open(http, tmp.resolve("chrome"))) {
            page.call("Page.enable", null);
            page.call(
                    "Page.navigate", RigFixture.JSON.createObjectNode().put("url", "http://127.0.0.1:" + pageA + "/"));
            String rowB = "document.querySelector('#hosts tr[data-host=\"b\"]')";
            // B ONLINE in green, its clock offset (once its bound is under 1 ms: a loaded machine's
            // first exchanges may be slow) and the edge into B counting frames
            WebPageIT.await(
                    page,
                    "document.getElementById('hosts-box') !== null && !document.getElementById('hosts-box').hidden && "
                            + rowB + " !== null && " + rowB
                            + ".dataset.state === 'ONLINE' && +(/ ± ([0-9.]+)$/.exec(" + rowB
                            + ".querySelector('.clock').textContent) || [0, 1e9])[1] < 1000 && " + rowB
                            + ".querySelector('table.edges tbody tr') !== null && +" + rowB
                            + ".querySelector('table.edges tbody tr').cells[2].textContent > 0",
                    60_000);
            assertThat(page.eval(rowB + ".querySelector('.host-state').textContent")
                            .asText())
                    .isEqualTo("ONLINE");
            assertThat(page.eval("getComputedStyle(" + rowB + ".querySelector('.host-state')).backgroundColor")
                            .asText())
                    .as("ONLINE is green")
                    .isEqualTo("rgb(47, 133, 90)");
            assertThat(page.eval(rowB + ".cells[1].textContent").asText()).isEqualTo("tcp://127.0.0.1:" + controlB);
            // B's clock is ahead by the planted 5 ms: rig − host is −5000 µs, within the bound shown
            String clock =
                    page.eval(rowB + ".querySelector('.clock').textContent").asText();
            Matcher m = CLOCK.matcher(clock);
            assertThat(m.matches()).as("clock cell '%s'", clock).isTrue();
            double offsetMicros = (m.group(1).equals("−") ? -1 : 1) * Double.parseDouble(m.group(2));
            double boundMicros = Double.parseDouble(m.group(3));
            assertThat(boundMicros).as("clock cell '%s'", clock).isBetween(0.0, 2000.0);
            assertThat(offsetMicros)
                    .as("clock cell '%s'", clock)
                    .isBetween(-5000.0 - boundMicros - 50, -5000.0 + boundMicros + 50);
            String edgeB = rowB + ".querySelector('table.edges tbody tr')";
            assertThat(page.eval(edgeB + ".cells[1].textContent").asText()).isEqualTo("receive");
            assertThat(page.eval(edgeB + ".cells[6].textContent").asText()).isEqualTo("yes");
            // the coordinator's own row, with the sending end of that edge
            String rowA = "document.querySelector('#hosts tr[data-host=\"coordinator\"]')";
            assertThat(page.eval(rowA + ".dataset.state").asText()).isEqualTo("ONLINE");
            assertThat(page.eval(rowA + ".querySelector('.clock').textContent").asText())
                    .isEqualTo("rig clock");
            assertThat(page.eval(rowA + ".querySelector('table.edges tbody tr').cells[1].textContent")
                            .asText())
                    .isEqualTo("send");
            page.eval("document.getElementById('hosts-box').scrollIntoView()");
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/rig-hosts.png"), page.screenshot());

            // B killed (no goodbye): OFFLINE in red, A still acquiring
            b1.destroyForcibly();
            assertThat(b1.waitFor(30, TimeUnit.SECONDS)).isTrue();
            WebPageIT.await(page, rowB + " !== null && " + rowB + ".dataset.state === 'OFFLINE'", 30_000);
            assertThat(page.eval(rowB + ".querySelector('.host-state').textContent")
                            .asText())
                    .isEqualTo("OFFLINE");
            assertThat(page.eval("getComputedStyle(" + rowB + ".querySelector('.host-state')).backgroundColor")
                            .asText())
                    .as("OFFLINE is red")
                    .isEqualTo("rgb(197, 48, 48)");
            assertThat(HostPage.get(http, pageA, "/api/status").get("mode").asText())
                    .isEqualTo("ACQUIRE");

            // B started again: ONLINE again, one restart counted
            hostB("b2", pageB, bOptions);
            WebPageIT.await(
                    page,
                    rowB + " !== null && " + rowB + ".dataset.state === 'ONLINE' && +" + rowB
                            + ".cells[4].textContent >= 1",
                    90_000);
            assertThat(page.eval(rowB + ".querySelector('.host-state').textContent")
                            .asText())
                    .isEqualTo("ONLINE");
        } finally {
            chrome.destroy();
            chrome.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(HostPage.get(http, pageA, "/api/hosts")
                        .at("/hosts/b/restarts")
                        .asInt())
                .isGreaterThanOrEqualTo(1);

        // A stops on SIGTERM: it drains (stopping B's part) and exits 0
        assertThat(a.isAlive()).as(Files.readString(logA)).isTrue();
        a.destroy();
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(logA)).isTrue();
        assertThat(a.exitValue()).as(Files.readString(logA)).isZero();
    }

    /** Frames the receiving end of an edge on host B has taken; 0 while there is none. */
    private static long receivedAtB(JsonNode hosts) {
        for (Iterator<JsonNode> it = hosts.at("/hosts/b/edges").elements(); it.hasNext(); ) {
            JsonNode e = it.next();
            if (e.path("role").asText().equals("receive")) {
                return e.path("frames").asLong();
            }
        }
        return 0;
    }

    /** Host B: {@code neurorig serve} with its control channel on loopback; returns once that is open. */
    private Process hostB(String name, int port, String options) throws Exception {
        Path log = tmp.resolve(name + ".log");
        Path logs = tmp.resolve(name + "-logs");
        Process p = neurorig(log, logs, options, List.of("serve", "--port", "" + port, "--quiet"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path file = logs.resolve("neurorig.0.log");
        while (!(Files.exists(file) && Files.readString(file).contains("control channel open"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                fail("host " + name + " never opened its control channel:\n" + Files.readString(log)
                        + (Files.exists(file) ? Files.readString(file) : ""));
            }
            Thread.sleep(100);
        }
        return p;
    }

    private Process neurorig(Path log, Path logs, String options, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(dist.resolve("bin/neurorig").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // each process its own conf/ (web token), so that nothing is written into the distribution
        pb.environment()
                .put(
                        "NEURORIG_JAVA_OPTS",
                        "-Xmx512m -Dneurorig.conf=" + tmp.resolve("conf-" + log.getFileName()) + " " + options);
        pb.environment().put("NEURORIG_LOG_DIR", logs.toString());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /**
     * A free port whose next {@link #PORTS_AFTER_CONTROL} ports are free too (a host's control channel
     * and its edges bind there), outside the range starting at {@code other}.
     */
    private static int freeRange(int other) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = RigFixture.freePort();
            if (p + PORTS_AFTER_CONTROL > 65535
                    || (other > 0 && Math.abs(p - other) <= PORTS_AFTER_CONTROL)
                    || !free(p + 1, p + PORTS_AFTER_CONTROL)) {
                continue;
            }
            return p;
        }
        return fail("no free port with %d free ports after it in 100 tries", PORTS_AFTER_CONTROL);
    }

    private static boolean free(int from, int to) {
        for (int p = from; p <= to; p++) {
            try (ServerSocket s = new ServerSocket(p)) {
                // free
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** A free port in neither host's range of control and edge ports. */
    private static int freePortOutside(int controlA, int controlB) throws IOException {
        while (true) {
            int p = RigFixture.freePort();
            if ((p < controlA || p > controlA + PORTS_AFTER_CONTROL)
                    && (p < controlB || p > controlB + PORTS_AFTER_CONTROL)) {
                return p;
            }
        }
    }
}
