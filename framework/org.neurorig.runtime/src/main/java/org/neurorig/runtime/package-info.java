/**
 * Running pipelines: start a validated pipeline, watch its nodes and streams, stop it without losing
 * what is in flight. The web API and the command line use this package; plugins never need it.
 */
@Export
@Version("2.0.0")
package org.neurorig.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
