package org.neurorig.config;

import java.util.Collection;
import java.util.Optional;

/**
 * The node types a pipeline file may name. Inside the OSGi host this is a service listing the
 * installed node components; tests build one in memory.
 */
public interface NodeTypeCatalog {
    /** The type named {@code typeName}, if installed. */
    Optional<NodeType> find(String typeName);

    /** All installed types. */
    Collection<NodeType> all();
}
