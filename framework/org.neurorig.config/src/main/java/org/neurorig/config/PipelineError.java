package org.neurorig.config;

/**
 * One problem in a pipeline file, at the YAML node at fault.
 *
 * @param file    file name as given to the parser
 * @param line    1-based line
 * @param column  1-based column
 * @param message what was found and what was expected
 */
public record PipelineError(String file, int line, int column, String message) {
    /** {@code file:line:col: message}, as compilers print it. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
