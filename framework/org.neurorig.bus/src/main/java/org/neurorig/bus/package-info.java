/**
 * The NeuroRig bus: the wire format of docs/WIRE.md ({@link org.neurorig.bus.WireFormat},
 * {@link org.neurorig.bus.WireHeader}, {@link org.neurorig.bus.WireCodec}), continuity checking
 * ({@link org.neurorig.bus.SeqTracker}), the host's XSUB/XPUB proxy with its stream registry
 * ({@link org.neurorig.bus.BusProxy}) and the sockets that connect nodes.
 */
@Export
@Version("2.0.0")
package org.neurorig.bus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
