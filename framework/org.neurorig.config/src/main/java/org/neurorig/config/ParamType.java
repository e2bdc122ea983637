package org.neurorig.config;

/** Value type of a configuration key, as in the node type's metatype definition. */
public enum ParamType {
    STRING,
    INTEGER,
    LONG,
    FLOAT,
    DOUBLE,
    BOOLEAN
}
