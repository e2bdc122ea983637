package org.neurorig.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Descriptor of one stream: published once when the stream starts and on request.
 * Immutable; derive variants with the {@code with…} methods or {@link #builder(String, Kind)}.
 *
 * <p>A node returns specs whose {@link #name()} is the port name (for example {@code out} or
 * {@code ap}); the runtime qualifies it to {@code <node>.<port>} before publishing.
 */
public final class StreamSpec {
    private final String name;
    private final Kind kind;
    private final int channelCount;
    private final double sampleRate;
    private final List<ChannelInfo> channels;
    private final String source;
    private final int blockSamples;
    private final int waveformLength;

    private StreamSpec(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.kind = Objects.requireNonNull(b.kind, "kind");
        if (b.channelCount < 0) {
            throw new IllegalArgumentException("channelCount < 0: " + b.channelCount);
        }
        if (!(b.sampleRate >= 0) || Double.isInfinite(b.sampleRate)) {
            throw new IllegalArgumentException("sampleRate must be finite and >= 0: " + b.sampleRate);
        }
        if (b.blockSamples < 1) {
            throw new IllegalArgumentException("blockSamples must be >= 1: " + b.blockSamples);
        }
        this.channelCount = b.channelCount;
        this.sampleRate = b.sampleRate;
        List<ChannelInfo> ch = new ArrayList<>(b.channels);
        if (ch.isEmpty()) {
            for (int c = 0; c < channelCount; c++) {
                ch.add(ChannelInfo.of("CH" + c, b.defaultUnits, b.defaultBitVolts));
            }
        } else if (ch.size() != channelCount) {
            throw new IllegalArgumentException(
                    "channels has " + ch.size() + " entries but channelCount is " + channelCount);
        }
        this.channels = List.copyOf(ch);
        this.source = b.source == null ? "" : b.source;
        this.blockSamples = b.blockSamples;
        if (b.waveformLength < 0 || (b.waveformLength > 0 && kind != Kind.SPIKES)) {
            throw new IllegalArgumentException("waveformLength " + b.waveformLength + " on a " + kind + " stream");
        }
        this.waveformLength = b.waveformLength;
    }

    /** Starts a spec with the given port or stream name and kind. */
    public static Builder builder(String name, Kind kind) {
        return new Builder(name, kind);
    }

    /** Stream name ({@code node.port}) once published; the port name when returned by a node. */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Channels (dense kinds), columns ({@link Kind#MATRIX_F32}) or lines/electrodes (item kinds). */
    public int channelCount() {
        return channelCount;
    }

    /** Samples (or matrix rows) per second; 0 for irregular streams. */
    public double sampleRate() {
        return sampleRate;
    }

    public List<ChannelInfo> channels() {
        return channels;
    }

    /** Name of the node that produces the stream. */
    public String source() {
        return source;
    }

    /** Largest number of samples (rows, items) one block of this stream carries. */
    public int blockSamples() {
        return blockSamples;
    }

    /** Samples per spike waveform of a {@link Kind#SPIKES} stream; 0 = spikes without waveforms. */
    public int waveformLength() {
        return waveformLength;
    }

    /** This spec under another name. */
    public StreamSpec withName(String newName) {
        return toBuilder().name(newName).build();
    }

    /** This spec with another producing node. */
    public StreamSpec withSource(String newSource) {
        return toBuilder().source(newSource).build();
    }

    /** A builder preset with every field of this spec. */
    public Builder toBuilder() {
        Builder b = new Builder(name, kind);
        b.channelCount = channelCount;
        b.sampleRate = sampleRate;
        b.channels.addAll(channels);
        b.source = source;
        b.blockSamples = blockSamples;
        b.waveformLength = waveformLength;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StreamSpec s)) {
            return false;
        }
        return name.equals(s.name)
                && kind == s.kind
                && channelCount == s.channelCount
                && Double.compare(sampleRate, s.sampleRate) == 0
                && channels.equals(s.channels)
                && source.equals(s.source)
                && blockSamples == s.blockSamples
                && waveformLength == s.waveformLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, channelCount, sampleRate, channels, source, blockSamples, waveformLength);
    }

    @Override
    public String toString() {
        return name + "[" + kind + ", " + channelCount + " ch, " + sampleRate + " Hz, ≤" + blockSamples + "/block]";
    }

    /** Builds a {@link StreamSpec}; channel entries default to {@code CH<i>} when none are given. */
    public static final class Builder {
        private String name;
        private Kind kind;
        private int channelCount;
        private double sampleRate;
        private final List<ChannelInfo> channels = new ArrayList<>();
        private String source;
        private int blockSamples = 1;
        private int waveformLength;
        private String defaultUnits = "uV";
        private double defaultBitVolts = 1.0;

        private Builder(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        public Builder name(String v) {
            this.name = v;
            return this;
        }

        public Builder kind(Kind v) {
            this.kind = v;
            return this;
        }

        public Builder channelCount(int v) {
            this.channelCount = v;
            return this;
        }

        public Builder sampleRate(double v) {
            this.sampleRate = v;
            return this;
        }

        /** Replaces the channel list; {@code channelCount} follows it. */
        public Builder channels(List<ChannelInfo> v) {
            channels.clear();
            channels.addAll(v);
            channelCount = v.size();
            return this;
        }

        /** Units and scale of generated default channel entries. */
        public Builder defaultChannels(String units, double bitVolts) {
            channels.clear();
            this.defaultUnits = units;
            this.defaultBitVolts = bitVolts;
            return this;
        }

        public Builder source(String v) {
            this.source = v;
            return this;
        }

        public Builder blockSamples(int v) {
            this.blockSamples = v;
            return this;
        }

        /** Samples per spike waveform (SPIKES only). */
        public Builder waveformLength(int v) {
            this.waveformLength = v;
            return this;
        }

        public StreamSpec build() {
            return new StreamSpec(this);
        }
    }
}
