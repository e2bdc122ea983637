package org.neurorig.plugin.views.internal;

import java.util.ArrayList;
import java.util.List;
import org.neurorig.web.LiveFrames;

/** A watched page that keeps every frame. */
final class CollectingFrames implements LiveFrames {
    final List<String> frames = new ArrayList<>();
    boolean watched = true;

    @Override
    public boolean watched() {
        return watched;
    }

    @Override
    public void publish(String view, String json) {
        frames.add(json);
    }
}
