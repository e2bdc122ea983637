package org.neurorig.config;

/** What a node type does in a pipeline: produce streams, transform them, or consume them. */
public enum Role {
    /** Implements {@code org.neurorig.api.Source}: has no {@code in}, has outputs. */
    SOURCE,
    /** Implements {@code org.neurorig.api.Processor}: needs {@code in}, has outputs. */
    PROCESSOR,
    /** Implements {@code org.neurorig.api.Sink}: needs {@code in}, has no outputs. */
    SINK
}
