package org.neurorig.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.neurorig.command.Command;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;

/**
 * An embedded Felix host with NeuroRig's bundles: installs every jar of the distribution's
 * {@code bundles/} folder, starts them, and has FileInstall watch {@code deploy/} for hot deploys.
 * The command line and the integration tests both start NeuroRig through this class.
 */
public final class RigHost implements AutoCloseable {
    /** Held: JUL keeps loggers weakly, and a level set on a collected logger is lost. */
    private static final Logger FELIX_HTTP_LOG = Logger.getLogger("org.apache.felix.http");

    private final Framework framework;
    private final Path home;

    private RigHost(Framework framework, Path home) {
        this.framework = framework;
        this.home = home;
    }

    /**
     * Starts a host.
     *
     * @param home    the distribution folder (with {@code bundles/}, {@code deploy/}, {@code conf/})
     * @param storage the framework's cache folder (cleaned on start)
     * @param extra   further framework properties, e.g. bus endpoints
     */
    public static RigHost start(Path home, Path storage, Map<String, String> extra)
            throws IOException, BundleException {
        Path bundles = home.resolve("bundles");
        if (!Files.isDirectory(bundles)) {
            throw new IOException("no bundles folder at " + bundles + ": is this a built NeuroRig distribution?");
        }
        if (System.getProperty("gosh.home") == null) {
            // Gogo reads its profile from ${gosh.home}/etc, a system property, not a framework one.
            System.setProperty(
                    "gosh.home", home.resolve("conf/gogo").toAbsolutePath().toString());
        }
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR"); // no "no provider" banner on stderr
        }
        if (System.getProperty("org.jline.terminal.dumb") == null) {
            System.setProperty("org.jline.terminal.dumb", "true"); // headless: no terminal, no warning
        }
        Path deploy = home.resolve("deploy");
        Files.createDirectories(deploy);
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, storage.toAbsolutePath().toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("felix.log.level", "1");
        // SCR's console log off ("0": audit only): its 40-line stack trace for a node whose component
        // fails to activate would bury the one line the runtime prints for it (with the exception's
        // message); the runtime also names other components that failed to activate.
        props.put("ds.loglevel", "0");
        props.put("felix.fileinstall.dir", deploy.toAbsolutePath().toString());
        props.put("felix.fileinstall.poll", "500");
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.log.level", "2");
        // deploy/*.cfg files configure the host; the host's own configurations (one per node, made and
        // deleted by the runtime) are never written back there. Writing back also raced with their
        // deletion ("Unable to save configuration ... deleted" and a stack trace on the console).
        props.put("felix.fileinstall.enableConfigSave", "false");
        // Headless: without this, Gogo reads stdin and closing it would stop the framework.
        props.put("gosh.args", "--nointeractive");
        props.put("neurorig.home", home.toAbsolutePath().toString());
        // Jetty must not open its default 0.0.0.0:8080 before the web bundle configures it.
        props.put("org.apache.felix.http.require.config", "true");
        // The command API is on the launcher's class path and must be the bundles' too: the
        // system bundle exports it, as the jar's own manifest declares it (package and version).
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, commandPackageExport());
        props.putAll(extra);
        FrameworkFactory factory =
                ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework fw = factory.newFramework(props);
        fw.start();
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(bundles)) {
            for (Path jar :
                    jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                installed.add(ctx.installBundle(jar.toUri().toString()));
            }
        }
        for (Bundle b : installed) {
            if ((b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) == 0) {
                b.start();
            }
        }
        return new RigHost(fw, home);
    }

    public Path home() {
        return home;
    }

    /** The system bundle's context: install, update and uninstall bundles, find services. */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    public List<Bundle> bundles() {
        return List.of(context().getBundles());
    }

    /** The commands the installed bundles provide now ({@link Command} services), by name. */
    public List<Command> commands() {
        List<Command> commands = new ArrayList<>();
        try {
            for (ServiceReference<Command> r : context().getServiceReferences(Command.class, null)) {
                Command c = context().getService(r);
                if (c != null) {
                    commands.add(c);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given
        }
        commands.sort(Comparator.comparing(Command::name));
        return commands;
    }

    /**
     * The command named {@code name} (e.g. {@code "bench bus"}), waiting up to {@code waitMillis}
     * for its bundle to register it.
     *
     * @return null when no bundle provides it
     */
    public Command command(String name, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            for (Command c : commands()) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                return null;
            }
            Thread.sleep(50);
        }
    }

    /**
     * The {@code Export-Package} header of the jar holding {@link Command}: bnd writes it from the
     * package's {@code @Version}, so the version is stated once.
     */
    static String commandPackageExport() throws IOException {
        Path source;
        try {
            source = Path.of(Command.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot locate the command API on the class path: " + e, e);
        }
        Manifest manifest;
        if (Files.isDirectory(source)) { // classes folder of a build, with bnd's manifest in it
            try (InputStream in = Files.newInputStream(source.resolve("META-INF/MANIFEST.MF"))) {
                manifest = new Manifest(in);
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                manifest = jar.getManifest();
            }
        }
        String export = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        if (export == null || !export.contains(Command.class.getPackageName())) {
            throw new IOException(source + " does not export " + Command.class.getPackageName() + " (Export-Package: "
                    + export + "); is it the org.neurorig.command bundle?");
        }
        return export;
    }

    /** Stops the framework and waits for it. */
    @Override
    public void close() throws BundleException, InterruptedException {
        // While the framework stops, Felix HTTP's whiteboard sometimes unregisters a servlet whose
        // bundle is already gone and logs a SEVERE NullPointerException with its stack trace: noise
        // at shutdown, after the run's summary, that reads like a failure.
        FELIX_HTTP_LOG.setLevel(Level.OFF);
        framework.stop();
        framework.waitForStop(20_000);
    }
}
