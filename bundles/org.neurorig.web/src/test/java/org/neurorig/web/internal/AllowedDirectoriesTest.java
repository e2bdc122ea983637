package org.neurorig.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowedDirectoriesTest {
    @TempDir
    Path home;

    private void refused(AllowedDirectories d, String path) {
        assertThatThrownBy(() -> d.check("key", path)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status).isEqualTo(403);
            assertThat(e.getMessage())
                    .startsWith("key: " + path)
                    .contains(home.resolve("recordings").toString())
                    .contains(home.resolve("data").toString())
                    .contains("neurorig.web.paths");
        });
    }

    @Test
    void insideTheDefaultRootsOnly() throws Exception {
        AllowedDirectories d = new AllowedDirectories(AllowedDirectories.DEFAULT, home);
        d.check("key", home.resolve("recordings").toString());
        d.check("key", home.resolve("recordings/mouse1/day2").toString());
        d.check("key", home.resolve("data/counts.json").toString());
        d.check("key", home.resolve("data/a/../b.json").toString());
        refused(d, home.toString());
        refused(d, home.resolve("recordings-evil/x").toString());
        refused(d, home.resolve("data/../conf/web-token").toString());
        refused(d, home.resolve("data/../../x").toString());
        refused(d, "/etc/nr-traversal-probe");
        refused(d, "relative.json"); // the working directory is not a root
    }

    @Test
    void linksAreFollowedAsTheFileSystemWill() throws Exception {
        AllowedDirectories d = new AllowedDirectories(AllowedDirectories.DEFAULT, home);
        Path data = Files.createDirectories(home.resolve("data"));
        Path outside = Files.createDirectories(home.resolve("outside/deep"));
        Files.createSymbolicLink(data.resolve("out"), outside);
        Files.createSymbolicLink(data.resolve("dangling"), home.resolve("outside/new"));
        Files.createSymbolicLink(data.resolve("in"), data);
        refused(d, data.resolve("out/x.json").toString());
        refused(d, data.resolve("dangling").toString());
        // lexically inside, but the link's parent is outside: where the file system goes
        refused(d, data + "/out/../x.json");
        d.check("key", data.resolve("in/in/x.json").toString());
        // a root that is itself a link counts where it points
        Path elsewhere = Files.createDirectories(home.resolve("big-disk"));
        Files.createSymbolicLink(home.resolve("recordings"), elsewhere);
        d.check("key", home.resolve("recordings/r1").toString());
        d.check("key", elsewhere.resolve("r2").toString());
    }

    @Test
    void configuredRootsReplaceTheDefault() throws Exception {
        Path other = Files.createDirectories(home.resolve("x"));
        AllowedDirectories d = new AllowedDirectories("x" + File.pathSeparator + " /srv/nr ", home);
        assertThat(d.roots()).containsExactly(other, Path.of("/srv/nr"));
        d.check("key", other.resolve("f").toString());
        d.check("key", "/srv/nr/f");
        assertThatThrownBy(() -> d.check("key", home.resolve("data/f").toString()))
                .isInstanceOf(ApiError.class);
        AllowedDirectories none = new AllowedDirectories(File.pathSeparator, home);
        assertThat(none.roots()).isEmpty();
        assertThatThrownBy(() -> none.check("key", other.toString())).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> d.check("key", "a\0b"))
                .isInstanceOfSatisfying(
                        ApiError.class, e -> assertThat(e.status).isEqualTo(400));
    }
}
