package org.neurorig.config.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.neurorig.config.PipelineError;
import org.neurorig.config.PipelineException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one file so that all of them are reported together, by position. */
final class ErrorList {
    private final String file;
    private final List<PipelineError> errors = new ArrayList<>();

    ErrorList(String file) {
        this.file = file;
    }

    /** A problem at the start of {@code at}. */
    void add(Node at, String message) {
        add(at.getStartMark(), message);
    }

    /** A problem at a SnakeYAML mark (0-based); {@code null} means the start of the file. */
    void add(Mark mark, String message) {
        if (mark == null) {
            add(1, 1, message);
        } else {
            add(mark.getLine() + 1, mark.getColumn() + 1, message);
        }
    }

    /**
     * A problem at a 1-based line and column. The same message at the same place is kept once
     * (e.g. a bad key that several ports' rates are derived from).
     */
    void add(int line, int column, String message) {
        PipelineError e = new PipelineError(file, line, column, message);
        if (!errors.contains(e)) {
            errors.add(e);
        }
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** The errors sorted by position; several at one position keep the order they were found in. */
    PipelineException toException() {
        List<PipelineError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(PipelineError::line).thenComparingInt(PipelineError::column));
        return new PipelineException(sorted);
    }

    /** "line:col" of a node, for messages that point back at another place in the file. */
    static String position(Node node) {
        Mark m = node.getStartMark();
        return (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    }
}
