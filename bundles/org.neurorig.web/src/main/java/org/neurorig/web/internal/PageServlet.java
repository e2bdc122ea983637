package org.neurorig.web.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The page: {@code /} and its files from this bundle's {@code static/} folder, and uPlot under
 * {@code /lib/uplot/} from the webjar unpacked into the bundle at build time.
 */
@Component(
        service = Servlet.class,
        property = {"osgi.http.whiteboard.servlet.pattern=/", "osgi.http.whiteboard.servlet.name=neurorig-page"})
public final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "svg",
            "image/svg+xml",
            "png",
            "image/png",
            "ico",
            "image/x-icon");

    private transient Bundle bundle;
    private transient String uplotDist;

    @Activate
    void activate(BundleContext ctx) {
        bundle = ctx.getBundle();
        Enumeration<URL> e = bundle.findEntries("META-INF/resources/webjars/uplot", "uPlot.iife.min.js", true);
        if (e != null && e.hasMoreElements()) {
            String p = e.nextElement().getPath();
            uplotDist = p.substring(0, p.lastIndexOf('/'));
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (path.isEmpty() || path.equals("/")) {
            path = "/index.html";
        }
        if (path.contains("..") || path.contains("//")) {
            ApiServlet.error(resp, new ApiError(400, "bad path", path));
            return;
        }
        URL url;
        if (path.startsWith("/lib/uplot/") && uplotDist != null) {
            url = bundle.getEntry(uplotDist + path.substring("/lib/uplot".length()));
        } else {
            url = bundle.getEntry("static" + path);
        }
        if (url == null) {
            ApiServlet.error(resp, new ApiError(404, "not found", "no page resource " + path));
            return;
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        resp.setStatus(200);
        resp.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
        resp.setHeader("Cache-Control", "no-cache");
        try (InputStream in = url.openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
