package org.neurorig.plugin.python.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of a {@code python} node. The Python class's own settings travel in {@code params}
 * (a JSON object): a pipeline file may only carry keys a type declares.
 */
@ObjectClassDefinition(name = "python", description = "A processor written in Python, run in a child process")
public @interface PythonNodeConfig {
    @AttributeDefinition(description = "The node's Python module: NAME or NAME:Class")
    String module();

    @AttributeDefinition(
            description = "Folder put first on the child's sys.path to find the module (relative: to the working"
                    + " directory); empty = none",
            required = false)
    String path() default "";

    @AttributeDefinition(description = "The Python interpreter: a command on PATH or a file")
    String python() default "python3";

    @AttributeDefinition(description = "JSON object given to the node's prepare as its config", required = false)
    String params() default "{}";

    @AttributeDefinition(
            description = "Milliseconds the child may take to start and prepare",
            min = "100",
            max = "600000")
    long timeoutMillis() default 10000;
}
