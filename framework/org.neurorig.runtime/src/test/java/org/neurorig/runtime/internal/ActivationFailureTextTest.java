package org.neurorig.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one line a node's failed activation is reported with, taken from the failure text SCR keeps. */
class ActivationFailureTextTest {
    @Test
    void anExceptionThrownByActivateIsNamedWithItsMessage() {
        String scr =
                """
                java.lang.IllegalStateException: gain table missing
                \tat org.example.Gain.activate(Gain.java:30)
                \tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)
                """;
        assertThat(ComponentFailures.firstCause(scr)).isEqualTo("IllegalStateException: gain table missing");
    }

    @Test
    void aConstructorFailureIsNamedByItsInnermostCause() {
        String scr =
                """
                java.lang.reflect.InvocationTargetException
                \tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)
                Caused by: java.lang.RuntimeException: wrapped
                \t... 3 more
                Caused by: java.lang.IllegalArgumentException: lowHz 500.0 must be below highHz 300.0
                \tat org.neurorig.plugin.filter.internal.BandpassFilter.check(BandpassFilter.java:46)
                \t... 43 more
                """;
        assertThat(ComponentFailures.firstCause(scr))
                .isEqualTo("IllegalArgumentException: lowHz 500.0 must be below highHz 300.0");
    }

    @Test
    void anExceptionWithoutMessageKeepsItsName() {
        assertThat(ComponentFailures.firstCause("java.lang.NullPointerException\n\tat a.B.c(B.java:1)\n"))
                .isEqualTo("NullPointerException");
        assertThat(ComponentFailures.firstCause("")).isEqualTo("(no message)");
    }
}
