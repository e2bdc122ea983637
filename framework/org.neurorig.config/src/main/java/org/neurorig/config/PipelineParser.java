package org.neurorig.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.neurorig.config.internal.PipelineCheck;

/**
 * Reads pipeline files (YAML, see {@code docs/PIPELINES.md}) and validates them against a
 * {@link NodeTypeCatalog} in one pass, reporting every problem at once. Thread-safe: it keeps no
 * state between calls.
 */
public final class PipelineParser {
    private final NodeTypeCatalog catalog;

    public PipelineParser(NodeTypeCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Reads and validates {@code file} (UTF-8). Errors name the file as {@code file.toString()};
     * an unreadable file is one error at 1:1.
     */
    public Pipeline parse(Path file) throws PipelineException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw unreadable(file, "no such file");
        } catch (CharacterCodingException e) {
            throw unreadable(file, "not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(file, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** Validates {@code yamlText}; {@code fileName} is used in error positions. */
    public Pipeline parse(String fileName, String yamlText) throws PipelineException {
        return new PipelineCheck(catalog, fileName, yamlText).run();
    }

    private static PipelineException unreadable(Path file, String why) {
        return new PipelineException(
                List.of(new PipelineError(file.toString(), 1, 1, "cannot read the pipeline file: " + why)));
    }
}
