/**
 * The NeuroRig plugin contract: stream descriptors, sample blocks and the three node roles
 * ({@link org.neurorig.api.Source}, {@link org.neurorig.api.Processor}, {@link org.neurorig.api.Sink}).
 * This package has no dependencies so that vendors can compile against it alone.
 */
@Export
@Version("2.0.0")
package org.neurorig.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
