package org.neurorig.config;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline file is not valid; carries every problem found, sorted by position. */
public final class PipelineException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<PipelineError> errors;

    /** The message is all errors, one {@code file:line:col: message} per line. */
    public PipelineException(List<PipelineError> errors) {
        super(errors.stream().map(PipelineError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** The problems, sorted by line and column. */
    public List<PipelineError> errors() {
        return errors;
    }
}
