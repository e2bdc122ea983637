package org.neurorig.web.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.Preprocessor;

/**
 * Runs before every request is dispatched (page, API, live events, unknown paths alike). A request
 * whose {@code Host} is not a name of this server is refused (421): that is how a page of another
 * site reaches this one through DNS rebinding, where the browser believes both are the same site.
 * A request that may change something (any method but GET, HEAD, OPTIONS) is refused (403) when it
 * carries an {@code Origin} other than this server's own: {@code null} (a sandboxed frame, a
 * {@code file://} page) or another site's page in this machine's browser. Clients that are not
 * browsers send no {@code Origin} and pass; the token rules (ApiServlet) apply to them.
 */
@Component(service = Preprocessor.class)
public final class SameHostFilter implements Preprocessor {
    @Reference
    private WebServer server;

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String host = req.getHeader("Host");
        if (!server.knownHost(host)) {
            ApiServlet.drain(req);
            ApiServlet.error(
                    resp,
                    new ApiError(
                            421,
                            "unknown host",
                            "this server is not '" + host
                                    + "': address it as http://127.0.0.1:" + server.port() + "/, http://localhost:"
                                    + server.port()
                                    + "/ or by an address it listens on"));
            return;
        }
        String origin = req.getHeader("Origin");
        if (origin != null
                && mayChange(req.getMethod())
                && !origin.toLowerCase(Locale.ROOT)
                        .equals("http://" + host.trim().toLowerCase(Locale.ROOT))) {
            ApiServlet.drain(req);
            ApiServlet.error(
                    resp,
                    new ApiError(
                            403,
                            "cross-origin request",
                            "a page of origin " + origin
                                    + " may not change this rig; only this server's own page (http://" + host
                                    + ") may"));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean mayChange(String method) {
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
