package org.neurorig.net.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The control channel between the two ends of {@code neurorig bench hosts}: one JSON object per
 * line, the near end's requests on the far end's standard input, its answers on its standard
 * output. Every message line starts with {@link #PREFIX}, because the far end's host may print other
 * lines there (warnings); those are kept, the last few, to explain a far end that failed. A pipe
 * rather than a socket on the veth: it needs no port, carries nothing over the measured link, and
 * closes when either process dies, so the other end notices at once.
 */
final class HostsBenchLink {
    static final String PREFIX = "neurorig-bench-hosts ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT_LINES = 40;
    /** Put in the queue when the input ends. */
    private static final String END = new String("end of input");

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final Deque<String> otherLines = new ArrayDeque<>();
    private final Writer to;

    /** Starts a daemon thread reading {@code from}; {@code to} takes the messages sent. */
    HostsBenchLink(InputStream from, OutputStream to, String name) {
        this.to = new OutputStreamWriter(to, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> read(from), "neurorig-bench-hosts-" + name);
        reader.setDaemon(true); // a blocked read of a pipe cannot be interrupted: it must not hold the JVM
        reader.start();
    }

    private void read(InputStream from) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(PREFIX)) {
                    messages.add(line.substring(PREFIX.length()));
                } else {
                    synchronized (otherLines) {
                        otherLines.addLast(line);
                        if (otherLines.size() > KEPT_LINES) {
                            otherLines.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the other process is gone: reported as the end of input
        } finally {
            messages.add(END);
        }
    }

    /** Sends one message. */
    synchronized void send(Map<String, Object> message) throws IOException {
        to.write(PREFIX + JSON.writeValueAsString(message) + "\n");
        to.flush();
    }

    /**
     * The next message, waiting up to {@code millis}.
     *
     * @throws IOException when the other end closed its output or nothing came in time (naming
     *         {@code what} was awaited and the other end's last lines)
     */
    JsonNode receive(String what, long millis) throws IOException, InterruptedException {
        String m = messages.poll(millis, TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new IOException("no " + what + " from the far end within " + millis + " ms" + otherLines());
        }
        if (m == END) {
            messages.add(END); // every later receive sees it too
            throw new IOException("the far end closed its output while waiting for " + what + otherLines());
        }
        return JSON.readTree(m);
    }

    /**
     * The next message within {@code millis}, or null when none came.
     *
     * @throws IOException when the other end closed its output
     */
    JsonNode poll(long millis) throws IOException, InterruptedException {
        String m = messages.poll(millis, TimeUnit.MILLISECONDS);
        if (m == END) {
            messages.add(END);
            throw new IOException("the far end closed its output" + otherLines());
        }
        return m == null ? null : JSON.readTree(m);
    }

    /** The next message, or null when the other end closed its output (the far end's loop). */
    JsonNode receive() throws IOException, InterruptedException {
        String m = messages.take();
        if (m == END) {
            messages.add(END);
            return null;
        }
        return JSON.readTree(m);
    }

    /** The other end's last lines that were no messages, for an error message ("" when none). */
    String otherLines() {
        synchronized (otherLines) {
            return otherLines.isEmpty() ? "" : "; its last output:\n  " + String.join("\n  ", otherLines);
        }
    }
}
