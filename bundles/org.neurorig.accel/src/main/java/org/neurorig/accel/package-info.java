/**
 * The accelerator: dense products (XᵀX, XᵀY, XW) on the best available device — an OpenCL GPU,
 * an OpenCL CPU (PoCL) or a Java thread pool — with every call reporting the device that
 * actually executed it, so that Aparapi's silent fallback to Java is visible.
 */
@Export
@Version("1.1.0")
package org.neurorig.accel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
