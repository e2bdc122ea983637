package org.neurorig.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.neurorig.command.Command;

/**
 * A real NeuroRig host for integration tests: the built distribution's bundles in an embedded
 * Felix, bus endpoints on free loopback ports, and helpers to run pipelines and read their output.
 */
final class RigFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final Path dist =
            Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();
    final Path fixtures =
            Path.of(System.getProperty("neurorig.fixtures", "target/fixtures")).toAbsolutePath();
    final Path repo =
            Path.of(System.getProperty("neurorig.repo", "..")).toAbsolutePath().normalize();
    final Path work;
    final int subscribePort;
    final int publishPort;
    final RigHost host;

    RigFixture(Path work) throws Exception {
        this.work = work;
        this.subscribePort = freePort();
        this.publishPort = freePort();
        Map<String, String> props = new HashMap<>();
        props.put("neurorig.bus.subscribe", "tcp://127.0.0.1:" + subscribePort);
        props.put("neurorig.bus.publish", "tcp://127.0.0.1:" + publishPort);
        // A private deploy folder per test, so FileInstall never sees another test's jars; a private
        // conf folder, so a token the web server writes (conf/web-token) stays in this test.
        Path home = work.resolve("home");
        Files.createDirectories(home);
        Path bundles = home.resolve("bundles");
        if (!Files.exists(bundles)) {
            Files.createSymbolicLink(bundles, dist.resolve("bundles"));
        }
        Path conf = home.resolve("conf");
        if (!Files.exists(conf)) {
            try (Stream<Path> files = Files.walk(dist.resolve("conf"))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = conf.resolve(dist.resolve("conf").relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else if (!f.getFileName().toString().equals("web-token")) {
                        Files.copy(f, to);
                    }
                }
            }
        }
        this.host = RigHost.start(home, work.resolve("cache"), props);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Path deploy() {
        return host.home().resolve("deploy");
    }

    Path write(String name, String text) throws IOException {
        Path p = work.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** Runs {@code neurorig run} on another thread; the future completes with its exit code. */
    CompletableFuture<Integer> runAsync(String... args) throws InterruptedException {
        Command run = host.command("run", 10_000);
        if (run == null) {
            throw new IllegalStateException("no run command registered; bundles: " + host.bundles());
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run.run(List.of(args), System.out, System.err);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    int command(String name, String... args) throws Exception {
        Command c = host.command(name, 10_000);
        if (c == null) {
            throw new IllegalStateException("no " + name + " command registered");
        }
        return c.run(List.of(args), System.out, System.err);
    }

    static JsonNode readJson(Path p) throws IOException {
        return JSON.readTree(p.toFile());
    }

    /** Polls a JSON file (written atomically by sink.count) until the predicate holds. */
    static JsonNode awaitJson(Path p, Predicate<JsonNode> ok, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(p)) {
                last = readJson(p);
                if (ok.test(last)) {
                    return last;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("timed out waiting on " + p + "; last content: " + last);
    }

    @Override
    public void close() throws Exception {
        host.close();
    }
}
