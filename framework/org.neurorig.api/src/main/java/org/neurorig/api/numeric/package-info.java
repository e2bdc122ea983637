/**
 * Small allocation-free numerics that several processing plugins need on their hot path, kept
 * here once instead of copied into each plugin. Apart from the plugin contract
 * ({@link org.neurorig.api}) and versioned on its own.
 */
@Export
@Version("1.0.0")
package org.neurorig.api.numeric;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
