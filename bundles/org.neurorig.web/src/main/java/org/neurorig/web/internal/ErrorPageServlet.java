package org.neurorig.web.internal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Component;

/**
 * The answer to every error the servlet container raises itself (a method a servlet does not take,
 * an exception escaping one, a path no servlet serves): the JSON {@code {"error", "detail"}} the API
 * answers everywhere, never the container's HTML page or a stack trace. Requests too malformed to
 * reach any servlet are answered alike by {@link ServerErrorPages}.
 */
@Component(
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.errorPage=4xx",
            "osgi.http.whiteboard.servlet.errorPage=5xx",
            "osgi.http.whiteboard.servlet.name=neurorig-errors"
        })
public final class ErrorPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());
    private static final Map<Integer, String> ERRORS = Map.ofEntries(
            Map.entry(400, "bad request"),
            Map.entry(401, "unauthorized"),
            Map.entry(403, "forbidden"),
            Map.entry(404, "not found"),
            Map.entry(405, "method not allowed"),
            Map.entry(408, "request timeout"),
            Map.entry(413, "too large"),
            Map.entry(414, "uri too long"),
            Map.entry(431, "headers too large"),
            Map.entry(500, "internal error"),
            Map.entry(501, "not implemented"));

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int status = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer i ? i : 500;
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String where = req.getMethod() + " " + (uri == null ? req.getRequestURI() : uri);
        String detail;
        if (req.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
            LOG.log(Level.WARNING, "web: " + where + " failed", t);
            detail =
                    where + ": " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        } else {
            Object message = req.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            detail = where + (message == null || message.toString().isBlank() ? "" : ": " + message);
        }
        ApiServlet.error(resp, new ApiError(status, errorName(status), detail));
    }

    /** The {@code error} of an answer with this status that names no more specific error. */
    static String errorName(int status) {
        return ERRORS.getOrDefault(status, "error " + status);
    }
}
