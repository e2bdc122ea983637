package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import zmq.Msg;

/**
 * Issue 11 D: every decoding entry point of the wire format, fed random and mutated input, either
 * decodes it or throws {@link MalformedFrameException} with a reason of docs/WIRE.md §5; never any
 * other exception, never a hang. The expected outcome is worked out here from docs/WIRE.md (with
 * {@link BigInteger} arithmetic and the JDK's own UTF-8 decoder), not taken from the code under test.
 *
 * <p>jqwik prints every property's seed; a failing one is shrunk and printed with it, and re-run
 * first next time (its database is under {@code target/}). Each decoding must end within
 * {@link Decoding#SLOW_MILLIS}; a {@link Decoding watchdog} prints the input of one that hangs.
 */
class WireDecoderPropertyTest {
    private static final int TRIES = 10_000;
    private static final BigInteger MAX_PAYLOAD = BigInteger.valueOf(1 << 28);
    private static final byte[] MAGIC = {'N', 'R', 'G', '1'};
    private static final Set<String> HEADER_REASONS =
            Set.of("bad-magic", "short-header", "bad-version", "unknown-kind", "too-large");
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---------------------------------------------------------------- header frames

    @Property(tries = TRIES)
    void headerFramesDecodeOrFailTheFirstCheckTheyBreak(@ForAll("headerFrames") byte[] frame) {
        WireHeader h = new WireHeader();
        Decoding.outcome(frame, () -> h.read(validHeader(WireFormat.kindCode(Kind.CONTINUOUS_I16), 3, 4, 7), 64));
        List<Object> before = fields(h);
        String reason = Decoding.outcome(frame, () -> h.read(frame, frame.length));
        Statistics.collect(outcome(reason));
        assertThat(reason).as("reason for %s", hex(frame)).isEqualTo(expectedHeaderReason(frame));
        if (reason != null) {
            assertThat(fields(h))
                    .as("a rejected frame leaves the header as it was")
                    .isEqualTo(before);
            return;
        }
        ByteBuffer b = le(frame);
        assertThat(h.kindCode()).isEqualTo(b.getShort(6) & 0xFFFF);
        assertThat(h.seq()).isEqualTo(b.getLong(8));
        assertThat(h.firstSample()).isEqualTo(b.getLong(16));
        assertThat(h.sampleCount()).isEqualTo(b.getInt(24));
        assertThat(h.channelCount()).isEqualTo(b.getInt(28));
        assertThat(Double.doubleToRawLongBits(h.sampleRate())).isEqualTo(b.getLong(32));
        assertThat(h.flags()).isEqualTo(b.getInt(56));
    }

    /** docs/WIRE.md §5, the header rows in their order; null when every check passes. */
    private static String expectedHeaderReason(byte[] f) {
        for (int i = 0; i < Math.min(4, f.length); i++) {
            if (f[i] != MAGIC[i]) {
                return "bad-magic";
            }
        }
        if (f.length != 64) {
            return "short-header";
        }
        ByteBuffer b = le(f);
        if ((b.getShort(4) & 0xFFFF) != 1) {
            return "bad-version";
        }
        if ((b.getShort(6) & 0xFFFF) > 5) {
            return "unknown-kind";
        }
        if (b.getInt(24) < 0 || b.getInt(28) < 0) { // u32 above 2^31 - 1
            return "too-large";
        }
        return null;
    }

