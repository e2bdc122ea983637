package org.neurorig.config.internal;

import java.util.Locale;
import org.neurorig.api.Kind;

/** Stream kinds as users write them in configuration: a kind name or a short alias. */
final class KindNames {
    /** Shown in messages about a bad kind value. */
    static final String EXPECTED = "int16, float32 or a kind name such as CONTINUOUS_F32";

    private KindNames() {}

    /**
     * The kind named {@code text}, case-insensitive: {@code int16} → CONTINUOUS_I16,
     * {@code float32} → CONTINUOUS_F32, or a {@link Kind} name; {@code null} when none matches.
     */
    static Kind parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("INT16")) {
            return Kind.CONTINUOUS_I16;
        }
        if (t.equals("FLOAT32")) {
            return Kind.CONTINUOUS_F32;
        }
        for (Kind k : Kind.values()) {
            if (k.name().equals(t)) {
                return k;
            }
        }
        return null;
    }
}
