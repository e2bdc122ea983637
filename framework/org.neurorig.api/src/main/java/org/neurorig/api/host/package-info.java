/**
 * For the host only (runtime, bus, test kit): what it stamps on blocks that nodes must not change.
 * Plugins and adapters never import this package; they compile against {@link org.neurorig.api}.
 */
@Export
@Version("1.1.0")
package org.neurorig.api.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
