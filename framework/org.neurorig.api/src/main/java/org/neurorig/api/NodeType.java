package org.neurorig.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The one declaration of a node type, put on its component class beside {@code @Component}:
 * <pre>{@code
 * @Component(name = "filter.bandpass", configurationPid = "filter.bandpass", service = Processor.class, …)
 * @NodeType(type = "filter.bandpass", outputs = "out:CONTINUOUS_F32@=",
 *           inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32}, maxInputs = 1,
 *           constraints = {"lowHz < highHz", "highHz < input.rate / 2"})
 * }</pre>
 * A component property type: each element becomes the service property {@code neurorig.<element>}
 * ({@link NodeProperties}), which pipeline validation, the runtime, {@code neurorig types} and the
 * test kit all read. Kept at run time so the test kit can read it without OSGi. Ports stay
 * {@code port:KIND@RATE} strings because a component property type allows no nested annotations
 * and a port's kind and rate may refer to its input or to a key; they are parsed, with an error
 * naming the port, by every reading.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NodeType {
    /** Property names are {@code neurorig.} + the element name. */
    String PREFIX_ = "neurorig.";

    /** The type name used in pipeline files, e.g. {@code filter.bandpass}; also the factory PID. */
    String type();

    /**
     * Output ports, {@code port:KIND@RATE} ({@link NodeProperties#OUTPUTS}); none for a sink, and
     * {@code out:=@=} when a processor declares none.
     */
    String[] outputs() default {};

    /** Input kinds every input may have; empty = any. */
    Kind[] inputs() default {};

    /** The fewest inputs a processor or sink takes (a source takes none). */
    int minInputs() default 1;

    /** The most inputs it takes; {@link Integer#MAX_VALUE} = no limit. */
    int maxInputs() default Integer.MAX_VALUE;

    /** All inputs must have the same sample rate. */
    boolean sameRate() default false;

    /** How its inputs are delivered. */
    Delivery delivery() default Delivery.LOSSLESS;

    /** Milliseconds one call may run before the node counts as hung; 0 = the runtime's default. */
    long hangMillis() default 0;

    /** Keys whose values are file-system paths ({@link NodeProperties#PATHS}). */
    String[] paths() default {};

    /** Rules between keys ({@link NodeProperties#CONSTRAINTS}). */
    String[] constraints() default {};

    /** What the node is to the host besides its kind, e.g. {@code recorder} ({@link NodeProperties#ROLES}). */
    String[] roles() default {};

    /**
     * Former names of this type: pipeline files may still use them and are told the new name
     * ({@link NodeProperties#ALIASES}).
     */
    String[] aliases() default {};

    /** Delivery of a node's inputs. */
    enum Delivery {
        /** Back-pressure: the producer waits, nothing is dropped. */
        LOSSLESS,
        /** The newest data wins: a slow node misses blocks instead of slowing its producers. */
        LIVE
    }
}
