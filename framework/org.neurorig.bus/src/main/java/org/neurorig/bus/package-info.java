/**
 * The NeuroRig bus: the wire format of docs/WIRE.md ({@link org.neurorig.bus.WireFormat},
 * {@link org.neurorig.bus.WireHeader}, {@link org.neurorig.bus.WireCodec}), continuity checking
 * ({@link org.neurorig.bus.SeqTracker}), the host's XSUB/XPUB proxy with its stream registry
 * ({@link org.neurorig.bus.BusProxy}), and the in-JVM hand-over that connects nodes: a
 * {@link org.neurorig.bus.StreamPublisher} hands its pooled blocks by reference through one
 * {@link org.neurorig.bus.Edge} queue per consumer to that consumer's
 * {@link org.neurorig.bus.InputPort}. 3.0.0: edges are queues, not endpoints (issue 13). 3.1.0:
 * {@link org.neurorig.bus.BusProxy#security} (CURVE off loopback).
 */
@Export
@Version("3.1.0")
package org.neurorig.bus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
