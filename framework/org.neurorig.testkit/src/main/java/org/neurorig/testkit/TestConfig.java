package org.neurorig.testkit;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Makes an instance of a component's configuration type (a metatype {@code @interface}) without
 * OSGi, so a test can call {@code activate(config)} directly. Keys are the type's method names;
 * keys not given take the method's declared default. Numbers and strings are converted to the
 * method's return type the way Declarative Services does (an {@code Integer} for a {@code double}
 * key, {@code "2.5"} for a {@code double}, …). A given value outside the key's metatype
 * {@code min}/{@code max} or {@code options} is refused as pipeline validation refuses it.
 *
 * <pre>{@code GainFilterConfig c = TestConfig.of(GainFilterConfig.class, "gain", 2.0);}</pre>
 */
public final class TestConfig {
    private TestConfig() {}

    /** A config instance with the given {@code key, value, key, value, …} pairs. */
    public static <T> T of(Class<T> type, Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("TestConfig.of(" + type.getSimpleName()
                    + "): keys and values must come in pairs, got " + keyValues.length + " arguments");
        }
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        return of(type, values);
    }

    /** A config instance with the given values; keys not given take their declared defaults. */
    public static <T> T of(Class<T> type, Map<String, ?> values) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface or annotation type");
        }
        Map<String, Object> resolved = new HashMap<>();
        TreeSet<String> keys = new TreeSet<>();
        for (Method m : type.getDeclaredMethods()) {
            if (m.getParameterCount() == 0 && !m.isDefault()) {
                keys.add(m.getName());
            }
        }
        for (String key : values.keySet()) {
            if (!keys.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown key '" + key + "' for " + type.getSimpleName() + "; known keys: " + keys);
            }
        }
        Map<String, MetatypeLimits.Limits> limits = MetatypeLimits.of(type);
        for (Method m : type.getDeclaredMethods()) {
            if (!keys.contains(m.getName())) {
                continue;
            }
            Object v =
                    values.containsKey(m.getName()) ? convert(type, m, values.get(m.getName())) : m.getDefaultValue();
            if (values.containsKey(m.getName()) && limits.containsKey(m.getName())) {
                checkLimits(type, m.getName(), v, values.get(m.getName()), limits.get(m.getName()));
            }
            if (v == null) {
                throw new IllegalArgumentException(
                        "key '" + m.getName() + "' of " + type.getSimpleName() + " has no default and was not given");
            }
            resolved.put(m.getName(), v);
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return type.getSimpleName() + resolved;
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return resolved.hashCode();
                    }
                    break;
                case "equals":
                    if (method.getParameterCount() == 1) {
                        return p == args[0];
                    }
                    break;
                case "annotationType":
                    if (method.getParameterCount() == 0) {
                        return type;
                    }
                    break;
                default:
                    break;
            }
            if (resolved.containsKey(method.getName())) {
                return resolved.get(method.getName());
            }
            throw new UnsupportedOperationException(method.toString());
        });
        return type.cast(proxy);
    }

    /**
     * The checks and wording of pipeline validation (config's ConfigCheck) for one given value
     * {@code v}, shown as the test gave it ({@code given}).
     */
    private static void checkLimits(Class<?> type, String key, Object v, Object given, MetatypeLimits.Limits l) {
        if (v instanceof Number n && (l.min() != null || l.max() != null)) {
            double d = n.doubleValue();
            if (l.min() != null && d < Double.parseDouble(l.min())
                    || l.max() != null && d > Double.parseDouble(l.max())) {
                String range = l.min() != null && l.max() != null
                        ? l.min() + ".." + l.max()
                        : l.min() != null ? "at least " + l.min() : "at most " + l.max();
                throw new IllegalArgumentException(type.getSimpleName() + ": value " + given + " for '" + key
                        + "' is out of range: expected " + range);
            }
        }
        if (!l.options().isEmpty()
                && v != null
                && !v.getClass().isArray()
                && !l.options().contains(String.valueOf(v))) {
            throw new IllegalArgumentException(type.getSimpleName() + ": value '" + given + "' for '" + key
                    + "' is not one of: " + String.join(", ", l.options()));
        }
    }

    private static Object convert(Class<?> type, Method m, Object v) {
        Class<?> t = m.getReturnType();
        try {
            if (t == String.class) {
                return String.valueOf(v);
            }
            if (v instanceof Number n) {
                if (t == int.class) {
                    return n.intValue();
                } else if (t == long.class) {
                    return n.longValue();
                } else if (t == double.class) {
                    return n.doubleValue();
                } else if (t == float.class) {
                    return n.floatValue();
                } else if (t == short.class) {
                    return n.shortValue();
                } else if (t == byte.class) {
                    return n.byteValue();
                }
            }
            if (v instanceof String s) {
                if (t == int.class) {
                    return Integer.parseInt(s.trim());
                } else if (t == long.class) {
                    return Long.parseLong(s.trim());
                } else if (t == double.class) {
                    return Double.parseDouble(s.trim());
                } else if (t == float.class) {
                    return Float.parseFloat(s.trim());
                } else if (t == boolean.class) {
                    return Boolean.parseBoolean(s.trim());
                }
            }
            if (t == boolean.class && v instanceof Boolean) {
                return v;
            }
            if (t.isArray() && t.getComponentType() == String.class && v instanceof String[] a) {
                return a.clone();
            }
            if (t.isInstance(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "key '" + m.getName() + "' of " + type.getSimpleName() + ": '" + v + "' is not a "
                            + t.getSimpleName(),
                    e);
        }
        throw new IllegalArgumentException("key '" + m.getName() + "' of " + type.getSimpleName() + ": "
                + (v == null
                        ? "null"
                        : v.getClass().getSimpleName() + " "
                                + (v.getClass().isArray() ? Arrays.deepToString(new Object[] {v}) : v))
                + " does not fit " + t.getSimpleName());
    }
}
