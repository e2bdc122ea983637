package org.neurorig.web.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Component;

/**
 * Jetty's answer to requests it refuses before any servlet sees them (no {@code Host}, a malformed
 * URI or header, a header too large) is the API's JSON {@code {"error", "detail"}} too, not an HTML
 * page. Felix's Jetty hands its {@link Server} only to connector factories, so this is one: each
 * time Jetty starts it installs the JSON error handler, and gives back a connector that never
 * starts (no socket, no thread), since Felix takes nothing but a {@link ServerConnector}.
 */
@Component(service = ConnectorFactory.class)
public final class ServerErrorPages implements ConnectorFactory {
    @Override
    public Connector createConnector(Server server) {
        server.setErrorHandler(new JsonErrorHandler());
        InertConnector c = new InertConnector(server);
        c.setHost("127.0.0.1"); // Felix lists every connector's address among its endpoints
        return c;
    }

    /** A connector that does nothing when started: it exists only to be handed back to Felix. */
    static final class InertConnector extends ServerConnector {
        InertConnector(Server server) {
            super(server);
        }

        @Override
        protected void doStart() {
            // opens no socket and starts no thread
        }

        @Override
        protected void doStop() {
            // nothing was started
        }
    }

    /** Writes every error as JSON, for every method (Jetty's default gives PUT and DELETE no body). */
    static final class JsonErrorHandler extends ErrorHandler {
        JsonErrorHandler() {
            setShowStacks(false);
        }

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateResponse(
                Request request, Response response, int code, String message, Throwable cause, Callback callback) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", ErrorPageServlet.errorName(code));
            m.put(
                    "detail",
                    request.getMethod() + " " + request.getHttpURI().getPathQuery()
                            + (message == null || message.isBlank() ? "" : ": " + message));
            byte[] body = RigControl.toJson(m).getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
