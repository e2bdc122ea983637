package org.neurorig.config;

import java.util.Objects;
import java.util.regex.Pattern;
import org.neurorig.api.Kind;

/**
 * An output port of a node type, declared as {@code port:KIND@RATE} in the
 * {@code neurorig.outputs} component property.
 *
 * @param port name of the port; the stream is {@code <node>.<port>}
 * @param kind a {@link Kind} name, {@code =} (kind of the first input) or {@code config:<key>} (the
 *             value of a configuration key: a kind name or an alias {@code int16} →
 *             {@code CONTINUOUS_I16}, {@code float32} → {@code CONTINUOUS_F32}, case-insensitive)
 * @param rate a number in Hz, {@code =} (rate of the first input), {@code config:<key>},
 *             {@code <number>/config:<key>} (the number divided by the key's value, e.g.
 *             {@code 1000/config:binMs} for bins of binMs milliseconds) or {@code ""} (unknown,
 *             not checked)
 */
public record PortDef(String port, String kind, String rate) {
    private static final Pattern PORT = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final String CONFIG = "config:";

    public PortDef {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(kind, "kind");
        rate = rate == null ? "" : rate;
        if (!PORT.matcher(port).matches()) {
            throw new IllegalArgumentException(
                    "bad output port name '" + port + "': use a letter then letters, digits, '_' or '-'");
        }
        if (!kind.equals("=") && !isConfigRef(kind) && !isKindName(kind)) {
            throw new IllegalArgumentException("bad kind '" + kind + "' of output port '" + port
                    + "': expected a kind name (e.g. CONTINUOUS_F32), '=' or 'config:<key>'");
        }
        if (!rate.isEmpty() && !rate.equals("=") && !isConfigRef(rate) && !isRate(rate) && !isQuotient(rate)) {
            throw new IllegalArgumentException("bad rate '" + rate + "' of output port '" + port
                    + "': expected a number of Hz, '=', 'config:<key>', '<number>/config:<key>' or nothing");
        }
    }

    /**
     * Parses {@code port:KIND@RATE}, e.g. {@code out:=@=}, {@code ap:CONTINUOUS_I16@config:rate},
     * {@code bins:MATRIX_F32@1000/config:binMs}, {@code ttl:EVENTS@0}; {@code @RATE} may be left
     * out (rate unknown).
     *
     * @throws IllegalArgumentException naming the text at fault
     */
    public static PortDef parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("bad output port '" + text
                    + "': expected port:KIND@RATE, e.g. out:=@= or ap:CONTINUOUS_I16@config:rate");
        }
        String rest = text.substring(colon + 1);
        int at = rest.indexOf('@');
        String kind = at < 0 ? rest : rest.substring(0, at);
        String rate = at < 0 ? "" : rest.substring(at + 1);
        return new PortDef(text.substring(0, colon).trim(), kind.trim(), rate.trim());
    }

    /** The port as declared: {@code port:KIND@RATE}, or {@code port:KIND} when the rate is unknown. */
    @Override
    public String toString() {
        return port + ":" + kind + (rate.isEmpty() ? "" : "@" + rate);
    }

    /** For a rate {@code <number>/config:<key>}: the number; NaN for any other form. */
    public double rateNumerator() {
        int slash = rate.indexOf('/');
        return slash > 0 && isQuotient(rate) ? Double.parseDouble(rate.substring(0, slash)) : Double.NaN;
    }

    /**
     * The configuration key a rate refers to ({@code config:<key>} or {@code <number>/config:<key>}),
     * or null.
     */
    public String rateKey() {
        String ref = rate.substring(rate.indexOf('/') + 1);
        return isConfigRef(ref) ? ref.substring(CONFIG.length()) : null;
    }

    private static boolean isQuotient(String s) {
        int slash = s.indexOf('/');
        return slash > 0 && isRate(s.substring(0, slash)) && isConfigRef(s.substring(slash + 1));
    }

    private static boolean isConfigRef(String s) {
        return s.startsWith(CONFIG) && s.length() > CONFIG.length();
    }

    private static boolean isKindName(String s) {
        for (Kind k : Kind.values()) {
            if (k.name().equals(s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRate(String s) {
        try {
            double d = Double.parseDouble(s);
            return d >= 0 && !Double.isInfinite(d);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
