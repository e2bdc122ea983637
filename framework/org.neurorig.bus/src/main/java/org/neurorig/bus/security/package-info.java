/**
 * CURVE on the host's ZeroMQ endpoints off loopback (docs/WIRE.md §1.2): the host's key pair and
 * the allow-list of peers' public keys under {@code conf/keys/}, a ZAP handler that admits only
 * those peers, and the socket options a server or client endpoint needs
 * ({@link org.neurorig.bus.security.CurveSecurity}).
 */
@Export
@Version("1.0.0")
package org.neurorig.bus.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
