/**
 * The {@code neurorig COMMAND …} contract: bundles register {@link org.neurorig.command.Command}
 * services, the launcher runs them. This package is on the launcher's class path and exported by
 * the system bundle (never installed as a bundle), so the launcher and every bundle see the same
 * {@code Command} class.
 */
@Export
@Version("1.0.0")
package org.neurorig.command;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
