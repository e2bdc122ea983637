package org.neurorig.web.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.neurorig.io.AtomicFile;

/**
 * The pipeline files saved from the page, in the distribution's {@code conf/pipelines/}: listed,
 * read and written by name. A name is a plain file name ending in {@code .yaml} (no folder, no
 * leading dot), so no request can reach a file elsewhere; a file is written whole or not at all
 * ({@link AtomicFile}), so a reader (or {@code neurorig run}) never sees half of one.
 */
final class SavedPipelines {
    /** Letters, digits, '.', '_', '-'; starting with a letter or digit; 64 characters at most. */
    static final Pattern NAME = Pattern.compile("(?=.{1,64}$)[A-Za-z0-9][A-Za-z0-9._-]*\\.yaml");

    static final int MAX_BYTES = 1 << 20;

    private final Path folder;

    SavedPipelines(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** The saved names, sorted; none when the folder does not exist yet. */
    List<String> names() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                // AtomicFile's temporary files start with '.', which NAME refuses
                if (NAME.matcher(n).matches() && Files.isRegularFile(f)) {
                    names.add(n);
                }
            }
        }
        names.sort(null);
        return names;
    }

    /** The text of saved pipeline {@code name}. */
    String read(String name) throws ApiError, IOException {
        Path f = file(name);
        try {
            if (Files.size(f) > MAX_BYTES) {
                throw new ApiError(
                        413,
                        "too large",
                        "conf/pipelines/" + name + " is over " + MAX_BYTES + " bytes; edit it as a file");
            }
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ApiError(
                    404, "no such pipeline", "conf/pipelines/" + name + " does not exist; saved: " + names());
        } catch (CharacterCodingException e) {
            throw new ApiError(
                    409, "not UTF-8 text", "conf/pipelines/" + name + " is not UTF-8 text; edit it as a file");
        }
    }

    /** Replaces (or creates) saved pipeline {@code name} with {@code text}, atomically. */
    void write(String name, String text) throws ApiError, IOException {
        Path f = file(name);
        AtomicFile.write(f, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The file of a valid name; 400 naming the rule otherwise. */
    Path file(String name) throws ApiError {
        return folder.resolve(checkName(name));
    }

    static String checkName(String name) throws ApiError {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ApiError(
                    400,
                    "bad pipeline name",
                    "'" + name + "' is not a pipeline file name: expected 1 to 64 letters, digits, '.', '_' or '-',"
                            + " starting with a letter or digit and ending in .yaml (e.g. rig-a.yaml)");
        }
        return name;
    }
}
