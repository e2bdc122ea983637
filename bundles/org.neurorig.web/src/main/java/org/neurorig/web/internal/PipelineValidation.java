package org.neurorig.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineError;
import org.neurorig.config.PipelineException;
import org.neurorig.config.PipelineParser;

/**
 * A pipeline text checked as {@code neurorig run} checks a file, with every problem at its line and
 * column, for the page's editor ({@code POST /api/pipeline/validate}) and for the endpoints that
 * take a pipeline ({@code PUT /api/pipeline}, {@code PUT /api/pipelines/<name>}).
 *
 * @param pipeline the pipeline when the text is valid, else null
 * @param errors   every error, sorted by position; empty when valid
 * @param warnings what is accepted but should change (e.g. a type named by its former name)
 */
record PipelineValidation(Pipeline pipeline, List<Issue> errors, List<Issue> warnings) {
    /** The file name errors are placed in, as {@code PUT /api/pipeline} has always named it. */
    static final String FILE = "pipeline";

    /** One problem at a 1-based line and column. */
    record Issue(int line, int column, String message) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", line);
            m.put("column", column);
            m.put("message", message);
            return m;
        }

        @Override
        public String toString() {
            return FILE + ":" + line + ":" + column + ": " + message;
        }
    }

    // Warnings come as text, "file:line:col: warning: message" (Pipeline.warnings).
    private static final Pattern WARNING = Pattern.compile("(\\d+):(\\d+): (?:warning: )?(.*)", Pattern.DOTALL);

    static PipelineValidation check(PipelineParser parser, String text) {
        try {
            Pipeline p = parser.parse(FILE, text);
            return new PipelineValidation(
                    p,
                    List.of(),
                    p.warnings().stream().map(PipelineValidation::warning).toList());
        } catch (PipelineException e) {
            List<Issue> errors = new ArrayList<>();
            for (PipelineError err : e.errors()) {
                errors.add(new Issue(err.line(), err.column(), err.message()));
            }
            return new PipelineValidation(null, List.copyOf(errors), List.of());
        } catch (RuntimeException e) {
            // the parser reports what it understands; anything else is still an answer, never a 500
            return new PipelineValidation(
                    null, List.of(new Issue(1, 1, "not a pipeline file: " + e.getMessage())), List.of());
        }
    }

    private static Issue warning(String text) {
        String rest = text.startsWith(FILE + ":") ? text.substring(FILE.length() + 1) : text;
        Matcher m = WARNING.matcher(rest);
        if (m.matches()) {
            return new Issue(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
        }
        return new Issue(1, 1, text);
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** {@code {"valid": bool, "errors": [{line, column, message}], "warnings": [...]}} */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", valid());
        m.put("errors", errors.stream().map(Issue::json).toList());
        m.put("warnings", warnings.stream().map(Issue::json).toList());
        return m;
    }

    /** 400 with every error, as {@code file:line:col: message} and as objects with line and column. */
    ApiError refusal() {
        List<String> texts = errors.stream().map(Issue::toString).toList();
        return new ApiError(
                400,
                "invalid pipeline",
                texts.size() + " error(s): " + texts.get(0),
                texts,
                Map.of("issues", errors.stream().map(Issue::json).toList()));
    }
}
