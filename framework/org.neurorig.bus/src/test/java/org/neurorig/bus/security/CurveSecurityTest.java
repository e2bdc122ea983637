package org.neurorig.bus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Key files, the allow-list and what counts as loopback; the sockets are BusProxyCurveTest's. */
class CurveSecurityTest {
    @TempDir
    Path conf;

    @Test
    void generatedPairIsOwnerOnlyLoadsBackAndIsNotReplacedWithoutForce() throws IOException {
        String pub = CurveSecurity.generate(conf, false);
        Path secret = conf.resolve("keys/host.secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(conf.resolve("keys/host.pub")).strip())
                .isEqualTo(pub)
                .hasSize(40);
        assertThat(Files.isDirectory(conf.resolve("keys/allowed"))).isTrue();
        try (CurveSecurity s = CurveSecurity.load(conf, false)) {
            assertThat(s.publicKey()).isEqualTo(pub);
            assertThat(s.insecure()).isFalse();
            assertThat(s.allowedPeers()).isEmpty();
        }
        assertThatThrownBy(() -> CurveSecurity.generate(conf, false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("host.secret")
                .hasMessageContaining("--force");
        assertThat(Files.readString(conf.resolve("keys/host.pub")).strip()).isEqualTo(pub);
        String replaced = CurveSecurity.generate(conf, true);
        assertThat(replaced).isNotEqualTo(pub);
        try (CurveSecurity s = CurveSecurity.load(conf, false)) {
            assertThat(s.publicKey()).isEqualTo(replaced);
        }
    }

    @Test
    void allowListNamesPeersByFileAndBadFilesAreNamed() throws IOException {
        Path allowed = Files.createDirectories(conf.resolve("keys/allowed"));
        ZMQ.Curve.KeyPair acq = ZMQ.Curve.generateKeyPair();
        Files.writeString(allowed.resolve("acq.pub"), "# the acquisition PC\n" + acq.publicKey + "\n");
        Files.writeString(allowed.resolve("README.txt"), "not a key");
        try (CurveSecurity s = CurveSecurity.load(conf, false)) {
            assertThat(s.allowedPeers()).containsExactly("acq");
            assertThat(s.publicKey()).isNull();
        }
        Files.writeString(allowed.resolve("gpu.pub"), "not-a-key");
        assertThatThrownBy(() -> CurveSecurity.load(conf, false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("gpu.pub")
                .hasMessageContaining("40 Z85 characters")
                .hasMessageContaining("not-a-key");
    }

    @Test
    void aHalfPairOrAForeignPublicKeyIsRefused() throws IOException {
        CurveSecurity.generate(conf, false);
        Path pub = conf.resolve("keys/host.pub");
        String own = Files.readString(pub).strip();
        Files.writeString(pub, ZMQ.Curve.generateKeyPair().publicKey + "\n");
        assertThatThrownBy(() -> CurveSecurity.load(conf, false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not hold the public key of")
                .hasMessageContaining(own);
        Files.delete(pub);
        assertThatThrownBy(() -> CurveSecurity.load(conf, false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("host.pub is missing")
                .hasMessageContaining("neurorig keys --force");
    }

    @Test
    void onlyLoopbackInprocAndIpcStayOnTheMachine() {
        Map<String, Boolean> off = Map.ofEntries(
                Map.entry("tcp://127.0.0.1:5570", false),
                Map.entry("tcp://127.200.3.4:1", false),
                Map.entry("tcp://localhost:5570", false),
                Map.entry("tcp://[::1]:5570", false),
                Map.entry("inproc://neurorig.bus.publish", false),
                Map.entry("ipc:///tmp/bus", false),
                Map.entry("tcp://10.0.0.1:5570;127.0.0.1:5570", false),
                Map.entry("tcp://0.0.0.0:5570", true),
                Map.entry("tcp://*:5570", true),
                Map.entry("tcp://10.0.0.2:5570", true),
                Map.entry("tcp://eth0:5570", true),
                Map.entry("tcp://128.0.0.1:5570", true),
                Map.entry("tcp://[fd00::2]:5570", true),
                Map.entry("tcp://[::]:5570", true),
                Map.entry("tcp://127.0.0.1:5570;10.0.0.2:5570", true),
                Map.entry("pgm://eth0;239.192.1.1:5555", true));
        off.forEach((endpoint, expected) ->
                assertThat(CurveSecurity.offLoopback(endpoint)).as(endpoint).isEqualTo(expected));
    }

    @Test
    void confDirIsThePropertyElseTheHomesConf() {
        assertThat(CurveSecurity.confDir(Map.of("neurorig.conf", "/etc/rig", "neurorig.home", "/opt/nr")::get))
                .isEqualTo(Path.of("/etc/rig"));
        assertThat(CurveSecurity.confDir(Map.of("neurorig.home", "/opt/nr")::get))
                .isEqualTo(Path.of("/opt/nr/conf"));
        assertThat(CurveSecurity.confDir(Map.<String, String>of()::get)).isEqualTo(Path.of("./conf"));
    }

    @Test
    void offLoopbackWithoutKeysOrPeerKeyIsAClearErrorLoopbackIsNot() throws IOException {
        try (ZContext ctx = new ZContext();
                CurveSecurity none = CurveSecurity.load(conf, false)) {
            ZMQ.Socket s = ctx.createSocket(SocketType.SUB);
            none.client(s, "tcp://127.0.0.1:5570", "gpu"); // loopback: plaintext, nothing needed
            none.server(s, "inproc://x");
            assertThat(s.getMechanism()).isEqualTo(ZMQ.Socket.Mechanism.NULL);
            assertThatThrownBy(() -> none.server(s, "tcp://0.0.0.0:5570"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("tcp://0.0.0.0:5570")
                    .hasMessageContaining("`neurorig keys`")
                    .hasMessageContaining("--insecure");
            CurveSecurity.generate(conf, false);
            try (CurveSecurity keyed = CurveSecurity.load(conf, false)) {
                assertThatThrownBy(() -> keyed.client(s, "tcp://10.0.0.3:5570", "gpu"))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(
                                conf.resolve("keys/allowed/gpu.pub").toString());
                assertThatThrownBy(() -> keyed.server(s, "tcp://10.0.0.3:5570"))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("startAuthenticator");
            }
            try (CurveSecurity insecure = CurveSecurity.load(conf, true)) {
                assertThat(insecure.plaintextOffLoopback()).isFalse();
                insecure.server(s, "tcp://0.0.0.0:5570");
                assertThat(s.getMechanism()).isEqualTo(ZMQ.Socket.Mechanism.NULL);
                assertThat(insecure.plaintextOffLoopback()).isTrue();
            }
        }
    }
}