    @Provide
    Arbitrary<byte[]> headerFrames() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<Integer> versions = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
        Arbitrary<Integer> kinds = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, 7)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
        Arbitrary<Integer> resize = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(-64, 16)));
        Arbitrary<Integer> badMagicByte = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(-1)),
                Tuple.of(1, Arbitraries.integers().between(0, 3)));
        Arbitrary<byte[]> structured = Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofSize(64),
                        versions,
                        kinds,
                        counts(),
                        counts(),
                        resize,
                        badMagicByte)
                .as((random64, version, kind, n, ch, delta, bad) -> {
                    byte[] base = random64.clone(); // generated values are reused while shrinking: never edit them
                    ByteBuffer b = le(base);
                    b.put(0, MAGIC);
                    if (bad >= 0) {
                        base[bad] ^= 0x20;
                    }
                    b.putShort(4, (short) (int) version)
                            .putShort(6, (short) (int) kind)
                            .putInt(24, n)
                            .putInt(28, ch);
                    return Arrays.copyOf(base, 64 + delta);
                });
        return Arbitraries.frequencyOf(Tuple.of(1, random), Tuple.of(4, structured));
    }

    /** u32 counts as the wire carries them, biased to the edges of the limits. */
    private static Arbitrary<Integer> counts() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 64)),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                0x7FFF_FFFF,
                                0x8000_0000,
                                0xFFFF_FFFF,
                                1 << 28,
                                (1 << 28) + 1,
                                1 << 26,
                                (1 << 26) + 1,
                                1 << 30,
                                0x4000_0001,
                                0x1000_0000 / 16,
                                0x1000_0000 / 16 + 1,
                                4096,
                                4097)),
                Tuple.of(1, Arbitraries.integers()));
    }

    // ---------------------------------------------------------------- payloads against their header

    /** A header that passes its own checks, and a payload of a length near the one it announces. */
    record Message(int kind, int n, int ch, long seq, int flags, byte[] payload) {
        byte[] header() {
            byte[] h = validHeader(kind, n, ch, seq);
            le(h).putInt(56, flags);
            return h;
        }

        @Override
        public String toString() {
            return "Message[kind " + kind + " n " + Integer.toUnsignedString(n) + " ch " + Integer.toUnsignedString(ch)
                    + " flags " + flags + " payload " + hex(payload) + "]";
        }
    }

    @Property(tries = TRIES)
    void payloadsAreAcceptedExactlyWhenTheyMatchTheirHeader(@ForAll("messages") Message m) throws Exception {
        WireHeader h = new WireHeader();
        h.read(m.header(), 64);
        String reason = Decoding.outcome(m, () -> WireCodec.validatePayload(h, m.payload(), m.payload().length));
        Statistics.collect(outcome(reason));
        if (m.kind() == 0) {
            assertThat(reason).as("%s", m).isIn(null, "bad-descriptor");
            return;
        }
        assertThat(reason).as("%s", m).isEqualTo(expectedPayloadReason(m));
        if (reason != null || (long) Math.max(1, m.n()) * (m.ch() + 1L) > 1 << 16) {
            return; // too large to allocate a block for in every try
        }
        // A reader with a block of the stream's shape decodes what the proxy lets through...
        Block into = blockFor(WireFormat.kindOf(m.kind()), m.ch(), Math.max(1, m.n()));
        String read = Decoding.outcome(m, () -> new WireCodec().readPayload(h, m.payload(), m.payload().length, into));
        assertThat(read).as("%s", m).isNull();
        assertThat(into.sampleCount()).isEqualTo(m.n());
        assertThat(into.seq()).isEqualTo(m.seq());
        assertThat(into.flags()).isEqualTo(m.flags());
        // ...and one expecting another shape names the mismatch.
        Block other = blockFor(WireFormat.kindOf(m.kind()), m.ch() + 1, Math.max(1, m.n()));
        if (m.kind() != WireFormat.kindCode(Kind.EVENTS)) { // events carry their line count for information only
            assertThat(Decoding.outcome(
                            m, () -> new WireCodec().readPayload(h, m.payload(), m.payload().length, other)))
                    .isEqualTo("shape-mismatch");
        }
        if (m.n() > 1) {
            Block small = blockFor(WireFormat.kindOf(m.kind()), m.ch(), m.n() - 1);
            assertThat(Decoding.outcome(
                            m, () -> new WireCodec().readPayload(h, m.payload(), m.payload().length, small)))
                    .isEqualTo("too-large");
        }
    }

    /** docs/WIRE.md §4 and §5 for kinds 1..5, in exact arithmetic. */
    private static String expectedPayloadReason(Message m) {
        BigInteger n = BigInteger.valueOf(Integer.toUnsignedLong(m.n()));
        BigInteger ch = BigInteger.valueOf(Integer.toUnsignedLong(m.ch()));
        BigInteger perSample =
                switch (m.kind()) {
                    case 1 -> ch.shiftLeft(1);
                    case 2, 5 -> ch.shiftLeft(2);
                    case 3 -> BigInteger.valueOf(16);
                    case 4 -> ch.shiftLeft(2).add(BigInteger.valueOf(16));
                    default -> throw new IllegalArgumentException("kind " + m.kind());
                };
        BigInteger announced = n.multiply(perSample);
        if (announced.compareTo(MAX_PAYLOAD) > 0) {
            return "too-large";
        }
        long len = m.payload().length;
        if (m.kind() != 3) {
            return announced.longValueExact() == len ? null : "payload-length";
        }
        if (len < announced.longValueExact()) {
            return "payload-length";
        }
        long texts = 0;
        ByteBuffer b = le(m.payload());
        for (int i = 0; i < m.n(); i++) {
            texts += Integer.toUnsignedLong(b.getInt(16 * i + 12));
        }
        return announced.longValueExact() + texts == len ? null : "payload-length";
    }

    @Provide
    Arbitrary<Message> messages() {
        Arbitrary<Integer> lengthChoice = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.integers().between(-16, 16)),
                Tuple.of(1, Arbitraries.integers().between(-1000, 1000)));
        Arbitrary<Integer> smallCounts = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 24)), Tuple.of(1, counts().filter(c -> c >= 0)));
        return Combinators.combine(
                        Arbitraries.integers().between(0, 5),
                        smallCounts,
                        smallCounts,
                        Arbitraries.longs(),
                        Arbitraries.integers(),
                        lengthChoice,
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, 3))
                .as((kind, n, ch, seq, flags, delta, seed, textMode) -> {
                    Random r = new Random(seed);
                    long exact =
                            switch (kind) {
                                case 1 -> 2L * n * ch;
                                case 2, 5 -> 4L * n * ch;
                                case 3 -> 16L * n;
                                case 4 -> n * (16L + 4L * ch);
                                default -> 64;
                            };
                    int len = (int) Math.max(0, Math.min(4096, exact) + delta);
                    byte[] p = new byte[len];
                    r.nextBytes(p);
                    if (kind == 3) {
                        eventTexts(p, n, textMode, r);
                    } else if (kind == 0 && textMode > 0) {
                        p = WireCodec.encodeDescriptor(StreamSpec.builder("s", Kind.CONTINUOUS_F32)
                                .channelCount(n % 9)
                                .blockSamples(1 + ch % 100)
                                .build());
                    }
                    return new Message(kind, n, ch, seq, flags, p);
                });
    }

    /** Writes event records' text lengths: random, or adding up to the bytes after the records (mode > 0). */
    private static void eventTexts(byte[] p, int n, int mode, Random r) {
        int records = Math.min(n, p.length / 16);
        int left = p.length - 16 * records;
        ByteBuffer b = le(p);
        for (int i = 0; i < records; i++) {
            int t = mode == 0 ? r.nextInt() : i == records - 1 ? left : r.nextInt(left + 1);
            b.putInt(16 * i + 12, t);
            left -= mode == 0 ? 0 : t;
        }
    }

    // ---------------------------------------------------------------- mutated valid messages

    /** A block a node could send, made from a seed so that a failing case is reproduced exactly. */
    record Recipe(Kind kind, int channels, int capacity, int count, int waveform, long seed) {
        Block build(boolean textsAsDecoded) {
            Random r = new Random(seed);
            Block b = blockFor(kind, kind == Kind.SPIKES ? waveform : channels, capacity);
            b.setSampleCount(count);
            BlockStamp.seq(b, r.nextLong() & Long.MAX_VALUE);
            b.setFirstSample(r.nextLong());
            b.setAcqTimeNanos(r.nextLong());
            b.setFlags(r.nextInt(4));
            switch (kind) {
                case CONTINUOUS_I16 -> {
                    for (int i = 0; i < count * channels; i++) {
                        b.i16()[i] = (short) r.nextInt();
                    }
                }
                case CONTINUOUS_F32, MATRIX_F32 -> {
                    for (int i = 0; i < count * channels; i++) {
                        b.f32()[i] = r.nextInt(50) == 0 ? Float.NEGATIVE_INFINITY : (r.nextFloat() - 0.5f) * 1e6f;
                    }
                }
                case EVENTS -> {
                    for (int i = 0; i < count; i++) {
                        b.itemSample()[i] = r.nextLong();
                        b.itemChannel()[i] = r.nextInt(0x10000);
                        b.itemValue()[i] = r.nextInt(0x100);
                        String t = TEXTS[r.nextInt(TEXTS.length)];
                        // The wire carries UTF-8 and "no text" for an empty one (docs/WIRE.md §4).
                        b.itemText()[i] = textsAsDecoded && t != null
                                ? (t.isEmpty()
                                        ? null
                                        : new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                                : t;
                    }
                }
                case SPIKES -> {
                    for (int i = 0; i < count; i++) {
                        b.itemSample()[i] = r.nextLong();
                        b.itemChannel()[i] = r.nextInt();
                        b.itemValue()[i] = r.nextInt();
                    }
                    for (int i = 0; i < count * waveform; i++) {
                        b.f32()[i] = r.nextFloat();
                    }
                }
                default -> throw new IllegalArgumentException(kind.name());
            }
            return b;
        }
    }

    private static final String[] TEXTS = {
        null, "", "go", "trial 12 start", "µV ±5 — ok", "🧠 spike", "lone \uD800 surrogate", "a".repeat(300)
    };

    enum Op {
        FLIP_HEADER,
        FLIP_PAYLOAD,
        SET_COUNT,
        SET_VERSION_OR_KIND,
        TRUNCATE_PAYLOAD,
        EXTEND_PAYLOAD,
        TRUNCATE_HEADER,
        EXTEND_HEADER,
        TEXT_LENGTH,
        BAD_UTF8
    }

    /** One corruption: where and with what depend on {@code where} and {@code value}. */
    record Mutation(Op op, int where, int value) {}

    private static final int[][] BAD_UTF8 = {
        {0xC3, 0x28}, {0xFF}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xC0, 0xAF}, {0xE2, 0x82}
    };

    /** Applies {@code m} to copies of the frames; returns {header, payload}. */
    private static byte[][] apply(Mutation m, byte[] header, byte[] payload, int items) {
        byte[] h = header.clone();
        byte[] p = payload.clone();
        int w = m.where() & Integer.MAX_VALUE;
        switch (m.op()) {
            case FLIP_HEADER -> {
                if (h.length > 0) {
                    h[w % h.length] ^= (byte) (m.value() | 1);
                }
            }
            case FLIP_PAYLOAD -> {
                if (p.length > 0) {
                    p[w % p.length] ^= (byte) (m.value() | 1);
                }
            }
            case SET_COUNT -> {
                if (h.length == 64) {
                    le(h).putInt(new int[] {24, 28, 56}[w % 3], m.value());
                }
            }
            case SET_VERSION_OR_KIND -> {
                if (h.length == 64) {
                    le(h).putShort(w % 2 == 0 ? 4 : 6, (short) m.value());
                }
            }
            case TRUNCATE_PAYLOAD -> p = Arrays.copyOf(p, p.length == 0 ? 0 : w % p.length);
            case EXTEND_PAYLOAD -> p = Arrays.copyOf(p, p.length + 1 + w % 64);
            case TRUNCATE_HEADER -> h = Arrays.copyOf(h, w % 64);
            case EXTEND_HEADER -> h = Arrays.copyOf(h, h.length + 1 + w % 8);
            case TEXT_LENGTH -> {
                if (items > 0 && p.length >= 16 * items) {
                    le(p).putInt(16 * (w % items) + 12, m.value());
                }
            }
            case BAD_UTF8 -> {
                int textStart = 16 * items;
                if (p.length > textStart) {
                    int[] bad = BAD_UTF8[w % BAD_UTF8.length];
                    int at = textStart + (m.value() & 0xFFFF) % (p.length - textStart);
                    for (int i = 0; i < bad.length && at + i < p.length; i++) {
                        p[at + i] = (byte) bad[i];
                    }
                }
            }
            default -> throw new IllegalArgumentException(m.op().name());
        }
        return new byte[][] {h, p};
    }

    @Property(tries = TRIES)
    void mutatedMessagesOfEveryKindDecodeOrAreRejected(
            @ForAll("recipes") Recipe recipe, @ForAll("mutations") List<Mutation> mutations) throws Exception {
        WireCodec codec = new WireCodec();
        Block original = recipe.build(false);
        byte[] payload = new byte[codec.payloadBytes(original)];
        codec.writePayload(original, payload);
        byte[] header = new byte[64];
        codec.writeHeader(original, 30_000, 5, header);
        for (Mutation m : mutations) {
            byte[][] frames = apply(m, header, payload, recipe.count());
            header = frames[0];
            payload = frames[1];
        }
        byte[] hf = header;
        byte[] pf = payload;
        Object input = List.of(recipe, mutations);
        WireHeader h = new WireHeader();
        String reason = Decoding.outcome(input, () -> h.read(hf, hf.length));
        if (reason != null) {
            Statistics.collect(outcome(reason));
            assertThat(reason).isIn(HEADER_REASONS);
            assertThat(mutations).as("an unchanged header decodes").isNotEmpty();
            return;
        }
        Block into = blockFor(
                recipe.kind(), recipe.kind() == Kind.SPIKES ? recipe.waveform() : recipe.channels(), recipe.capacity());
        reason = Decoding.outcome(input, () -> codec.readPayload(h, pf, pf.length, into));
        String validated = Decoding.outcome(input, () -> WireCodec.validatePayload(h, pf, pf.length));
        Statistics.collect(outcome(reason));
        if (reason == null) {
            assertThat(validated)
                    .as("what a reader decodes, the proxy lets through")
                    .isNull();
            assertThat(into.sampleCount()).isEqualTo(h.sampleCount()).isLessThanOrEqualTo(recipe.capacity());
            if (mutations.isEmpty()) {
                assertThat(into.contentEquals(recipe.build(true)))
                        .as("round trip of %s", recipe)
                        .isTrue();
            }
        } else {
            assertThat(reason).isIn("shape-mismatch", "too-large", "payload-length", "bad-descriptor");
            assertThat(mutations).as("an unchanged message decodes").isNotEmpty();
        }
    }

    @Provide
    Arbitrary<Recipe> recipes() {
        Arbitrary<Kind> kinds =
                Arbitraries.of(Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32, Kind.MATRIX_F32, Kind.EVENTS, Kind.SPIKES);
        return Combinators.combine(
                        kinds,
                        Arbitraries.integers().between(1, 8),
                        Arbitraries.integers().between(1, 24),
                        Arbitraries.integers().between(0, 24),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.longs())
                .as((kind, ch, cap, count, wf, seed) -> new Recipe(kind, ch, cap, Math.min(count, cap), wf, seed));
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> values = Arbitraries.frequencyOf(Tuple.of(2, counts()), Tuple.of(1, Arbitraries.integers()));
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(Op.class), Arbitraries.integers(), values)
                .as(Mutation::new);
        return one.list().ofMaxSize(4);
    }

    // ---------------------------------------------------------------- descriptors

    /** A descriptor payload: a valid one, edited key by key, then maybe damaged byte by byte. */
    record Descriptor(byte[] json) {
        @Override
        public String toString() {
            return "Descriptor[" + new String(json, StandardCharsets.UTF_8) + " / " + hex(json) + "]";
        }
    }

    @Property(tries = TRIES)
    void descriptorsDecodeToAStreamAReaderCanHoldOrAreRejected(@ForAll("descriptors") Descriptor d) throws Exception {
        StreamSpec[] out = new StreamSpec[1];
        String reason = Decoding.outcome(d, () -> out[0] = WireCodec.decodeDescriptor(d.json(), d.json().length));
        Statistics.collect(outcome(reason));
        if (reason != null) {
            assertThat(reason).isEqualTo("bad-descriptor");
            return;
        }
        StreamSpec spec = out[0];
        assertThat(spec.kind()).isNotNull();
        assertThat(spec.blockSamples()).isPositive();
        assertThat(spec.channels()).hasSize(spec.channelCount());
        if (!JSON.readTree(d.json()).path("channels").isArray()) {
            assertThat(spec.channelCount()).as("unlisted channels").isLessThanOrEqualTo(4096);
        }
        // A reader can allocate a block of what the descriptor describes (docs/WIRE.md §4).
        long per =
                switch (spec.kind()) {
                    case CONTINUOUS_I16 -> 2L * spec.channelCount();
                    case CONTINUOUS_F32, MATRIX_F32 -> 4L * spec.channelCount();
                    case EVENTS -> 16;
                    default -> 16 + 4L * spec.waveformLength();
                };
        assertThat(BigInteger.valueOf(per).multiply(BigInteger.valueOf(spec.blockSamples())))
                .isLessThanOrEqualTo(MAX_PAYLOAD);
        byte[] again = WireCodec.encodeDescriptor(spec);
        assertThat(WireCodec.decodeDescriptor(again, again.length)).isEqualTo(spec);
    }

    private static final String[] KEYS = {
        "name",
        "kind",
        "channelCount",
        "sampleRate",
        "blockSamples",
        "source",
        "waveformLength",
        "channels",
        "channels/0/name",
        "channels/0/units",
        "channels/0/bitVolts",
        "channels/0/x"
    };
    /** Raw JSON values, each a way a key may be wrong (or right). */
    private static final String[] VALUES = {
        "null",
        "true",
        "-1",
        "0",
        "1",
        "2",
        "4096",
        "4097",
        "2147483647",
        "2147483648",
        "-2147483649",
        "1e400",
        "-1e400",
        "1.5",
        "-0.0",
        "1e-400",
        "268435456",
        "134217728",
        "99999999999999999999999",
        "\"x\"",
        "\"\"",
        "[]",
        "{}",
        "[1,2]",
        "[{}]",
        "[{\"name\":\"a\"}]",
        "\"\\ud800\"",
        "\"CONTINUOUS_I16\"",
        "\"SPIKES\"",
        "\"EVENTS\"",
        "\"DESCRIPTOR\"",
        "\"continuous_i16\"",
        "\"probe.ap\"",
        "[".repeat(3000) + "]".repeat(3000),
        "{\"a\":".repeat(1200) + "1" + "}".repeat(1200)
    };

    private static final String HOLE = "\u0000hole\u0000";

    @Provide
    Arbitrary<Descriptor> descriptors() {
        Arbitrary<Kind> kinds =
                Arbitraries.of(Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32, Kind.MATRIX_F32, Kind.EVENTS, Kind.SPIKES);
        Arbitrary<StreamSpec> specs = Combinators.combine(
                        kinds,
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(1, 1000),
                        Arbitraries.doubles().between(0, 1e6),
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.of("probe.ap", "x", "ünï", "📈.rate", "a b"))
                .as((kind, ch, block, rate, wf, name) -> StreamSpec.builder(name, kind)
                        .channelCount(ch)
                        .sampleRate(rate)
                        .blockSamples(block)
                        .waveformLength(kind == Kind.SPIKES ? wf : 0)
                        .source("src")
                        .build());
        Arbitrary<String[]> edit = Combinators.combine(
                        Arbitraries.of(KEYS),
                        Arbitraries.of(VALUES),
                        Arbitraries.integers().between(0, 9))
                .as((k, v, remove) -> new String[] {k, remove == 0 ? null : v});
        Arbitrary<Mutation> damage = Combinators.combine(
                        Arbitraries.of(Op.FLIP_PAYLOAD, Op.TRUNCATE_PAYLOAD, Op.EXTEND_PAYLOAD, Op.BAD_UTF8),
                        Arbitraries.integers(),
                        Arbitraries.integers())
                .as(Mutation::new);
        return Combinators.combine(
                        specs, edit.list().ofMaxSize(3), damage.list().ofMaxSize(2))
                .as((spec, edits, damages) -> {
                    byte[] json = edited(spec, edits);
                    for (Mutation m : damages) {
                        json = apply(m, new byte[0], json, 0)[1];
                    }
                    return new Descriptor(json);
                });
    }

    /** The descriptor of {@code spec} with each {key, raw JSON value or null to remove} edit applied. */
    private static byte[] edited(StreamSpec spec, List<String[]> edits) {
        String text = new String(WireCodec.encodeDescriptor(spec), StandardCharsets.UTF_8);
        try {
            String hole = JSON.writeValueAsString(HOLE);
            for (String[] e : edits) {
                if (!(JSON.readTree(text) instanceof ObjectNode root)) {
                    break;
                }
                String[] path = e[0].split("/");
                ObjectNode at = root;
                if (path.length == 3) {
                    if (!(root.get("channels") instanceof ArrayNode a) || !(a.get(0) instanceof ObjectNode first)) {
                        continue;
                    }
                    at = first;
                }
                String key = path[path.length - 1];
                if (e[1] == null) {
                    at.remove(key);
                    text = JSON.writeValueAsString(root);
                } else {
                    // The raw value goes in after serialising: Jackson would not write most of them.
                    at.set(key, new TextNode(HOLE));
                    text = JSON.writeValueAsString(root).replace(hole, e[1]);
                }
            }
        } catch (IOException ex) {
            // An earlier edit left text that is not JSON (or too deep for the test's parser): send it so.
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- the proxy's checks

    record Frames(byte[] topic, byte[] header, byte[] payload) {
        @Override
        public String toString() {
            return "Frames[" + hex(topic) + " | " + hex(header) + " | " + hex(payload) + "]";
        }
    }

    @Property(tries = TRIES)
    void theProxyForwardsOnlyMessagesThatPassEveryCheck(@ForAll("frames") Frames f) {
        FrameCheck check = new FrameCheck();
        String reason =
                Decoding.outcome(f, () -> check.check(new Msg(f.topic()), new Msg(f.header()), new Msg(f.payload())));
        Statistics.collect(outcome(reason));
        String topicProblem = f.topic().length == 0 || f.topic().length > 255 || !utf8(f.topic()) ? "bad-topic" : null;
        String expected = topicProblem != null ? topicProblem : expectedHeaderReason(f.header());
        if (expected != null) {
            assertThat(reason).as("%s", f).isEqualTo(expected);
            return;
        }
        assertThat(reason).as("%s", f).isIn(null, "payload-length", "too-large", "bad-descriptor");
        if (reason == null) {
            assertThat(Arrays.copyOf(check.topic, check.topicLength)).isEqualTo(f.topic());
            if (check.h.isDescriptor()) {
                assertThat(check.spec.name())
                        .as("a descriptor names its own topic")
                        .isEqualTo(new String(f.topic(), StandardCharsets.UTF_8));
            }
        }
    }

    @Provide
    Arbitrary<Frames> frames() {
        Arbitrary<byte[]> topics = Arbitraries.frequencyOf(
                Tuple.of(
                        4,
                        Arbitraries.of("probe.ap", "probe.ap2", "p", "ünïcode.📈")
                                .map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                Tuple.of(1, Arbitraries.of(BAD_UTF8).map(b -> {
                    byte[] t = new byte[b.length + 1];
                    t[0] = 'x';
                    for (int i = 0; i < b.length; i++) {
                        t[i + 1] = (byte) b[i];
                    }
                    return t;
                })),
                Tuple.of(1, Arbitraries.of(254, 255, 256).map(n -> "t".repeat(n).getBytes(StandardCharsets.UTF_8))));
        Arbitrary<byte[]> descriptorsOfTheirTopic = Arbitraries.of("probe.ap", "probe.ap2", "other")
                .map(name -> WireCodec.encodeDescriptor(StreamSpec.builder(name, Kind.CONTINUOUS_I16)
                        .channelCount(2)
                        .build()));
        Arbitrary<byte[]> payloads = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(256)),
                Tuple.of(1, descriptorsOfTheirTopic));
        Arbitrary<byte[]> headers = Arbitraries.frequencyOf(
                Tuple.of(3, headerFrames()),
                Tuple.of(1, Arbitraries.of(0, 1, 3).map(kind -> validHeader(kind, kind == 1 ? 2 : 0, 2, 0))));
        return Combinators.combine(topics, headers, payloads).as(Frames::new);
    }

    // ---------------------------------------------------------------- found by these properties

    @Example
    void aCountOverflowingSixtyFourBitsIsTooLargeNotAPayloadLength() throws Exception {
        // 4 x (2^31-1)^2 wraps to a negative long: reported as payload-length "-17179869180 bytes" before
        WireHeader h = new WireHeader();
        h.read(validHeader(WireFormat.kindCode(Kind.CONTINUOUS_F32), 0x7FFF_FFFF, 0x7FFF_FFFF, 0), 64);
        assertThat(Decoding.outcome("f32", () -> WireCodec.validatePayload(h, new byte[16], 16)))
                .isEqualTo("too-large");
        h.read(validHeader(WireFormat.kindCode(Kind.SPIKES), 0x7FFF_FFFF, 0x7FFF_FFFF, 0), 64);
        assertThat(Decoding.outcome("spikes", () -> WireCodec.validatePayload(h, new byte[16], 16)))
                .isEqualTo("too-large");
    }

    @Example
    void aShortDescriptorCannotMakeTheReaderBuildMillionsOfChannels() {
        byte[] json = ("{\"name\":\"x\",\"kind\":\"CONTINUOUS_F32\",\"channelCount\":2000000000,\"sampleRate\":1,"
                        + "\"blockSamples\":1}")
                .getBytes(StandardCharsets.UTF_8);
        // Before: StreamSpec made 2e9 default channel entries (minutes, then out of memory).
        assertThat(Decoding.outcome("json", () -> WireCodec.decodeDescriptor(json, json.length)))
                .isEqualTo("bad-descriptor");
    }

    // ---------------------------------------------------------------- helpers

    /** A header that passes {@link WireHeader#read} when the counts are below 2^31. */
    static byte[] validHeader(int kind, int n, int ch, long seq) {
        byte[] h = new byte[64];
        le(h).put(0, MAGIC)
                .putShort(4, (short) 1)
                .putShort(6, (short) kind)
                .putLong(8, seq)
                .putInt(24, n)
                .putInt(28, ch)
                .putDouble(32, 1000.0);
        return h;
    }

    private static Block blockFor(Kind kind, int channels, int capacity) {
        return kind == Kind.SPIKES
                ? Block.allocateSpikes(4, capacity, channels)
                : Block.allocate(kind, channels, capacity);
    }

    private static List<Object> fields(WireHeader h) {
        return List.of(
                h.kindCode(),
                h.seq(),
                h.firstSample(),
                h.sampleCount(),
                h.channelCount(),
                Double.doubleToRawLongBits(h.sampleRate()),
                h.acqTimeNanos(),
                h.pubTimeNanos(),
                h.flags());
    }

    /** The outcome as the statistics jqwik prints show it: how much of each kind the generators made. */
    private static String outcome(String reason) {
        return reason == null ? "decoded" : reason;
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static boolean utf8(byte[] b) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static String hex(byte[] b) {
        return b.length <= 96
                ? HexFormat.of().formatHex(b)
                : HexFormat.of().formatHex(b, 0, 96) + "…(" + b.length + " bytes)";
    }
}
