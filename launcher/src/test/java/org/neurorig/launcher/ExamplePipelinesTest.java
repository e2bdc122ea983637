package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineParser;

/**
 * The example pipelines validate against the node types the distribution's bundles declare
 * ({@link BundleNodeTypes}): the examples are what users copy, and a plugin that changes its keys
 * shows up here without starting a host.
 */
class ExamplePipelinesTest {
    @Test
    void everyExampleValidatesWithoutWarnings() throws Exception {
        PipelineParser parser = new PipelineParser(BundleNodeTypes.fromClassPath());
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            examples =
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples)
                .as("example pipelines in " + Path.of("examples").toAbsolutePath())
                .isNotEmpty();
        for (Path p : examples) {
            Pipeline pipeline = parser.parse(p);
            assertThat(pipeline.nodes()).as(p.toString()).isNotEmpty();
            assertThat(pipeline.warnings())
                    .as(p + ": examples use current type names")
                    .isEmpty();
        }
    }
}
