package org.neurorig.net.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** This host's address on the route to another host, as that host will see it. */
final class LocalAddress {
    private LocalAddress() {}

    /**
     * Asks the kernel which local address it would use toward {@code host}: "connecting" a UDP socket
     * only chooses the route, nothing is sent.
     */
    static String toward(String host, int port) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(
                    InetAddress.getByName(host.replace("[", "").replace("]", "")), port));
            InetAddress a = s.getLocalAddress();
            String text = a.getHostAddress();
            return text.contains(":") ? "[" + text + "]" : text;
        } catch (IOException e) {
            throw new UncheckedIOException("no route to host " + host + ": " + e.getMessage(), e);
        }
    }
}
