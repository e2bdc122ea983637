package org.neurorig.web.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The names under which a server bound to one address and port may be addressed, as a {@code Host}
 * header gives them: loopback names, the bound address, and when bound to every interface the
 * machine's own addresses and name; always with this port (which a browser leaves out only for port
 * 80). Anything else is a request meant for another server, e.g. a name an attacker's DNS points at
 * this machine (DNS rebinding). Addresses are compared as addresses, so {@code [::1]} and
 * {@code [0:0:0:0:0:0:0:1]} are one; a header is never resolved through DNS.
 */
final class HostNames {
    private static final Logger LOG = Logger.getLogger(HostNames.class.getName());
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final HostNames NONE = new HostNames(Set.of(), Set.of(), -1);

    private final Set<String> names;
    private final Set<InetAddress> addresses;
    private final int port;

    private HostNames(Set<String> names, Set<InetAddress> addresses, int port) {
        this.names = Set.copyOf(names);
        this.addresses = Set.copyOf(addresses);
        this.port = port;
    }

    /** Accepts nothing: for a server that is off. */
    static HostNames none() {
        return NONE;
    }

    /** The names of a server bound to {@code bound} (an address or a name) on {@code port}. */
    static HostNames of(String bound, int port) {
        Set<String> names = new HashSet<>(Set.of("localhost"));
        Set<InetAddress> addresses = new HashSet<>();
        try {
            addresses.add(InetAddress.getByName("127.0.0.1"));
            addresses.add(InetAddress.getByName("::1"));
            InetAddress a = InetAddress.getByName(bound);
            addresses.add(a);
            if (address(bound) == null) {
                names.add(bound.toLowerCase(Locale.ROOT));
            }
            if (a.isAnyLocalAddress()) {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress ia : Collections.list(ni.getInetAddresses())) {
                        // as a browser writes it: without the interface's scope
                        addresses.add(InetAddress.getByAddress(ia.getAddress()));
                    }
                }
                InetAddress self = InetAddress.getLocalHost();
                names.add(self.getHostName().toLowerCase(Locale.ROOT));
                names.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            LOG.warning("web: could not list this machine's addresses (" + e.getMessage()
                    + "); only loopback names and " + bound + " are accepted in the Host header");
        }
        return new HostNames(names, addresses, port);
    }

    /** Whether a {@code Host} header names this server. */
    boolean accepts(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        String name = h;
        if (colon > h.lastIndexOf(']')) {
            name = h.substring(0, colon);
            if (!h.substring(colon + 1).equals(String.valueOf(port))) {
                return false;
            }
        } else if (port != 80) {
            return false;
        }
        InetAddress a = address(name);
        return a != null ? addresses.contains(a) : names.contains(name);
    }

    /**
     * The address an IP literal ({@code 1.2.3.4}, {@code [::1]}, or a bare {@code ::} as bound) names;
     * null for a name. Never a DNS lookup: a string with ':' is parsed as IPv6 (or refused), dotted
     * digits are read here.
     */
    private static InetAddress address(String name) {
        try {
            if (name.startsWith("[") && name.endsWith("]")) {
                String bare = name.substring(1, name.length() - 1);
                return bare.contains(":") ? InetAddress.getByName(bare) : null;
            }
            if (name.contains(":")) {
                return InetAddress.getByName(name);
            }
            if (IPV4.matcher(name).matches()) {
                String[] parts = name.split("\\.");
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[i]);
                    if (v > 255) {
                        return null;
                    }
                    b[i] = (byte) v;
                }
                return InetAddress.getByAddress(b);
            }
        } catch (IOException e) {
            // not a valid literal: compared as a name, which no name equals
        }
        return null;
    }
}
