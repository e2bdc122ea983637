/**
 * File I/O that several bundles share, exported once instead of copied: NumPy {@code .npy} reading
 * and the headers the recorder writes ({@link org.neurorig.io.NpyFile}), the pacing and position of
 * a file player ({@link org.neurorig.io.FilePlayback}) and whole-file writes that a crash never
 * leaves half done ({@link org.neurorig.io.AtomicFile}).
 */
@Export
@Version("1.0.0")
package org.neurorig.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
