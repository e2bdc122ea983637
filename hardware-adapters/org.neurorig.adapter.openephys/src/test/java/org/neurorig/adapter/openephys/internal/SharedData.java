package org.neurorig.adapter.openephys.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real recordings in the shared folder beside the repository ({@code ../shared/data}). Found by
 * walking up from the module to the repository root (the folder holding {@code .git}); tests skip
 * when it is absent, except under {@code CI=true}, where its absence fails them.
 */
final class SharedData {
    private SharedData() {
    }

    static Path dir(String name) {
        Path data = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git")) && d.getParent() != null) {
                data = d.getParent().resolve("shared").resolve("data").resolve(name);
                break;
            }
        }
        boolean found = data != null && Files.isDirectory(data);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(found, "CI=true but ../shared/data/" + name + " is missing (looked at " + data + ")");
        }
        assumeTrue(found, "../shared/data/" + name + " not found: real-data test skipped");
        return data;
    }
}
