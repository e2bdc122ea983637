package org.neurorig.web.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/live}: Server-Sent Events with every view frame and a status event per second.
 * The request's own server thread drains the browser's queue; a browser that stops reading blocks
 * only this thread (its queue then drops), never a view node or acquisition.
 */
@Component(
        service = Servlet.class,
        property = {"osgi.http.whiteboard.servlet.pattern=/api/live", "osgi.http.whiteboard.servlet.name=neurorig-live"
        })
public final class LiveServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final long KEEPALIVE_MILLIS = 1000;

    @Reference
    private transient LiveHub hub;

    @Reference
    private transient RigControl rig;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LiveClient client = hub.connect();
        if (client == null) {
            ApiServlet.error(
                    resp,
                    new ApiError(
                            503, "too many live clients", LiveHub.MAX_CLIENTS + " browsers are connected already"));
            return;
        }
        try {
            resp.setStatus(200);
            resp.setContentType("text/event-stream");
            resp.setCharacterEncoding("UTF-8");
            resp.setHeader("Cache-Control", "no-cache");
            resp.setHeader("X-Accel-Buffering", "no");
            OutputStream out = resp.getOutputStream();
            out.write(("retry: 1000\nevent: hello\ndata: {\"client\":" + client.id + "}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            long nextStatus = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.currentTimeMillis();
                if (now >= nextStatus) {
                    client.offer("event: status\ndata: " + rig.statusJson() + "\n\n");
                    nextStatus = now + KEEPALIVE_MILLIS;
                }
                String e = client.poll(Math.max(1, nextStatus - now));
                if (e == null) {
                    continue;
                }
                out.write(e.getBytes(StandardCharsets.UTF_8));
                // Send whatever else is already queued in the same flush.
                for (int i = 0; i < 64; i++) {
                    String more = client.poll(0);
                    if (more == null) {
                        break;
                    }
                    out.write(more.getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
        } catch (IOException e) {
            // the browser went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.disconnect(client);
        }
    }
}
