/**
 * Encoding models and decoders fitted online: {@link org.neurorig.plugin.models.RidgeFit} is the
 * result of a cross-validated ridge regression that other bundles (feature-set comparison,
 * decoders, views) can read; {@link org.neurorig.plugin.models.OfflineRidge} fits one outside a
 * pipeline.
 */
@Export
@Version("1.1.0")
package org.neurorig.plugin.models;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
