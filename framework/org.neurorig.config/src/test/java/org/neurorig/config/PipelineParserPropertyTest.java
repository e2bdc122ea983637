package org.neurorig.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Whatever text it gets, the parser answers with a {@link Pipeline} or a {@link PipelineException}
 * whose every error has a position (line and column ≥ 1) and a message: never another exception,
 * never a hang. Inputs: (a) random text and bytes, (b) random YAML structures shaped like pipelines
 * over the real node types, (c) the example pipelines with lines deleted, duplicated, swapped,
 * re-indented, values replaced and odd characters inserted. A failure names jqwik's seed (rerun
 * with {@code @Property(seed = "…")}) and the input.
 */
class PipelineParserPropertyTest {
    /** Generous for a loaded CI machine; a file of a few hundred bytes parses in well under a millisecond. */
    private static final long TRY_MILLIS = 5_000;

    private static final NodeTypeCatalog CATALOG = new FixedNodeTypeCatalog();
    private static final PipelineParser PARSER = new PipelineParser(CATALOG);
    private static final List<String> TYPES =
            CATALOG.all().stream().map(NodeType::name).toList();
    /** Values that have broken parsers: limits, overflow, YAML's special scalars, odd text. */
    private static final List<String> ODD_VALUES = List.of(
            "0",
            "-1",
            "1",
            "0.5",
            "-0",
            "1e15",
            "1e400",
            "-1e400",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "NaN",
            ".nan",
            ".inf",
            "-.inf",
            "0x1F",
            "1_000",
            "~",
            "null",
            "true",
            "false",
            "yes",
            "int16",
            "float32",
            "",
            " ",
            "a b",
            "é",
            "\u0000",
            "\uFFFD",
            "😀",
            "'",
            "\"",
            "[",
            "]",
            "{",
            "}",
            ":",
            "- x",
            "&a",
            "*a",
            "!!str",
            "%",
            "@",
            "`",
            "#",
            "|",
            ">",
            "? x",
            "<<",
            "1000/0",
            "input.rate",
            "sig.out",
            "probe.ap",
            "a.b.c",
            ".",
            "x.");

    private static ExecutorService worker = newWorker();

    @Property(tries = 10_000)
    void randomTextAndBytes(@ForAll("noise") String text) {
        check(text);
    }

