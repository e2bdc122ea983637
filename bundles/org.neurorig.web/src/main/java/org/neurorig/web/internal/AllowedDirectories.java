package org.neurorig.web.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders under which paths that come from the web API (node keys naming files or folders,
 * the recording folder) must lie: by default the distribution's {@code recordings/} and
 * {@code data/}; the framework property {@code neurorig.web.paths} replaces them. A path is judged
 * where it will really land: made absolute against the working directory (as the nodes resolve a
 * relative path), with every {@code ..} and every symbolic link of the part that exists followed,
 * both as written and normalised first (the recorder normalises, other nodes do not), so neither
 * {@code ../} nor a link inside a root leads out of it.
 */
final class AllowedDirectories {
    /** The framework property that lists the roots, separated by the platform's path separator. */
    static final String PROPERTY = "neurorig.web.paths";

    static final String DEFAULT = "recordings" + File.pathSeparator + "data";
    private static final int MAX_LINKS = 40;

    private final List<Path> roots;

    /**
     * @param spec the roots, separated by {@link File#pathSeparator}; relative ones are taken from
     *             {@code home}
     * @param home the distribution folder ({@code neurorig.home})
     */
    AllowedDirectories(String spec, Path home) {
        List<Path> r = new ArrayList<>();
        for (String s : spec.split(File.pathSeparator)) {
            if (!s.isBlank()) {
                r.add(home.toAbsolutePath().resolve(s.trim()).normalize());
            }
        }
        roots = List.copyOf(r); // none: the API may name no path at all
    }

    /** The roots as configured (absolute). */
    List<Path> roots() {
        return roots;
    }

    /**
     * Refuses {@code value} unless it lies inside a root.
     *
     * @param what names the value in the answer, e.g. {@code node 'count' key 'file'}
     * @throws ApiError 403 naming the path and the roots, 400 for a string that is no path
     */
    void check(String what, String value) throws ApiError {
        Path given;
        try {
            given = Path.of(value).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new ApiError(400, "invalid path", what + ": '" + value + "' is not a path: " + e.getReason());
        }
        try {
            List<Path> real = new ArrayList<>();
            for (Path root : roots) {
                real.add(resolve(root));
            }
            Path asWritten = resolve(given);
            Path normalised = resolve(given.normalize());
            if (inside(asWritten, real) && inside(normalised, real)) {
                return;
            }
            throw new ApiError(
                    403,
                    "path not allowed",
                    what + ": " + value
                            + (asWritten.toString().equals(value) ? "" : " (" + asWritten + ")")
                            + " is outside the folders the API may use: " + roots + " (framework property " + PROPERTY
                            + ")");
        } catch (IOException e) {
            throw new ApiError(403, "path not allowed", what + ": " + value + " cannot be checked: " + e.getMessage());
        }
    }

    private static boolean inside(Path p, List<Path> roots) {
        for (Path r : roots) {
            if (p.startsWith(r)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code p} (absolute) as the file system will take it: component by component, a link replaced by
     * its target, {@code ..} going to the parent of what was reached; the part that does not exist yet
     * is kept as written.
     */
    private static Path resolve(Path p) throws IOException {
        Path at = p.getRoot();
        int links = 0;
        List<Path> todo = new ArrayList<>();
        p.forEach(todo::add);
        for (int i = 0; i < todo.size(); i++) {
            String name = todo.get(i).toString();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                at = at.getParent() == null ? at : at.getParent();
                continue;
            }
            Path next = at.resolve(name);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many symbolic links at " + next);
                }
                // Go on from the link's target, then with what follows the link.
                Path target = Files.readSymbolicLink(next);
                List<Path> rest = new ArrayList<>();
                target.forEach(rest::add);
                todo.addAll(i + 1, rest);
                if (target.isAbsolute()) {
                    at = target.getRoot();
                }
                continue;
            }
            at = next;
        }
        return at;
    }
}
