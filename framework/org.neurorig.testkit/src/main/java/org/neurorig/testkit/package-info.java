/**
 * Run a NeuroRig {@link org.neurorig.api.Source}, {@link org.neurorig.api.Processor} or
 * {@link org.neurorig.api.Sink} headless: synchronously, on the calling thread, without OSGi.
 * {@link org.neurorig.testkit.Harness} drives a node, {@link org.neurorig.testkit.CollectingEmitter}
 * keeps copies of what it emitted, the fake sources produce deterministic data, and
 * {@link org.neurorig.testkit.Blocks} / {@link org.neurorig.testkit.BlockAssert} build inputs and
 * check outputs. Failures are {@link java.lang.AssertionError}s, so any test framework works.
 */
@Export
@Version("1.1.0")
package org.neurorig.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
