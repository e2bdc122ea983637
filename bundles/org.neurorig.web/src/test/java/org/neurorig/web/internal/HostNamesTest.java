package org.neurorig.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class HostNamesTest {
    @Test
    void loopbackNamesWithThePortOnly() {
        HostNames h = HostNames.of("127.0.0.1", 37497);
        assertThat(h.accepts("127.0.0.1:37497")).isTrue();
        assertThat(h.accepts("localhost:37497")).isTrue();
        assertThat(h.accepts("LocalHost:37497")).isTrue();
        assertThat(h.accepts("[::1]:37497")).isTrue();
        assertThat(h.accepts("[0:0:0:0:0:0:0:1]:37497"))
                .as("the same address written out")
                .isTrue();
        assertThat(h.accepts("127.0.0.1:8080")).as("another port").isFalse();
        assertThat(h.accepts("127.0.0.1")).as("no port: port 80").isFalse();
        assertThat(h.accepts("rebind.evil.example:37497")).isFalse();
        assertThat(h.accepts("localhost.:37497")).isFalse();
        assertThat(h.accepts("127.0.0.2:37497")).isFalse();
        assertThat(h.accepts("999.0.0.1:37497")).isFalse();
        assertThat(h.accepts("[evil]:37497")).isFalse();
        assertThat(h.accepts("[zz::1]:37497")).isFalse();
        assertThat(h.accepts("")).isFalse();
        assertThat(h.accepts(null)).isFalse();
        assertThat(HostNames.none().accepts("127.0.0.1:37497")).isFalse();
    }

    @Test
    void portEightyMayBeLeftOut() {
        HostNames h = HostNames.of("127.0.0.1", 80);
        assertThat(h.accepts("localhost")).isTrue();
        assertThat(h.accepts("localhost:80")).isTrue();
        assertThat(h.accepts("localhost:81")).isFalse();
    }

    @Test
    void everyInterfaceMeansTheMachinesOwnAddressesAndName() throws Exception {
        HostNames h = HostNames.of("0.0.0.0", 5000);
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                String text = a.getHostAddress().replaceFirst("%.*", "");
                String host = text.contains(":") ? "[" + text + "]" : text;
                assertThat(h.accepts(host + ":5000")).as(host).isTrue();
            }
        }
        assertThat(h.accepts(InetAddress.getLocalHost().getHostName() + ":5000"))
                .isTrue();
        assertThat(h.accepts("rebind.evil.example:5000")).isFalse();
        assertThat(h.accepts("192.0.2.1:5000"))
                .as("TEST-NET, no interface of this machine")
                .isFalse();
        // bound to one address, the others are not this server
        assertThat(HostNames.of("127.0.0.1", 5000)
                        .accepts(InetAddress.getLocalHost().getHostName() + ":5000"))
                .isEqualTo(InetAddress.getLocalHost().getHostName().equalsIgnoreCase("localhost"));
    }
}
