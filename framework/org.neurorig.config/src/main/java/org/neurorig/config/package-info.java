/**
 * Pipeline files: a YAML file naming nodes, their types, inputs and configuration is parsed and
 * validated against the installed node types into a {@link org.neurorig.config.Pipeline}, a graph
 * of typed {@link org.neurorig.config.NodeSpec}s in topological order. Every problem in a file is
 * reported at once as a {@link org.neurorig.config.PipelineError} ({@code file:line:col: message}).
 */
@Export
@Version("1.3.0")
package org.neurorig.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
