package org.neurorig.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The example pipelines validate against {@link RealNodeTypes}: the examples are what users copy,
 * and a plugin that changes its keys without the test catalog following shows up here.
 */
class ExamplePipelinesTest {
    /** The repository's {@code launcher/examples/*.yaml}, sorted by name. */
    static List<Path> examples() throws IOException {
        Path dir = Path.of("../../launcher/examples");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(out).as("example pipelines in " + dir.toAbsolutePath()).isNotEmpty();
            return out;
        }
    }

    @Test
    void everyExampleValidates() throws Exception {
        PipelineParser parser = new PipelineParser(new FixedNodeTypeCatalog());
        for (Path p : examples()) {
            Pipeline pipeline = parser.parse(p);
            assertThat(pipeline.nodes()).as(p.toString()).isNotEmpty();
        }
    }
}
