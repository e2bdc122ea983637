package org.neurorig.bus.security;

import com.neilalexander.jnacl.crypto.curve25519;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * CURVE on every ZeroMQ endpoint off loopback (docs/WIRE.md §1.2), with JeroMQ's own CURVE.
 *
 * <p>A host has one key pair, {@code conf/keys/host.secret} and {@code conf/keys/host.pub}, and an
 * allow-list: {@code conf/keys/allowed/NAME.pub}, one file per peer, holding that peer's public key
 * (the file name without {@code .pub} is the peer's name). Every file holds one key as 40 Z85
 * characters ({@code neurorig keys} makes the pair). A server endpoint admits a client only when
 * the client's public key is on the list: the ZAP handler ({@link #startAuthenticator}) refuses
 * every other key and counts it ({@link #refused()}). A client endpoint authenticates the server
 * by the peer's listed public key.
 *
 * <p>Loopback ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}), {@code inproc://} and
 * {@code ipc://} stay plaintext: they do not leave the machine. Every other address, wildcards
 * ({@code *}, {@code 0.0.0.0}) and interface names included, is off loopback. There, plaintext is
 * refused unless the host runs {@code --insecure} ({@link #INSECURE_PROPERTY}): then every endpoint
 * is plaintext, and {@link #plaintextOffLoopback()} says that one was opened.
 *
 * <p>One instance per host; {@link #server}, {@link #client} and the accessors are safe from any
 * thread (each socket is configured by the thread that owns it).
 */
public final class CurveSecurity implements AutoCloseable {
    /** Framework or system property naming the configuration folder; default {@code <neurorig.home>/conf}. */
    public static final String CONF_PROPERTY = "neurorig.conf";
    /** Property that allows plaintext off loopback: {@code true} when {@code --insecure} is given. */
    public static final String INSECURE_PROPERTY = "neurorig.bus.insecure";
    /** The ZAP domain of every endpoint this class secures. */
    public static final String ZAP_DOMAIN = "neurorig";
    /** The folder of the key files, inside the configuration folder. */
    public static final String KEYS = "keys";
    /** This host's secret key file, in {@link #KEYS}; readable by its owner only. */
    public static final String SECRET_FILE = "host.secret";
    /** This host's public key file, in {@link #KEYS}: what peers copy into their allow-list. */
    public static final String PUBLIC_FILE = "host.pub";
    /** The allow-list folder, in {@link #KEYS}: one {@code NAME.pub} per peer. */
    public static final String ALLOWED = "allowed";

    /** Where ZeroMQ asks for authentication, in the socket's own context (ZeroMQ RFC 27). */
    private static final String ZAP_ENDPOINT = "inproc://zeromq.zap.01";

    private static final String PUB_SUFFIX = ".pub";
    private static final Pattern Z85_KEY = Pattern.compile("[0-9a-zA-Z.\\-:+=^!/*?&<>()\\[\\]{}@%$#]{40}");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    /** Refused keys logged by name; a refused peer retries every 100 ms, so later tries are counted only. */
    private static final int MAX_LOGGED_KEYS = 64;

    private static final Logger LOG = Logger.getLogger(CurveSecurity.class.getName());

    private final Path keys;
    private final boolean insecure;
    /** Null when this host has no key pair. */
    private final byte[] secretKey;

    private final byte[] publicKey;
    private final String publicZ85;
    /** Peers' public keys by name, from {@code allowed/}. */
    private final Map<String, byte[]> peers;
    /** The same keys, Z85 → name: what the ZAP handler looks up. */
    private final Map<String, String> allowed;

    private final AtomicLong refused = new AtomicLong();
    private final Set<String> plaintextEndpoints = Collections.synchronizedSet(new HashSet<>());
    private final Set<String> loggedRefusals = Collections.synchronizedSet(new HashSet<>());
    private final Map<ZContext, ZapHandler> handlers = new IdentityHashMap<>(); // guarded by this

    private CurveSecurity(Path keys, boolean insecure, byte[] secretKey, byte[] publicKey, Map<String, byte[]> peers) {
        this.keys = keys;
        this.insecure = insecure;
        this.secretKey = secretKey;
        this.publicKey = publicKey;
        this.publicZ85 = publicKey == null ? null : ZMQ.Curve.z85Encode(publicKey);
        this.peers = peers;
        Map<String, String> byKey = new TreeMap<>();
        peers.forEach((name, key) -> byKey.putIfAbsent(ZMQ.Curve.z85Encode(key), name));
        this.allowed = byKey;
    }

    /**
     * The configuration folder: the property {@value #CONF_PROPERTY}, else {@code conf} in the
     * property {@code neurorig.home} (the distribution's folder), else {@code ./conf}.
     *
     * @param properties looks a property up, e.g. {@code BundleContext::getProperty}
     */
    public static Path confDir(Function<String, String> properties) {
        String conf = properties.apply(CONF_PROPERTY);
        if (conf != null && !conf.isBlank()) {
            return Path.of(conf.trim());
        }
        String home = properties.apply("neurorig.home");
        return Path.of(home == null || home.isBlank() ? "." : home.trim()).resolve("conf");
    }

    /**
     * Reads {@code keys/host.secret} and {@code keys/host.pub} (both or neither) and
     * {@code keys/allowed/*.pub} in {@code confDir}. A host without a pair can still use loopback,
     * or plaintext anywhere when {@code insecure}.
     *
     * @param insecure plaintext allowed off loopback ({@code --insecure})
     * @throws IOException naming the file: one of the pair missing, a file that holds no Z85 key,
     *         a public key that does not belong to the secret one
     */
    public static CurveSecurity load(Path confDir, boolean insecure) throws IOException {
        Path keys = confDir.resolve(KEYS);
        Path secretFile = keys.resolve(SECRET_FILE);
        Path publicFile = keys.resolve(PUBLIC_FILE);
        boolean hasSecret = Files.exists(secretFile);
        if (hasSecret != Files.exists(publicFile)) {
            throw new IOException((hasSecret ? publicFile : secretFile) + " is missing (its pair "
                    + (hasSecret ? secretFile : publicFile)
                    + " exists): run `neurorig keys --force` to make a new pair");
        }
        byte[] secret = null;
        byte[] pub = null;
        if (hasSecret) {
            secret = readKey(secretFile);
            pub = readKey(publicFile);
            byte[] derived = new byte[ZMQ.Curve.KEY_SIZE];
            curve25519.crypto_scalarmult_base(derived, secret);
            if (!Arrays.equals(derived, pub)) {
                throw new IOException(publicFile + " does not hold the public key of " + secretFile + " (expected "
                        + ZMQ.Curve.z85Encode(derived) + ")");
            }
            warnIfReadableByOthers(secretFile);
        }
        Map<String, byte[]> peers = new TreeMap<>();
        Path allowedDir = keys.resolve(ALLOWED);
        if (Files.isDirectory(allowedDir)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(allowedDir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(PUB_SUFFIX))
                        .sorted()
                        .toList();
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                peers.put(name.substring(0, name.length() - PUB_SUFFIX.length()), readKey(f));
            }
        }
        return new CurveSecurity(keys, insecure, secret, pub, peers);
    }

    /**
     * Makes a new key pair: {@code keys/host.secret} (owner-only) and {@code keys/host.pub} in
     * {@code confDir}, and the empty {@code keys/allowed/} folder.
     *
     * @param force replace an existing pair (peers that listed the old public key must get the new one)
     * @return the new public key, Z85
     * @throws FileAlreadyExistsException naming the file, when a pair exists and not {@code force}
     */
    public static String generate(Path confDir, boolean force) throws IOException {
        Path keys = confDir.resolve(KEYS);
        Path secretFile = keys.resolve(SECRET_FILE);
        Path publicFile = keys.resolve(PUBLIC_FILE);
        for (Path f : List.of(secretFile, publicFile)) {
            if (!force && Files.exists(f)) {
                throw new FileAlreadyExistsException(
                        f.toString(), null, "a key pair exists; give --force to replace it");
            }
        }
        Files.createDirectories(keys.resolve(ALLOWED));
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        writeKey(secretFile, pair.secretKey, true);
        writeKey(publicFile, pair.publicKey, false);
        return pair.publicKey;
    }

    /**
     * Starts the ZAP handler in {@code ctx}: ZeroMQ asks it about every CURVE client of a server
     * socket of that context, and it admits the allowed keys only. Without it, JeroMQ admits every
     * key, so {@link #server} refuses to run until one is started. Idempotent per context.
     *
     * @throws IllegalStateException when another ZAP handler is bound in {@code ctx}
     */
    public synchronized void startAuthenticator(ZContext ctx) {
        if (handlers.containsKey(ctx)) {
            return;
        }
        ZapHandler h = new ZapHandler(ctx);
        handlers.put(ctx, h);
        h.thread.start();
    }

    /**
     * Configures {@code s}, before it binds {@code endpoint}: a CURVE server in the ZAP domain
     * {@value #ZAP_DOMAIN} when the endpoint is off loopback; nothing on loopback, inproc and ipc,
     * or when insecure.
     *
     * @throws IllegalStateException off loopback, when this host has no key pair (saying to run
     *         {@code neurorig keys} or give {@code --insecure}) or no authenticator runs
     */
    public void server(ZMQ.Socket s, String endpoint) {
        if (!securing(endpoint)) {
            return;
        }
        synchronized (this) {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("CURVE endpoint " + endpoint
                        + ": startAuthenticator(ctx) must run first (without a ZAP handler ZeroMQ admits every key)");
            }
        }
        if (peers.isEmpty()) {
            LOG.warning(() -> "bus: " + endpoint + " admits no one: " + keys.resolve(ALLOWED)
                    + " has no peer's public key (NAME.pub)");
        }
        s.setZAPDomain(ZAP_DOMAIN);
        s.setCurveServer(true);
        s.setCurveSecretKey(secretKey);
    }

    /**
     * Configures {@code s}, before it connects to {@code endpoint}: a CURVE client with this host's
     * pair, that accepts only the server whose public key is {@code allowed/<peer>.pub}, when the
     * endpoint is off loopback; nothing on loopback, inproc and ipc, or when insecure.
     *
     * @throws IllegalStateException off loopback, naming what is missing: this host's pair or the
     *         peer's public key
     */
    public void client(ZMQ.Socket s, String endpoint, String peer) {
        if (!securing(endpoint)) {
            return;
        }
        byte[] serverKey = peers.get(peer);
        if (serverKey == null) {
            throw new IllegalStateException("CURVE endpoint " + endpoint + ": no public key for the peer '" + peer
                    + "': expected " + keys.resolve(ALLOWED).resolve(peer + PUB_SUFFIX) + " (a copy of "
                    + KEYS + "/" + PUBLIC_FILE + " of that host)");
        }
        s.setCurvePublicKey(publicKey);
        s.setCurveSecretKey(secretKey);
        s.setCurveServerKey(serverKey);
    }

    /**
     * Throws what {@link #server} or {@link #client} would throw for {@code endpoint} when this host
     * has no key pair; lets a caller refuse to start before it opens anything.
     */
    public void check(String endpoint) {
        if (offLoopback(endpoint) && !insecure && secretKey == null) {
            throw new IllegalStateException(endpoint + " is not loopback and this host has no CURVE key pair in "
                    + keys + ": run `neurorig keys` (then copy " + PUBLIC_FILE + " to each peer's " + KEYS + "/"
                    + ALLOWED + "/), or give --insecure to allow plaintext off loopback");
        }
    }

    /** Whether {@link #server} and {@link #client} make {@code endpoint} a CURVE endpoint. */
    public boolean secures(String endpoint) {
        return offLoopback(endpoint) && !insecure;
    }

    private boolean securing(String endpoint) {
        if (!offLoopback(endpoint)) {
            return false;
        }
        if (insecure) {
            if (plaintextEndpoints.add(endpoint)) {
                LOG.warning(() -> "bus: " + endpoint + " is plaintext off loopback (--insecure): whoever"
                        + " reaches it can read and publish");
            }
            return false;
        }
        check(endpoint);
        return true;
    }

    /**
     * Whether ZeroMQ leaves the machine through {@code endpoint}: true for tcp to any address but
     * {@code 127.0.0.0/8}, {@code ::1} and {@code localhost}, and for transports other than
     * {@code inproc} and {@code ipc}.
     */
    public static boolean offLoopback(String endpoint) {
        String e = endpoint.trim();
        int scheme = e.indexOf("://");
        String transport = scheme < 0 ? "" : e.substring(0, scheme).toLowerCase(Locale.ROOT);
        if (transport.equals("inproc") || transport.equals("ipc")) {
            return false;
        }
        if (!transport.equals("tcp")) {
            return true;
        }
        String rest = e.substring(scheme + 3);
        int source = rest.lastIndexOf(';'); // "tcp://source;destination" connects from source
        if (source >= 0) {
            rest = rest.substring(source + 1);
        }
        String host;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            host = close < 0 ? rest : rest.substring(1, close);
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
        }
        return !loopbackHost(host);
    }

    private static boolean loopbackHost(String host) {
        if (host.equalsIgnoreCase("localhost") || LOOPBACK_V4.matcher(host).matches()) {
            return true;
        }
        if (host.indexOf(':') < 0) {
            return false; // a name or another address: no DNS lookup here, it is off loopback
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // an IPv6 literal: no lookup
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    /** Handshakes the ZAP handlers refused: a peer whose key is not allowed, counted per try. */
    public long refused() {
        return refused.get();
    }

    /** Plaintext allowed off loopback ({@code --insecure}). */
    public boolean insecure() {
        return insecure;
    }

    /** Whether {@link #server} or {@link #client} has let an endpoint off loopback stay plaintext. */
    public boolean plaintextOffLoopback() {
        return !plaintextEndpoints.isEmpty();
    }

    /** This host's public key (Z85), or null when it has no key pair. */
    public String publicKey() {
        return publicZ85;
    }

    /** The names of the peers on the allow-list, sorted. */
    public Set<String> allowedPeers() {
        return Collections.unmodifiableSet(peers.keySet());
    }

    /** Stops every ZAP handler; call before closing their contexts. Idempotent. */
    @Override
    public void close() {
        List<ZapHandler> all;
        synchronized (this) {
            all = new ArrayList<>(handlers.values());
            handlers.clear();
        }
        all.forEach(ZapHandler::stop);
    }

    private static byte[] readKey(Path f) throws IOException {
        String key = null;
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue; // comments allowed, e.g. where a peer's key came from
            }
            if (key != null || !Z85_KEY.matcher(t).matches()) {
                throw new IOException(f + ": expected one CURVE key, 40 Z85 characters on a line (as `neurorig"
                        + " keys` writes), found '" + (t.length() > 50 ? t.substring(0, 50) + "…" : t) + "'");
            }
            key = t;
        }
        if (key == null) {
            throw new IOException(f + ": expected one CURVE key, 40 Z85 characters; the file has none");
        }
        return ZMQ.Curve.z85Decode(key);
    }

    private static void writeKey(Path f, String key, boolean secret) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        boolean posix = Files.getFileStore(f.getParent()).supportsFileAttributeView("posix");
        if (posix) {
            // Created owner-only: the secret is never readable by others, not even for a moment.
            Files.createFile(
                    tmp,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
        }
        Files.writeString(tmp, key + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void warnIfReadableByOthers(Path secretFile) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(secretFile);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warning(() -> secretFile + " is readable by others than its owner: chmod 600 it");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    /** Answers ZAP 1.0 requests (ZeroMQ RFC 27) of one context on a thread of its own. */
    private final class ZapHandler {
        private static final int POLL_MILLIS = 100;
        private final ZContext ctx;
        private final ZMQ.Socket rep;
        private final Thread thread;
        private volatile boolean running = true;

        ZapHandler(ZContext ctx) {
            this.ctx = ctx;
            // Bound here, before any server socket of ctx is configured: no handshake can miss it.
            rep = ctx.createSocket(SocketType.REP);
            rep.setLinger(0);
            rep.setReceiveTimeOut(POLL_MILLIS);
            try {
                rep.bind(ZAP_ENDPOINT);
            } catch (ZMQException e) {
                ctx.destroySocket(rep);
                throw new IllegalStateException(
                        "cannot start the ZAP handler: " + ZAP_ENDPOINT + " is taken in this ZeroMQ context"
                                + " (one CurveSecurity per context): " + e.getMessage(),
                        e);
            }
            thread = new Thread(this::run, "neurorig-zap");
            thread.setDaemon(true);
        }

        private void run() {
            List<byte[]> frames = new ArrayList<>(8);
            try {
                while (running) {
                    byte[] first = rep.recv(0);
                    if (first == null) {
                        continue; // timeout: look at `running` again
                    }
                    frames.clear();
                    frames.add(first);
                    while (rep.hasReceiveMore()) {
                        frames.add(rep.recv(0));
                    }
                    answer(frames);
                }
            } catch (ZMQException e) {
                if (running && e.getErrorCode() != ZMQ.Error.ETERM.getCode()) {
                    LOG.warning("bus: ZAP handler stopped: " + e);
                }
            } finally {
                try {
                    ctx.destroySocket(rep);
                } catch (RuntimeException e) {
                    // the context is closing and takes the socket with it
                }
            }
        }

        /** Request: version, request id, domain, address, identity, mechanism, credentials. */
        private void answer(List<byte[]> f) {
            if (f.size() < 6 || !"1.0".equals(text(f.get(0)))) {
                reply(f.size() > 1 ? f.get(1) : new byte[0], "500", "ZAP 1.0 request expected", "");
                return;
            }
            String mechanism = text(f.get(5));
            byte[] key = f.size() > 6 ? f.get(6) : null;
            String name = "CURVE".equals(mechanism) && key != null && key.length == ZMQ.Curve.KEY_SIZE
                    ? allowed.get(ZMQ.Curve.z85Encode(key))
                    : null;
            if (name != null) {
                reply(f.get(1), "200", "OK", name);
                return;
            }
            refused.incrementAndGet();
            String who = "CURVE".equals(mechanism) && key != null && key.length == ZMQ.Curve.KEY_SIZE
                    ? "public key " + ZMQ.Curve.z85Encode(key)
                    : "mechanism " + mechanism;
            if (loggedRefusals.size() < MAX_LOGGED_KEYS && loggedRefusals.add(who)) {
                LOG.warning("bus: refused a peer at " + text(f.get(3)) + " (" + who + "): not in "
                        + keys.resolve(ALLOWED) + "; its further tries are counted, not logged");
            }
            reply(f.get(1), "400", "not allowed", "");
        }

        private void reply(byte[] requestId, String status, String text, String userId) {
            rep.sendMore("1.0");
            rep.sendMore(requestId);
            rep.sendMore(status);
            rep.sendMore(text);
            rep.sendMore(userId);
            rep.send(new byte[0], 0);
        }

        private static String text(byte[] b) {
            return b == null ? "" : new String(b, StandardCharsets.UTF_8);
        }

        void stop() {
            running = false;
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
