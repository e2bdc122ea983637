package org.neurorig.web;

/**
 * The browsers watching this host, as seen by view nodes. Views decimate server-side and hand over
 * at most a screen's worth of frames (≤ 60 per second); the web bundle queues each frame per
 * browser and a browser that cannot keep up loses frames (counted), so a slow or stalled page never
 * holds up a view node, and a view node never holds up acquisition.
 */
public interface LiveFrames {
    /** True when at least one browser is connected; views skip building frames otherwise. */
    boolean watched();

    /**
     * Queues one frame for every connected browser. Never blocks and never throws.
     *
     * @param view the view node's name (the page routes the frame to its panel)
     * @param json the frame, a JSON object text
     */
    void publish(String view, String json);
}
