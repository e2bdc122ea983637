package org.neurorig.web.internal;

import java.util.Map;

/** A request that cannot be served: the HTTP status and the {@code {"error", "detail"}} answer. */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String error;
    final transient Object extra;
    final transient Map<String, Object> more;

    ApiError(int status, String error, String detail) {
        this(status, error, detail, null);
    }

    /** @param extra a further field {@code errors} of the answer (e.g. every pipeline error), or null */
    ApiError(int status, String error, String detail, Object extra) {
        this(status, error, detail, extra, Map.of());
    }

    /** @param more further fields of the answer after {@code errors} */
    ApiError(int status, String error, String detail, Object extra, Map<String, Object> more) {
        super(detail);
        this.status = status;
        this.error = error;
        this.extra = extra;
        this.more = more;
    }
}
