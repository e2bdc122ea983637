package org.neurorig.runtime.internal;

import java.util.List;
import org.neurorig.bus.BusProxy;
import org.neurorig.bus.Edge;
import org.neurorig.runtime.RunOptions;
import org.zeromq.ZContext;

/** What a runner needs from the run it belongs to: the proxy's socket context, wiring and options. */
interface RunContext {
    ZContext zmq();

    /** The consumers of stream {@code stream}. */
    List<Edge> edgesOf(String stream);

    /** The edges from stream {@code stream} into node {@code consumer} (one, or none). */
    List<Edge> edgesInto(String consumer, String stream);

    /** Where publishers also send for clients outside the JVM, or null. */
    String proxyEndpoint();

    /** The proxy, asked whether anyone subscribes before data goes to it; null: always send. */
    default BusProxy proxyListeners() {
        return null;
    }

    RunOptions options();
}
