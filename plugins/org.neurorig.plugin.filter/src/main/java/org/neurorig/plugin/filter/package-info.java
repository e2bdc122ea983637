/**
 * Digital filter design and multichannel filtering, usable outside the pipeline nodes of this
 * bundle: Butterworth and notch designs that match SciPy's {@code butter(..., output='sos')} and
 * {@code iirnotch}, and {@link org.neurorig.plugin.filter.SosFilterBank}, a cascade of
 * second-order sections with per-channel state for interleaved sample blocks.
 */
@Export
@Version("1.0.0")
package org.neurorig.plugin.filter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
