package org.neurorig.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule language on its own: what is fixed, what is judged, what is skipped. */
class NodeConstraintsTest {
    private static NodeType type(Role role, List<String> ports, String... rules) {
        List<ParamDef> params = List.of(
                new ParamDef("a", ParamType.DOUBLE, 0, false, List.of("1"), null, null, List.of(), "", null),
                new ParamDef("b", ParamType.INTEGER, 0, false, List.of("2"), null, null, List.of(), "", null),
                new ParamDef("kind", ParamType.STRING, 0, false, List.of("int16"), null, null, List.of(), "", null),
                new ParamDef("binMs", ParamType.DOUBLE, 0, false, List.of("50"), null, null, List.of(), "", null));
        return new NodeType(
                "t", role, params, ports.stream().map(PortDef::parse).toList(), null, false, null, List.of(rules));
    }

    @Test
    void keysThatPortsDeriveFromAreFixedWithTheDeclaredOnes() {
        NodeConstraints c = NodeConstraints.of(
                type(Role.SOURCE, List.of("x:config:kind@1000/config:binMs", "y:EVENTS@0"), "fixed: b"));
        assertThat(c.problems()).isEmpty();
        assertThat(c.fixedKeys()).containsExactlyInAnyOrder("kind", "binMs", "b");
        assertThat(c.isFixed("a")).isFalse();
    }

    @Test
    void productsQuotientsAndEveryComparison() {
        NodeConstraints c = NodeConstraints.of(type(
                Role.PROCESSOR, List.of(), "a * b <= 6", "a / b > 0.25", "a < input.rate / 2", "b >= 2", "a > -1e3"));
        assertThat(c.problems()).isEmpty();
        assertThat(c.check(Map.of("a", 3.0, "b", 2), 10)).isEmpty();
        assertThat(c.check(Map.of("a", 0.5, "b", 2), 10))
                .extracting(NodeConstraints.Violation::message)
                .containsExactly("needs a / b > 0.25, got a = 0.5, b = 2");
        assertThat(c.check(Map.of("a", 7.0, "b", 1), 10))
                .extracting(NodeConstraints.Violation::message)
                .containsExactly(
                        "needs a * b <= 6, got a = 7, b = 1",
                        "needs a < input.rate / 2, got a = 7," + " input.rate = 10",
                        "needs b >= 2, got b = 1");
    }

    @Test
    void whatIsUnknownIsNotJudged() {
        NodeConstraints c = NodeConstraints.of(type(Role.PROCESSOR, List.of(), "a < input.rate / 2", "a / b < 1"));
        assertThat(c.check(Map.of("a", 100.0), Double.NaN)).as("no rate, no b").isEmpty();
        assertThat(c.check(Map.of("a", 0.0, "b", 0), 1)).as("0/0").isEmpty();
        assertThat(c.check(Map.of("a", "7", "b", "2"), 10))
                .as("numbers as text, from ConfigAdmin or a form")
                .extracting(NodeConstraints.Violation::keys)
                .containsExactly(List.of("a"), List.of("a", "b"));
    }

    @Test
    void badDeclarationsAreProblemsAndCheckNothing() {
        NodeConstraints c = NodeConstraints.of(type(
                Role.PROCESSOR,
                List.of(),
                "a",
                "a < b < 3",
                "a + b < 3",
                "a * b * 2 < 3",
                "c < 1",
                "kind < 1",
                "a < 1e",
                "fixed: a, zz"));
        assertThat(c.problems())
                .containsExactly(
                        "bad constraint 'a': expected a comparison (<, <=, >, >=) or 'fixed: key, …'",
                        "bad constraint 'a < b < 3': more than one comparison",
                        "bad constraint 'a + b < 3': unexpected '+ b < 3'",
                        "bad constraint 'a * b * 2 < 3': expected 'operand' or 'operand * operand' or 'operand / operand'"
                                + " on each side, got 'a * b * 2'",
                        "bad constraint 'c < 1': 'c' is not a key of the type",
                        "bad constraint 'kind < 1': 'kind' is not a single number",
                        "bad constraint 'a < 1e': expected 'operand' or 'operand * operand' or 'operand / operand' on each"
                                + " side, got '1 e'",
                        "bad constraint 'fixed: a, zz': 'zz' is not a key of the type");
        assertThat(c.check(Map.of("a", 100.0, "b", 100), 10)).isEmpty();
        assertThat(c.fixedKeys()).isEmpty();
    }
}
