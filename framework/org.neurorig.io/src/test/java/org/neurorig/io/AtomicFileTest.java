package org.neurorig.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void createsTheFolderAndReplacesTheFileLeavingNoTemporaryFile() throws IOException {
        Path f = dir.resolve("a/b/summary.json");
        AtomicFile.write(f, "one".getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(f, out -> {
            out.write("two".getBytes(StandardCharsets.UTF_8));
            out.close(); // a JSON generator closes its stream; the file is still fsynced and moved
        });
        assertThat(Files.readString(f)).isEqualTo("two");
        assertThat(names(f.getParent())).containsExactly("summary.json");
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndRemovesItsTemporaryFile() throws IOException {
        Path f = dir.resolve("gaps.json");
        AtomicFile.write(f, "old".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AtomicFile.write(f, out -> {
                    out.write("half".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                }))
                .hasMessage("disk full");
        assertThat(Files.readString(f)).isEqualTo("old");
        assertThat(names(dir)).containsExactly("gaps.json");
    }

    @Test
    void aTemporaryFolderKeepsHalfFilesOutOfAWatchedOne() throws IOException {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Path[] seenDuringWrite = new Path[1];
        AtomicFile.write(deploy.resolve("x.jar"), dir, false, out -> {
            try (Stream<Path> s = Files.list(deploy)) {
                seenDuringWrite[0] = s.findAny().orElse(null);
            }
            out.write(1);
        });
        assertThat(seenDuringWrite[0])
                .as("nothing in the watched folder before the move")
                .isNull();
        assertThat(Files.readAllBytes(deploy.resolve("x.jar"))).containsExactly(1);
        assertThat(names(dir)).containsExactly("deploy");
    }

    @Test
    void ownerOnlyFilesAreNeverReadableByOthers() throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class));
        Path f = dir.resolve("conf/web-token");
        Set<PosixFilePermission>[] during = new Set[1];
        AtomicFile.write(f, null, true, out -> {
            try (Stream<Path> s = Files.list(f.getParent())) {
                during[0] = Files.getPosixFilePermissions(s.findFirst().orElseThrow());
            }
            out.write("secret\n".getBytes(StandardCharsets.UTF_8));
        });
        Set<PosixFilePermission> rw = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(during[0]).isEqualTo(rw);
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(rw);
    }

    @Test
    void ordinaryFilesKeepTheUsualModeNotTheOwnerOnlyOneOfTemporaryFiles() throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path f = dir.resolve("structure.oebin");
        AtomicFile.write(f, new byte[] {'{', '}'});
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
