package org.neurorig.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Stream;

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
    /** Name of the service property by which bundles contribute {@code neurorig <command>}s. */
    public static final String COMMAND_PROPERTY = "neurorig.command";

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
    public static RigHost start(Path home, Path storage, Map<String, String> extra) throws IOException, BundleException {
        Path bundles = home.resolve("bundles");
        if (!Files.isDirectory(bundles)) {
            throw new IOException("no bundles folder at " + bundles + ": is this a built NeuroRig distribution?");
        }
        if (System.getProperty("gosh.home") == null) {
            // Gogo reads its profile from ${gosh.home}/etc, a system property, not a framework one.
            System.setProperty("gosh.home", home.resolve("conf/gogo").toAbsolutePath().toString());
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
        // Headless: without this, Gogo reads stdin and closing it would stop the framework.
        props.put("gosh.args", "--nointeractive");
        props.put("neurorig.home", home.toAbsolutePath().toString());
        // Jetty must not open its default 0.0.0.0:8080 before the web bundle configures it.
        props.put("org.apache.felix.http.require.config", "true");
        props.putAll(extra);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework fw = factory.newFramework(props);
        fw.start();
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(bundles)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
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

    /**
     * The command a bundle contributes under {@code name}, waiting up to {@code waitMillis} for its
     * bundle to register it.
     *
     * @return null when no bundle provides it
     */
    @SuppressWarnings("unchecked")
    public Function<String[], Integer> command(String name, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            try {
                Collection<ServiceReference<Function>> refs = context().getServiceReferences(Function.class,
                        "(" + COMMAND_PROPERTY + "=" + name + ")");
                for (ServiceReference<Function> r : refs) {
                    Function<String[], Integer> f = context().getService(r);
                    if (f != null) {
                        return f;
                    }
                }
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException("bad command name " + name, e);
            }
            if (System.currentTimeMillis() > deadline) {
                return null;
            }
            Thread.sleep(50);
        }
    }

    /** Names of the commands the installed bundles provide. */
    public List<String> commandNames() {
        List<String> names = new ArrayList<>();
        try {
            for (ServiceReference<Function> r : context().getServiceReferences(Function.class,
                    "(" + COMMAND_PROPERTY + "=*)")) {
                names.add(String.valueOf(r.getProperty(COMMAND_PROPERTY)));
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        names.sort(null);
        return names;
    }

    /** Stops the framework and waits for it. */
    @Override
    public void close() throws BundleException, InterruptedException {
        framework.stop();
        framework.waitForStop(20_000);
    }
}
