package org.neurorig.web.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.neurorig.io.AtomicFile;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Points the HTTP Whiteboard (Felix Jetty 12, configuration PID {@code org.apache.felix.http}) at
 * NeuroRig's endpoint, or switches it off, and decides who may change things: on loopback anyone on
 * this machine, on any other address only requests carrying the bearer token of {@code conf/web-token}
 * (generated on first start, or on the first upload); bundle uploads need the token everywhere
 * unless the framework property {@code neurorig.web.uploadsWithoutToken=true} says otherwise. It
 * also knows the names under which this server may be addressed ({@link SameHostFilter}) and the
 * folders the API may name ({@link AllowedDirectories}). The threat model: docs/API.md.
 */
@Designate(ocd = WebServerConfig.class)
@Component(
        service = WebServer.class,
        immediate = true,
        configurationPid = WebServer.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class WebServer {
    static final String PID = "org.neurorig.web";
    static final int DEFAULT_PORT = 37497;
    private static final String JETTY_PID = "org.apache.felix.http";
    private static final Logger LOG = Logger.getLogger(WebServer.class.getName());
    // JUL keeps loggers weakly: hold the ones whose level we set, or the setting is lost.
    private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");
    private static final Logger FELIX_HTTP_LOG = Logger.getLogger("org.apache.felix.http");
    private static final Logger SPIFLY_LOG = Logger.getLogger("org.apache.aries.spifly");

    @Reference
    private ConfigurationAdmin configAdmin;

    private BundleContext context;
    private volatile String host = "127.0.0.1";
    private volatile int port = DEFAULT_PORT;
    private volatile boolean enabled;
    private volatile byte[] tokenDigest;
    private volatile boolean uploadsWithoutToken;
    private volatile HostNames hostNames = HostNames.none();
    private volatile AllowedDirectories directories;
    private volatile Path home = Path.of(".");

    @Activate
    void activate(BundleContext ctx, java.util.Map<String, Object> props, WebServerConfig c) throws IOException {
        JETTY_LOG.setLevel(Level.WARNING);
        FELIX_HTTP_LOG.setLevel(Level.SEVERE); // "Jetty not started (HTTP disabled)" is our choice, not news
        SPIFLY_LOG.setLevel(Level.WARNING);
        this.context = ctx;
        apply(props, c);
    }

    @Modified
    void modified(java.util.Map<String, Object> props, WebServerConfig c) throws IOException {
        apply(props, c);
    }

    private void apply(java.util.Map<String, Object> props0, WebServerConfig c) throws IOException {
        String h = !c.host().isBlank() ? c.host().trim() : property("neurorig.web.host", "127.0.0.1");
        int p = c.port() > 0 ? c.port() : Integer.parseInt(property("neurorig.web.port", String.valueOf(DEFAULT_PORT)));
        // Without a configuration (no 'neurorig run' yet) the framework property decides: tests and
        // embedders switch the server on with neurorig.web.enabled=true.
        boolean on = props0.containsKey("service.pid")
                ? c.enabled() // service.pid: a configuration exists
                : Boolean.parseBoolean(property("neurorig.web.enabled", "false"));
        home = Path.of(property("neurorig.home", ".")).toAbsolutePath().normalize();
        uploadsWithoutToken = Boolean.parseBoolean(property("neurorig.web.uploadsWithoutToken", "false"));
        directories = new AllowedDirectories(property(AllowedDirectories.PROPERTY, AllowedDirectories.DEFAULT), home);
        tokenDigest = null;
        if (on && !loopback(h)) {
            tokenDigest = digest(loadOrCreateToken());
        }
        if (on && !portFree(h, p)) {
            LOG.warning("web: " + h + ":" + p + " is in use; the page and the API are not served (use --port N)");
            on = false;
        }
        host = h;
        port = p;
        hostNames = on ? HostNames.of(h, p) : HostNames.none();
        enabled = on;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("org.apache.felix.http.enable", on);
        props.put("org.apache.felix.https.enable", false);
        props.put("org.osgi.service.http.port", p);
        props.put("org.apache.felix.http.host", h);
        props.put("org.apache.felix.http.jetty.sendServerHeader", false);
        Configuration jetty = configAdmin.getConfiguration(JETTY_PID, "?");
        jetty.updateIfDifferent(props);
        if (on) {
            System.out.println("web: http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + p + "/"
                    + (loopback(h) ? "" : "  (changes need 'Authorization: Bearer <conf/web-token>')"));
        }
    }

    private String property(String key, String def) {
        String v = context.getProperty(key);
        return v == null || v.isBlank() ? def : v.trim();
    }

    /** True when changes need the bearer token (the server listens beyond this machine). */
    boolean tokenRequired() {
        return !loopback(host);
    }

    /** Whether a change may be made with this {@code Authorization} header (the token beyond loopback). */
    boolean authorized(String authorization) {
        return !tokenRequired() || tokenMatches(authorization);
    }

    /**
     * Whether a bundle may be uploaded with this {@code Authorization} header: an upload runs its code
     * in this host, so it needs the token on loopback too, unless the operator turned that off.
     */
    boolean uploadAuthorized(String authorization) throws IOException {
        if (uploadsWithoutToken) {
            return authorized(authorization);
        }
        if (tokenDigest == null) {
            synchronized (this) {
                if (tokenDigest == null) {
                    tokenDigest = digest(loadOrCreateToken()); // so that the operator can read it now
                }
            }
        }
        return tokenMatches(authorization);
    }

    /** Constant-time check of an {@code Authorization} header against the token. */
    private boolean tokenMatches(String authorization) {
        byte[] want = tokenDigest;
        if (want == null || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(want, digest(authorization.substring(7).trim()));
    }

    /** Whether a {@code Host} header names this server ({@link HostNames}). */
    boolean knownHost(String hostHeader) {
        return hostNames.accepts(hostHeader);
    }

    AllowedDirectories directories() {
        return directories;
    }

    /** The distribution folder ({@code neurorig.home}). */
    Path home() {
        return home;
    }

    int port() {
        return port;
    }

    String host() {
        return host;
    }

    boolean enabled() {
        return enabled;
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean portFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String loadOrCreateToken() throws IOException {
        Path file = home.resolve("conf").resolve("web-token");
        if (Files.isRegularFile(file)) {
            String t = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!t.isEmpty()) {
                return t;
            }
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        // other users of this machine must not read it: it admits uploads, i.e. code
        AtomicFile.write(file, null, true, out -> out.write((token + "\n").getBytes(StandardCharsets.UTF_8)));
        LOG.info("web: generated the bearer token in " + file);
        return token;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
