package org.neurorig.web.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.neurorig.web.LiveFrames;
import org.osgi.service.component.annotations.Component;

/**
 * The browsers connected to {@code /api/live}: view nodes publish frames here, each browser's
 * servlet thread drains its own {@link LiveClient}. Publishing costs one queue offer per browser.
 */
@Component(service = {LiveFrames.class, LiveHub.class})
public final class LiveHub implements LiveFrames {
    /** More browsers than this are refused (503): each one holds a server thread. */
    static final int MAX_CLIENTS = 16;

    private final List<LiveClient> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong droppedByGone = new AtomicLong();

    @Override
    public boolean watched() {
        return !clients.isEmpty();
    }

    @Override
    public void publish(String view, String json) {
        if (clients.isEmpty() || json == null) {
            return;
        }
        published.incrementAndGet();
        String event = "event: frame\ndata: " + json + "\n\n";
        for (LiveClient c : clients) {
            c.offer(event);
        }
    }

    /** Sends a named event (status, message) to every browser. */
    void broadcast(String name, String json) {
        String event = "event: " + name + "\ndata: " + json + "\n\n";
        for (LiveClient c : clients) {
            c.offer(event);
        }
    }

    /** A new browser, or null when {@link #MAX_CLIENTS} are connected. */
    synchronized LiveClient connect() {
        if (clients.size() >= MAX_CLIENTS) {
            return null;
        }
        LiveClient c = new LiveClient(ids.incrementAndGet());
        clients.add(c);
        return c;
    }

    void disconnect(LiveClient c) {
        if (clients.remove(c)) {
            droppedByGone.addAndGet(c.dropped());
        }
    }

    int clientCount() {
        return clients.size();
    }

    long framesPublished() {
        return published.get();
    }

    /** Frames not delivered to some browser because it did not keep up, over all browsers ever. */
    long framesDropped() {
        long d = droppedByGone.get();
        for (LiveClient c : clients) {
            d += c.dropped();
        }
        return d;
    }
}
