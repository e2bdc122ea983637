/**
 * What view nodes use to reach the browsers: {@link org.neurorig.web.LiveFrames}, a never-blocking
 * hand-off of decimated frames that the web bundle pushes to each page over Server-Sent Events.
 */
@Export
@Version("1.0.0")
package org.neurorig.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
