package org.neurorig.bus;

/** Delivery class of one consumer of a stream (DESIGN §5). */
public enum Delivery {
    /** Back-pressure, never drops: recorders, models being fitted, filters in the chain. */
    LOSSLESS,
    /** May drop when behind, so that a slow consumer never stalls acquisition: views, monitors. */
    LIVE
}