    @Property(tries = 10_000)
    void randomPipelineShapedStructures(@ForAll long seed) {
        Random r = new Random(seed);
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.values()[r.nextInt(DumperOptions.FlowStyle.values().length)]);
        o.setAllowUnicode(r.nextBoolean());
        check(new Yaml(o).dump(pipeline(r)));
    }

    @Property(tries = 10_000)
    void mutatedExamplePipelines(@ForAll("examples") String example, @ForAll long seed) {
        check(mutate(example, new Random(seed)));
    }

    @Provide
    Arbitrary<String> noise() {
        Arbitrary<String> yamlish = Arbitraries.strings()
                .withChars("{}[]:,-#&*!|>'\"%@` \n\t.?~0123456789abcnodestype")
                .ofMaxLength(200);
        Arbitrary<String> bytes =
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(b -> new String(b, StandardCharsets.UTF_8));
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200), yamlish, bytes);
    }

    @Provide
    Arbitrary<String> examples() throws Exception {
        List<String> texts = new ArrayList<>();
        // the repository's example pipelines (they validate in the launcher's ExamplePipelinesTest)
        try (Stream<Path> files = Files.list(Path.of("../../launcher/examples"))) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                texts.add(Files.readString(p));
            }
        }
        assertThat(texts).as("example pipelines").isNotEmpty();
        return Arbitraries.of(texts);
    }

    /** Parses on a worker thread, so that a hang fails the try instead of the build. */
    private static void check(String text) {
        Future<Object> answer = worker.submit(() -> {
            try {
                return PARSER.parse("p.yaml", text);
            } catch (PipelineException e) {
                return e;
            }
        });
        Object result;
        try {
            result = answer.get(TRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            worker = newWorker(); // the old one may never come back
            throw new AssertionError("no answer within " + TRY_MILLIS + " ms for:\n" + text);
        } catch (ExecutionException e) {
            throw new AssertionError("parse threw " + e.getCause() + " for:\n" + text, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (result instanceof PipelineException e) {
            assertThat(e.errors()).as("errors for:\n" + text).isNotEmpty().allSatisfy(err -> {
                assertThat(err.file()).isEqualTo("p.yaml");
                assertThat(err.line()).as(err + " for:\n" + text).isPositive();
                assertThat(err.column()).as(err + " for:\n" + text).isPositive();
                assertThat(err.message()).as(err + " for:\n" + text).isNotBlank();
            });
        } else {
            assertThat(((Pipeline) result).nodes())
                    .as("a valid pipeline has nodes:\n" + text)
                    .isNotEmpty();
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "pipeline-parser-property");
            t.setDaemon(true);
            return t;
        });
    }

    // (b) pipeline-shaped structures: mostly right, sometimes anything, at every level

    private static Object pipeline(Random r) {
        if (r.nextInt(20) == 0) {
            return anything(r, 3);
        }
        Map<Object, Object> top = new LinkedHashMap<>();
        if (r.nextInt(4) > 0) {
            top.put("name", r.nextInt(5) > 0 ? ident(r) : anything(r, 1));
        }
        List<String> names = new ArrayList<>();
        for (int i = r.nextInt(7); i > 0; i--) {
            names.add(r.nextInt(12) > 0 ? ident(r) : oneOf(r, ODD_VALUES));
        }
        if (r.nextInt(12) > 0) {
            Map<Object, Object> nodes = new LinkedHashMap<>();
            for (String n : names) {
                nodes.put(n, node(r, names));
            }
            top.put("nodes", r.nextInt(25) > 0 ? nodes : anything(r, 2));
        }
        if (r.nextInt(10) == 0) {
            top.put(r.nextBoolean() ? ident(r) : anything(r, 1), anything(r, 2));
        }
        return top;
    }

    private static Object node(Random r, List<String> names) {
        if (r.nextInt(20) == 0) {
            return anything(r, 2);
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        String type = r.nextInt(10) > 0 ? oneOf(r, TYPES) : oneOf(r, ODD_VALUES);
        if (r.nextInt(20) > 0) {
            m.put("type", r.nextInt(30) > 0 ? type : anything(r, 1));
        }
        if (r.nextInt(3) > 0) {
            m.put("in", r.nextInt(20) > 0 ? inputs(r, names) : anything(r, 2));
        }
        if (r.nextInt(3) > 0) {
            m.put("config", r.nextInt(20) > 0 ? config(r, type) : anything(r, 2));
        }
        if (r.nextInt(15) == 0) {
            m.put(oneOf(r, List.of("typ", "inputs", "cfg", ident(r))), anything(r, 1));
        }
        return m;
    }

    private static Object inputs(Random r, List<String> names) {
        int n = r.nextInt(4);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < Math.max(1, n); i++) {
            String node = names.isEmpty() || r.nextInt(8) == 0 ? ident(r) : oneOf(r, names);
            out.add(
                    r.nextBoolean()
                            ? node
                            : node + "."
                                    + oneOf(
                                            r,
                                            List.of("out", "ap", "lfp", "ttl", "spikes", "bins", "counts", ident(r))));
        }
        return n == 0 ? out.get(0) : out;
    }

    private static Map<Object, Object> config(Random r, String typeName) {
        Map<Object, Object> m = new LinkedHashMap<>();
        List<ParamDef> params = CATALOG.find(typeName).map(NodeType::params).orElse(List.of());
        for (ParamDef p : params) {
            if (r.nextInt(3) == 0) {
                m.put(p.key(), value(r, p));
            }
        }
        if (r.nextInt(6) == 0) {
            m.put(ident(r), scalar(r));
        }
        return m;
    }

    private static Object value(Random r, ParamDef p) {
        switch (r.nextInt(8)) {
            case 0:
                return scalar(r);
            case 1:
                return List.of(scalar(r), scalar(r));
            case 2:
                return anything(r, 1);
            default:
                // near the key's own range and defaults, where the boundary mistakes are
                if (!p.defaults().isEmpty() && r.nextBoolean()) {
                    return p.defaults().get(0);
                }
                if (p.min() != null && r.nextBoolean()) {
                    return r.nextBoolean() ? p.min() : Double.parseDouble(p.min()) - r.nextInt(3);
                }
                if (p.max() != null && r.nextBoolean()) {
                    return r.nextBoolean() ? p.max() : Double.parseDouble(p.max()) * (1 + r.nextInt(3));
                }
                return r.nextBoolean() ? (Object) (r.nextInt(20_001) - 10_000) : (Object) (r.nextDouble() * 1e5);
        }
    }

    private static Object scalar(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextLong();
            case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            case 2 -> r.nextBoolean();
            case 3 -> ident(r);
            default -> oneOf(r, ODD_VALUES);
        };
    }

    private static Object anything(Random r, int depth) {
        int pick = depth <= 0 ? r.nextInt(2) : r.nextInt(4);
        switch (pick) {
            case 0:
                return scalar(r);
            case 1:
                return null;
            case 2: {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    l.add(anything(r, depth - 1));
                }
                return l;
            }
            default: {
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    m.put(r.nextInt(6) > 0 ? ident(r) : anything(r, depth - 1), anything(r, depth - 1));
                }
                return m;
            }
        }
    }

    private static String ident(Random r) {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        String more = letters + "0123456789_-";
        StringBuilder b = new StringBuilder().append(letters.charAt(r.nextInt(letters.length())));
        for (int i = r.nextInt(8); i > 0; i--) {
            b.append(more.charAt(r.nextInt(more.length())));
        }
        return b.toString();
    }

    private static <T> T oneOf(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    // (c) mutations of real files: what editing by hand, copy and paste and encodings do to them

    private static String mutate(String text, Random r) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        for (int m = 1 + r.nextInt(4); m > 0 && !lines.isEmpty(); m--) {
            int i = r.nextInt(lines.size());
            String line = lines.get(i);
            switch (r.nextInt(8)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, line);
                case 2 -> {
                    int j = r.nextInt(lines.size());
                    lines.set(i, lines.get(j));
                    lines.set(j, line);
                }
                case 3 -> lines.set(
                        i,
                        r.nextBoolean()
                                ? " ".repeat(1 + r.nextInt(4)) + line
                                : r.nextInt(4) == 0
                                        ? "\t" + line.stripLeading()
                                        : line.substring(Math.min(line.length(), 1 + r.nextInt(4))));
                case 4 -> lines.set(i, replaceToken(line, r));
                case 5 -> lines.set(i, insert(line, r, new String(Character.toChars(codePoint(r)))));
                case 6 -> lines.set(
                        i,
                        insert(
                                line,
                                r,
                                oneOf(
                                        r,
                                        List.of(
                                                ":", "-", "{", "}", "[", "]", ",", "#", "&x", "*x", "!", "|", ">", "'",
                                                "\"", "? ", "<<: *x", "\r"))));
                default -> {
                    lines.subList(i, lines.size()).clear();
                    lines.add(line.substring(0, r.nextInt(line.length() + 1)));
                }
            }
        }
        return String.join("\n", lines);
    }

    private static String replaceToken(String line, Random r) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("[A-Za-z0-9_.+-]+").matcher(line);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return line;
        }
        int[] s = oneOf(r, spans);
        String by =
                r.nextBoolean() ? oneOf(r, ODD_VALUES) : r.nextBoolean() ? oneOf(r, TYPES) : String.valueOf(scalar(r));
        return line.substring(0, s[0]) + by + line.substring(s[1]);
    }

    private static String insert(String line, Random r, String what) {
        int at = r.nextInt(line.length() + 1);
        return line.substring(0, at) + what + line.substring(at);
    }

    private static int codePoint(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(0x20); // control characters
            case 1 -> 0x80 + r.nextInt(0x780); // Latin and other two-byte characters
            case 2 -> 0xD800 + r.nextInt(0x800); // lone surrogates
            default -> 0x1F300 + r.nextInt(0x300); // emoji, outside the BMP
        };
    }
}
