package org.neurorig.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedPipelinesTest {
    @Test
    void plainYamlFileNamesOnly() throws Exception {
        for (String ok : new String[] {"a.yaml", "rig-A_2.v1.yaml", "x".repeat(59) + ".yaml"}) {
            assertThat(SavedPipelines.checkName(ok)).isEqualTo(ok);
        }
        for (String bad : new String[] {
            null,
            "",
            ".yaml",
            ".hidden.yaml",
            "../x.yaml",
            "a/b.yaml",
            "a\\b.yaml",
            "x.yml",
            "x.yaml.tmp",
            "-x.yaml",
            "a b.yaml",
            "x".repeat(60) + ".yaml",
            "é.yaml"
        }) {
            ApiError e = catchThrowableOfType(() -> SavedPipelines.checkName(bad), ApiError.class);
            assertThat(e).as(bad).isNotNull();
            assertThat(e.status).isEqualTo(400);
            assertThat(e.getMessage()).contains("ending in .yaml");
        }
    }

    @Test
    void writtenReadBackAndListedWithoutOtherFiles(@TempDir Path tmp) throws Exception {
        SavedPipelines saved = new SavedPipelines(tmp.resolve("conf/pipelines"));
        assertThat(saved.names()).isEmpty(); // no folder yet
        saved.write("b.yaml", "name: b\n");
        saved.write("a.yaml", "name: a # ü\n");
        Files.writeString(tmp.resolve("conf/pipelines/notes.txt"), "x");
        Files.writeString(tmp.resolve("conf/pipelines/.a.yaml.123.tmp"), "x");
        Files.createDirectories(tmp.resolve("conf/pipelines/dir.yaml"));
        assertThat(saved.names()).containsExactly("a.yaml", "b.yaml");
        assertThat(saved.read("a.yaml")).isEqualTo("name: a # ü\n");
        saved.write("a.yaml", "name: a2\n");
        assertThat(saved.read("a.yaml")).isEqualTo("name: a2\n");
        assertThat(Files.readString(tmp.resolve("conf/pipelines/a.yaml"))).isEqualTo("name: a2\n");
    }

    @Test
    void aMissingOneIsNotFoundAndNamesTheSavedOnes(@TempDir Path tmp) throws Exception {
        SavedPipelines saved = new SavedPipelines(tmp);
        saved.write("a.yaml", "name: a\n");
        ApiError e = catchThrowableOfType(() -> saved.read("b.yaml"), ApiError.class);
        assertThat(e.status).isEqualTo(404);
        assertThat(e.getMessage()).contains("b.yaml").contains("[a.yaml]");
    }
}
