package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped example pipeline validates against the node types of the shipped bundles, so the
 * examples the docs point to cannot go stale. (Several are also run by their own ITs.)
 */
class ExamplesIT {
    @TempDir
    Path tmp;

    @Test
    void everyShippedExampleValidates() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            List<Path> examples;
            try (Stream<Path> s = Files.list(rig.dist.resolve("examples"))) {
                examples =
                        s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            }
            assertThat(examples).extracting(p -> p.getFileName().toString()).contains("demo.yaml");
            for (Path p : examples) {
                assertThat(rig.command("validate", p.toString()))
                        .as(p.getFileName().toString())
                        .isZero();
            }
        }
    }
}
