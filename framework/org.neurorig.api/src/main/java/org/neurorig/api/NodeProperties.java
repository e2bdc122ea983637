package org.neurorig.api;

/**
 * Service properties by which node components declare themselves to the runtime and to pipeline
 * validation. A component sets them through its {@link NodeType} annotation, not by hand.
 */
public final class NodeProperties {
    /** The type name used in pipeline files, e.g. {@code filter.bandpass}. Also the factory PID. */
    public static final String TYPE = "neurorig.type";
    /** Set by the runtime on each node's configuration: the node's name in the pipeline. */
    public static final String NODE = "neurorig.node";
    /**
     * Output ports as {@code port:KIND@RATE} strings. KIND is a {@link Kind} name or {@code =} for
     * the kind of the first input; RATE is a number, {@code =} for the first input's rate, or
     * {@code config:<key>} for a configuration value. Default for processors: {@code out:=@=}.
     */
    public static final String OUTPUTS = "neurorig.outputs";
    /** Input kinds a node accepts ({@link Kind} names); absent = any. */
    public static final String INPUTS = "neurorig.inputs";
    /** The fewest inputs a processor or sink takes (default 1). */
    public static final String MIN_INPUTS = "neurorig.minInputs";
    /** The most inputs a processor or sink takes (default: no limit). */
    public static final String MAX_INPUTS = "neurorig.maxInputs";
    /** {@code true} when all inputs must have the same sample rate. */
    public static final String SAME_RATE = "neurorig.sameRate";
    /** {@code lossless} (default; back-pressure, never drops) or {@code live} (may drop). */
    public static final String DELIVERY = "neurorig.delivery";
    /**
     * Milliseconds one call may run before the node counts as hung (default: the runtime's, 2 s).
     * Nodes that legitimately compute for longer inside a call, such as a model fit, raise it.
     */
    public static final String HANG_MILLIS = "neurorig.hangMillis";
    /**
     * The configuration keys whose values are file-system paths (files or folders the node reads or
     * writes). Values for them that come from the web API are confined to the folders the operator
     * allows (docs/API.md); pipeline files on the command line are the operator's own.
     */
    public static final String PATHS = "neurorig.paths";
    /**
     * Rules between configuration keys, one per value, checked by pipeline validation and by live
     * changes: a comparison such as {@code lowHz < highHz}, {@code highHz < input.rate / 2} or
     * {@code channels * blockSamples <= 1048576}, or {@code fixed: channels, blockSamples} for keys
     * that set an output stream's shape and so cannot change while the node runs
     * ({@code docs/PIPELINES.md}).
     */
    public static final String CONSTRAINTS = "neurorig.constraints";
    /** Former type names that pipeline files may still use; validation names the current one in a warning. */
    public static final String ALIASES = "neurorig.aliases";
    /**
     * What a node type is for, beside being a source, processor or sink, so that the framework can
     * ask for "a recorder" without knowing any plugin's type name. One role per value. Known roles:
     * {@code recorder}, a sink that writes every stream of the kinds it accepts under its key
     * {@code dir} ({@code run --record} and live recording add one to a running pipeline).
     */
    public static final String ROLES = "neurorig.roles";

    private NodeProperties() {}
}
