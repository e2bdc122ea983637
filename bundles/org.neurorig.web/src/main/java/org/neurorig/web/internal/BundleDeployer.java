package org.neurorig.web.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.neurorig.io.AtomicFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Lists the installed bundles and hot-deploys uploaded ones: a checked jar is written next to the
 * deploy folder's watcher under a temporary name and then moved in, so FileInstall never sees half a
 * file.
 */
final class BundleDeployer {
    static final long MAX_BYTES = 64L << 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.jar");

    private final BundleContext context;

    BundleDeployer(BundleContext context) {
        this.context = context;
    }

    List<Map<String, Object>> list() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.getBundleId());
            m.put("symbolicName", b.getSymbolicName());
            m.put("version", b.getVersion().toString());
            m.put("state", state(b.getState()));
            m.put("location", b.getLocation());
            list.add(m);
        }
        return list;
    }

    Path deployFolder() throws ApiError {
        String dir = context.getProperty("felix.fileinstall.dir");
        if (dir == null || dir.isBlank()) {
            throw new ApiError(
                    503, "no deploy folder", "this host does not watch a deploy folder (felix.fileinstall.dir)");
        }
        return Path.of(dir);
    }

    /**
     * Checks the upload is a bundle and moves it into the deploy folder.
     *
     * @return file, symbolicName, version and whether it replaced a file of that name
     */
    Map<String, Object> deploy(String fileName, byte[] jar) throws ApiError, IOException {
        if (fileName == null || !NAME.matcher(fileName).matches()) {
            throw new ApiError(
                    400,
                    "bad file name",
                    "'" + fileName + "' must be a plain name ending in .jar "
                            + "(letters, digits, '.', '_', '-'); pass it as ?name=…");
        }
        if (jar.length == 0) {
            throw new ApiError(400, "empty upload", "the request body must be the jar file");
        }
        Manifest mf;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            mf = in.getManifest();
            while (in.getNextJarEntry() != null) {
                // reading every entry checks the whole archive before anything is written
            }
        } catch (IOException e) {
            throw new ApiError(400, "not a jar", fileName + ": " + e.getMessage());
        }
        String bsn = mf == null ? null : mf.getMainAttributes().getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            throw new ApiError(400, "not a bundle", fileName + " has no Bundle-SymbolicName in its manifest");
        }
        String version = mf.getMainAttributes().getValue("Bundle-Version");
        Path deploy = deployFolder();
        Files.createDirectories(deploy);
        Path target = deploy.resolve(fileName);
        boolean replaced = Files.exists(target);
        // The temporary file goes beside the deploy folder, not in it (FileInstall would pick up half
        // a file); same file system, so the move is atomic.
        Path parent = deploy.toAbsolutePath().getParent();
        AtomicFile.write(target, parent == null ? deploy : parent, false, out -> out.write(jar));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", fileName);
        m.put("symbolicName", bsn.split(";")[0].trim());
        m.put("version", version == null ? "0.0.0" : version.trim());
        m.put("replaced", replaced);
        return m;
    }

    static byte[] readLimited(InputStream in, long max) throws IOException, ApiError {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (data.length > max) {
            throw new ApiError(413, "too large", "uploads are limited to " + (max >> 20) + " MiB");
        }
        return data;
    }

    static String state(int s) {
        return switch (s) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
