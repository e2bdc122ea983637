package org.neurorig.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a whole file so that readers, and a crash at any moment, see either the old content or the
 * new one, never a part: the content goes to a temporary file ({@code .<name>.<random>.tmp}, hidden,
 * in the target's folder unless told otherwise), is fsynced, and is then moved over the target in
 * one rename; the folder is fsynced after it, so the rename survives a power cut too. A write that
 * fails removes its temporary file and leaves the target as it was. Leftovers of a killed process
 * end in {@code .tmp} ({@code neurorig recover} removes those in a recording).
 */
public final class AtomicFile {
    /** Writes a file's content. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code out}; closing {@code out} is allowed and has no effect. */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    /** Replaces {@code target} with {@code content}, creating its folder if needed. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, null, false, out -> out.write(content));
    }

    /** Replaces {@code target} with what {@code content} writes, creating its folder if needed. */
    public static void write(Path target, Content content) throws IOException {
        write(target, null, false, content);
    }

    /**
     * Replaces {@code target} with what {@code content} writes.
     *
     * @param tempFolder where the temporary file goes ({@code null}: beside the target); it must be on
     *                   the target's file system. A folder that a watcher scans (a deploy folder)
     *                   wants its temporary files elsewhere.
     * @param ownerOnly  on POSIX file systems, make the file readable and writable by its owner only,
     *                   from its creation on (secrets)
     */
    public static void write(Path target, Path tempFolder, boolean ownerOnly, Content content) throws IOException {
        Path file = target.toAbsolutePath();
        Path folder = file.getParent();
        Files.createDirectories(folder);
        Path tmp = createTemp(tempFolder == null ? folder : tempFolder.toAbsolutePath(), file, ownerOnly);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                content.writeTo(new KeptOpen(out));
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncFolder(folder);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static Path createTemp(Path folder, Path target, boolean ownerOnly) throws IOException {
        Files.createDirectories(folder);
        while (true) {
            Path tmp = folder.resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
            try {
                if (ownerOnly && Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class)) {
                    return Files.createFile(
                            tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                // Files.createTempFile would make every file owner-only; ordinary files keep the umask's mode.
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
    }

    /** A rename is durable once its folder is; where folders cannot be opened (Windows), the OS decides. */
    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the content itself was fsynced before the move
        }
    }

    /** Lets content writers (a JSON generator) close their stream before the file is fsynced. */
    private static final class KeptOpen extends OutputStream {
        private final OutputStream out;

        KeptOpen(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
