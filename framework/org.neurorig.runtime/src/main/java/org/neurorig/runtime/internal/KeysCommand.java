package org.neurorig.runtime.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.neurorig.bus.security.CurveSecurity;
import org.neurorig.command.Command;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code neurorig keys [--force] [--name NAME]}: makes this host's CURVE key pair for its bus
 * endpoints off loopback (docs/WIRE.md §1.2) and says where the peers put its public key.
 */
@Component(service = Command.class)
public final class KeysCommand implements Command {
    /** A peer's name is a file name on the other hosts: keep it to one plain word. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private BundleContext context;

    @Activate
    void activate(BundleContext ctx) {
        this.context = ctx;
    }

    @Override
    public String name() {
        return "keys";
    }

    @Override
    public String usage() {
        return "[--force] [--name NAME]";
    }

    @Override
    public String summary() {
        return "make this host's CURVE key pair (conf/keys) for bus endpoints off loopback; --force replaces one";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandArgs a;
        try {
            a = CommandArgs.parse(args, Set.of("--name"), Set.of("--force"));
        } catch (IllegalArgumentException e) {
            err.println("neurorig keys: " + e.getMessage());
            return USAGE_ERROR;
        }
        if (!a.positional.isEmpty()) {
            err.println("neurorig keys: unexpected " + a.positional + "; usage: neurorig keys " + usage());
            return USAGE_ERROR;
        }
        String name = a.options.getOrDefault("--name", hostName());
        if (!NAME.matcher(name).matches()) {
            err.println("neurorig keys: --name '" + name + "' must be letters, digits, '.', '_' or '-' (it becomes"
                    + " the file name allowed/NAME.pub on the peers)");
            return USAGE_ERROR;
        }
        Path conf = CurveSecurity.confDir(context::getProperty);
        Path keys = conf.resolve(CurveSecurity.KEYS);
        String pub;
        try {
            pub = CurveSecurity.generate(conf, a.options.containsKey("--force"));
        } catch (FileAlreadyExistsException e) {
            err.println("neurorig keys: " + e.getFile() + " exists: this host has a key pair; give --force to"
                    + " replace it (then every peer needs the new public key)");
            return 1;
        } catch (IOException e) {
            err.println("neurorig keys: cannot write the key pair in " + keys + ": " + e);
            return 1;
        }
        Path allowed = keys.resolve(CurveSecurity.ALLOWED);
        out.println("wrote " + keys.resolve(CurveSecurity.SECRET_FILE) + " (owner-only) and "
                + keys.resolve(CurveSecurity.PUBLIC_FILE));
        out.println("public key: " + pub);
        out.println("on every peer host, save it as conf/keys/allowed/" + name + ".pub:");
        out.println("  echo '" + pub + "' > conf/keys/allowed/" + name + ".pub");
        out.println("and save each peer's conf/keys/host.pub here as " + allowed + "/PEER.pub;"
                + " a bus endpoint off loopback admits only those keys");
        return 0;
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            int dot = h.indexOf('.');
            return dot > 0 ? h.substring(0, dot) : h;
        } catch (IOException e) {
            return "this-host";
        }
    }
}
