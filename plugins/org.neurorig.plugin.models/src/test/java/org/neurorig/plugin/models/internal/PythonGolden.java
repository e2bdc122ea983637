package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A reference file written by a script of src/test/python: re-run when Debian Python has NumPy
 * (required when {@code CI=true}), else the committed copy in src/test/resources.
 */
final class PythonGolden {
    private PythonGolden() {}

    static JsonNode load(String script, String file) throws Exception {
        Path committed = Path.of("src/test/resources", file);
        boolean ci = "true".equals(System.getenv("CI"));
        boolean numpy = new File("/usr/bin/python3").canExecute()
                && new ProcessBuilder("/usr/bin/python3", "-c", "import numpy")
                                .start()
                                .waitFor()
                        == 0;
        Path used = committed;
        if (numpy) {
            used = Path.of("target", file);
            Files.createDirectories(used.getParent());
            Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/" + script, used.toString())
                    .inheritIO()
                    .start();
            assertThat(p.waitFor()).as(script + " exit code").isZero();
        } else {
            assertThat(ci)
                    .as("CI=true needs /usr/bin/python3 with NumPy to regenerate " + file)
                    .isFalse();
        }
        return new ObjectMapper().readTree(used.toFile());
    }

    static float[] matrix(JsonNode rows) {
        int width = rows.get(0).size();
        float[] m = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < width; c++) {
                m[r * width + c] = (float) rows.get(r).get(c).asDouble();
            }
        }
        return m;
    }
}
