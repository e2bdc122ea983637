package org.neurorig.testkit;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.Sink;
import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;
import org.neurorig.config.NodeTypeReader;
import org.neurorig.config.Role;

/**
 * A component class's {@link NodeType} declaration read without OSGi, through the same
 * {@link NodeTypeReader} as the host's catalog: the {@link Harness} checks a node's inputs against
 * it before {@code prepare}, as the runtime does, so a test sees the runtime's message.
 */
public final class DeclaredNodeType {
    private DeclaredNodeType() {}

    /**
     * The declared type of {@code componentClass} (without its configuration keys, which live in
     * the metatype the build generates); {@code null} when the class has no {@code @NodeType}.
     *
     * @throws IllegalArgumentException when the declaration cannot make a type (e.g. a bad port)
     */
    public static org.neurorig.config.NodeType of(Class<?> componentClass) {
        NodeType declared = componentClass.getAnnotation(NodeType.class);
        if (declared == null) {
            return null;
        }
        Role role = Source.class.isAssignableFrom(componentClass)
                ? Role.SOURCE
                : Processor.class.isAssignableFrom(componentClass)
                        ? Role.PROCESSOR
                        : Sink.class.isAssignableFrom(componentClass) ? Role.SINK : null;
        if (role == null) {
            throw new IllegalArgumentException(
                    componentClass.getName() + " declares @NodeType but is none of" + " Source, Processor, Sink");
        }
        return NodeTypeReader.read(
                declared.type(),
                role,
                properties(declared),
                List.of(),
                new org.neurorig.config.NodeType.Origin("", "", componentClass.getName()),
                why -> {
                    if (!why.contains(" is not one of its keys")) { // keys are unknown here, not wrong
                        throw new IllegalArgumentException(componentClass.getName() + ": " + why);
                    }
                });
    }

    /** The component properties the annotation stands for, named as DS names them ({@code neurorig.<element>}). */
    static Map<String, Object> properties(Annotation declared) {
        Map<String, Object> props = new HashMap<>();
        for (Method m : declared.annotationType().getDeclaredMethods()) {
            try {
                Object v = m.invoke(declared);
                if (v instanceof Enum<?>[] enums) {
                    String[] names = new String[enums.length];
                    for (int i = 0; i < enums.length; i++) {
                        names[i] = enums[i].name();
                    }
                    v = names;
                } else if (v instanceof Enum<?> e) {
                    v = e.name();
                }
                props.put(NodeType.PREFIX_ + m.getName(), v);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + m, e);
            }
        }
        return props;
    }

    /** Checks {@code inputs} against {@code node}'s declaration, if its class has one. */
    static void checkInputs(Object node, List<StreamSpec> inputs) {
        org.neurorig.config.NodeType type = of(node.getClass());
        if (type != null) {
            type.checkInputs(Harness.nameOf(node), inputs);
        }
    }
}
