package org.neurorig.plugin.python.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real child: {@code <python> -m neurorig.run --connect ENDPOINT --module M [--path P] --config JSON}
 * with the distribution's package first on {@code PYTHONPATH}. Its output and error output go to
 * the host log line by line under the node's name (they would otherwise fill the pipe and block
 * the child). A JVM that exits kills it (shutdown hook): an orphaned child would wait on its socket
 * for ever.
 */
final class PythonProcess implements Child {
    private static final Logger LOG = Logger.getLogger(PythonProcess.class.getName());

    private final String node;
    private final Process process;
    private final Thread out;
    private final Thread err;
    private final Thread hook;
    private volatile String lastErrorLine = "";
    /**
     * What the child wrote before its hello, held back: a child that fails at import is started
     * again every second by the runtime's retries, and its traceback is logged once per distinct
     * text ({@link PythonNode}), not once per try. Each entry: level, stream, line.
     */
    private final List<Object[]> early = new ArrayList<>();

    private boolean live;
    private static final int MAX_EARLY_LINES = 500;

    private PythonProcess(String node, Process process) {
        this.node = node;
        this.process = process;
        this.out = pump(process.getInputStream(), "out", Level.INFO);
        this.err = pump(process.getErrorStream(), "err", Level.WARNING);
        this.hook = new Thread(process::destroyForcibly, "python-" + node + "-kill");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * The command line of a node's child.
     *
     * @param packageDir the folder holding the {@code neurorig} package, put first on PYTHONPATH;
     *        null = rely on an installed package
     */
    static Starter starter(String node, String python, String module, String path, String params, String packageDir) {
        return endpoint -> {
            List<String> cmd =
                    new ArrayList<>(List.of(python, "-m", "neurorig.run", "--connect", endpoint, "--module", module));
            if (!path.isEmpty()) {
                cmd.add("--path");
                cmd.add(path);
            }
            cmd.add("--config");
            cmd.add(params);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (packageDir != null) {
                String old = pb.environment().get("PYTHONPATH");
                pb.environment().put("PYTHONPATH", old == null || old.isEmpty() ? packageDir : packageDir + ":" + old);
            }
            pb.environment().put("PYTHONUNBUFFERED", "1"); // its prints reach the log as they happen
            try {
                return new PythonProcess(node, pb.start());
            } catch (IOException e) {
                throw new IOException("cannot start '" + python + "' (key python): " + e.getMessage(), e);
            }
        };
    }

    private Thread pump(InputStream in, String stream, Level level) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            if (level == Level.WARNING && !line.isBlank()) {
                                lastErrorLine = line.strip();
                            }
                            line(level, stream, line);
                        }
                    } catch (IOException e) {
                        // the child ended and its pipe closed
                    }
                },
                "python-" + node + "-std" + stream);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void line(Level level, String stream, String line) {
        synchronized (early) {
            if (!live) {
                if (early.size() < MAX_EARLY_LINES) {
                    early.add(new Object[] {level, stream, line});
                }
                return;
            }
        }
        LOG.log(level, "{0} (python std{1}): {2}", new Object[] {node, stream, line});
    }

    @Override
    public void connected() {
        goLive(true);
    }

    @Override
    public String takeStartOutput() {
        StringBuilder b = new StringBuilder();
        synchronized (early) {
            for (Object[] l : early) {
                b.append(l[2]).append('\n');
            }
        }
        goLive(false);
        return b.toString();
    }

    private void goLive(boolean log) {
        synchronized (early) {
            if (log) {
                for (Object[] l : early) {
                    LOG.log((Level) l[0], "{0} (python std{1}): {2}", new Object[] {node, l[1], l[2]});
                }
            }
            early.clear();
            live = true;
        }
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public String lastErrorLine() {
        if (!process.isAlive()) {
            try {
                err.join(1000); // the pipe closes with the child: read what it wrote last
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return lastErrorLine;
    }

    @Override
    public void destroy(long graceMillis) {
        try {
            process.destroy();
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
    }
}
