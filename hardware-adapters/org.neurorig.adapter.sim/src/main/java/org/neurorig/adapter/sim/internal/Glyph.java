package org.neurorig.adapter.sim.internal;

import java.util.List;

/**
 * A character as the pen writes it: strokes in writing order, each a polyline of points
 * {@code x0, y0, x1, y1, …} in a unit box (y up). Between strokes the pen is lifted.
 */
record Glyph(String name, List<float[]> strokes) {

    /** The built-in set of {@code sim.handwriting}: 15 lowercase letters of one to three strokes. */
    static List<Glyph> builtIn() {
        return List.of(
                glyph("a", s(.8f, .6f, .5f, .8f, .2f, .6f, .2f, .3f, .5f, .1f, .8f, .3f), s(.8f, .8f, .8f, .1f)),
                glyph("b", s(.2f, 1f, .2f, .1f), s(.2f, .5f, .5f, .6f, .8f, .4f, .5f, .1f, .2f, .1f)),
                glyph("c", s(.8f, .7f, .5f, .8f, .2f, .6f, .2f, .3f, .5f, .1f, .8f, .2f)),
                glyph("d", s(.8f, .5f, .5f, .6f, .2f, .4f, .5f, .1f, .8f, .1f), s(.8f, 1f, .8f, .1f)),
                glyph("e", s(.2f, .45f, .8f, .45f, .6f, .8f, .3f, .75f, .2f, .4f, .4f, .1f, .8f, .15f)),
                glyph("h", s(.2f, 1f, .2f, .1f), s(.2f, .5f, .5f, .7f, .8f, .5f, .8f, .1f)),
                glyph("k", s(.2f, 1f, .2f, .1f), s(.8f, .8f, .2f, .4f, .8f, .1f)),
                glyph("l", s(.5f, 1f, .5f, .1f)),
                glyph(
                        "m",
                        s(.1f, .8f, .1f, .1f),
                        s(.1f, .6f, .3f, .8f, .5f, .6f, .5f, .1f),
                        s(.5f, .6f, .7f, .8f, .9f, .6f, .9f, .1f)),
                glyph("n", s(.2f, .8f, .2f, .1f), s(.2f, .6f, .5f, .8f, .8f, .6f, .8f, .1f)),
                glyph("o", s(.5f, .8f, .2f, .6f, .2f, .3f, .5f, .1f, .8f, .3f, .8f, .6f, .5f, .8f)),
                glyph("t", s(.5f, 1f, .5f, .1f), s(.2f, .7f, .8f, .7f)),
                glyph("v", s(.2f, .8f, .5f, .1f, .8f, .8f)),
                glyph("x", s(.2f, .8f, .8f, .1f), s(.8f, .8f, .2f, .1f)),
                glyph("z", s(.2f, .8f, .8f, .8f, .2f, .1f, .8f, .1f)));
    }

    private static Glyph glyph(String name, float[]... strokes) {
        return new Glyph(name, List.of(strokes));
    }

    private static float[] s(float... xy) {
        return xy;
    }
}
