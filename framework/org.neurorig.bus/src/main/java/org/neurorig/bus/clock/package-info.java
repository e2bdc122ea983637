/**
 * Clock synchronisation between hosts (issue 14 part 3): {@link org.neurorig.bus.clock.ClockSync}
 * estimates a host's offset to the coordinator's clock from NTP-style exchanges carried by the
 * control channel, and {@link org.neurorig.bus.clock.ClockEstimate} converts local times to the rig
 * clock. Socket-free: the caller moves the messages of docs/WIRE.md §11 and reads the clocks.
 */
@Export
@Version("1.0.0")
package org.neurorig.bus.clock;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
