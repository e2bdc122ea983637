package org.neurorig.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real recordings in the shared folder beside the repository ({@code ../shared/data/NAME},
 * each with a README). Found by walking up from the working directory (a module when Maven runs a
 * test) to the first folder that has {@code shared/data/NAME} below it. A test that needs one
 * is skipped when it is absent, except under {@code CI=true}, where its absence fails the test:
 * CI must not pass by skipping the real-data checks.
 */
public final class SharedData {
    private SharedData() {}

    /**
     * The folder {@code ../shared/data/name}; skips the calling test when it is missing (fails it
     * under {@code CI=true}).
     */
    public static Path dir(String name) {
        Path data = find(name);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(
                    data != null,
                    "CI=true but ../shared/data/" + name + " was not found above "
                            + Path.of("").toAbsolutePath());
        }
        assumeTrue(data != null, "../shared/data/" + name + " not found: real-data test skipped");
        return data;
    }

    /** The folder {@code ../shared/data/name}, or null when no folder above holds it. */
    public static Path find(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("data").resolve(name);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
