package org.neurorig.web.internal;

/** A request that cannot be served: the HTTP status and the {@code {"error", "detail"}} answer. */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String error;
    final transient Object extra;

    ApiError(int status, String error, String detail) {
        this(status, error, detail, null);
    }

    /** @param extra a further field {@code errors} of the answer (e.g. every pipeline error), or null */
    ApiError(int status, String error, String detail, Object extra) {
        super(detail);
        this.status = status;
        this.error = error;
        this.extra = extra;
    }
}
