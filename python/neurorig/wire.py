"""The NeuroRig wire format, version 1 (docs/WIRE.md): headers, payloads and descriptors.

Everything is little-endian. Dense payloads decode to NumPy arrays shaped (samples, channels) that
view the message buffer (no copy); events and spikes decode to structured record arrays that view it
too. Every decoder answers a bad frame with a ValueError that names the field at fault, what it holds
and what was expected.
"""
import enum
import json
import math
import struct
from dataclasses import dataclass, field
from decimal import Decimal
from typing import List, Optional

import numpy as np

__all__ = [
    "MAGIC", "VERSION", "HEADER_BYTES", "DESCRIPTOR", "MAX_PAYLOAD_BYTES", "MAX_UNLISTED_CHANNELS",
    "FLAG_DISCONTINUITY", "FLAG_END_OF_STREAM", "EVENT_DTYPE", "SPIKE_DTYPE",
    "Kind", "Header", "Channel", "StreamSpec", "Events", "Spikes",
    "decode_header", "encode_header", "pack_header", "payload_bytes", "decode_payload", "encode_payload",
    "decode_descriptor", "encode_descriptor",
]

MAGIC = b"NRG1"
VERSION = 1
HEADER = struct.Struct("<4sHHQqIIdqqI4x")  # §3; the last 4 bytes are reserved, written 0
HEADER_BYTES = HEADER.size
DESCRIPTOR = 0  # kind code of a descriptor message (§4 kind 0); no stream has it
MAX_PAYLOAD_BYTES = 1 << 28  # §5 too-large
MAX_UNLISTED_CHANNELS = 4096  # §4: a descriptor without "channels" declares at most this many
MAX_COUNT = (1 << 31) - 1  # §5: sampleCount and channelCount above it are too large
FLAG_DISCONTINUITY = 1
FLAG_END_OF_STREAM = 2

EVENT_DTYPE = np.dtype([("sample", "<i8"), ("line", "<u2"), ("state", "u1"), ("reserved", "u1"),
                        ("textBytes", "<u4")])
SPIKE_DTYPE = np.dtype([("sample", "<i8"), ("channel", "<u4"), ("unit", "<i4")])
assert HEADER_BYTES == 64 and EVENT_DTYPE.itemsize == 16 and SPIKE_DTYPE.itemsize == 16


class Kind(enum.IntEnum):
    """Stream kinds by their wire code (§3); the descriptor's code 0 is not a stream kind."""

    CONTINUOUS_I16 = 1
    CONTINUOUS_F32 = 2
    EVENTS = 3
    SPIKES = 4
    MATRIX_F32 = 5

    @property
    def dense(self):
        return self in (Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32, Kind.MATRIX_F32)

    @property
    def dtype(self):
        """Element type of a dense kind's payload."""
        return np.dtype("<i2") if self == Kind.CONTINUOUS_I16 else np.dtype("<f4")


@dataclass
class Header:
    """The 64-byte header of §3. ``kind`` is a Kind, or DESCRIPTOR (0) for a descriptor message."""

    kind: int
    seq: int = 0
    first_sample: int = 0
    sample_count: int = 0
    channel_count: int = 0
    sample_rate: float = 0.0
    acq_time_nanos: int = 0
    pub_time_nanos: int = 0
    flags: int = 0


def decode_header(buf) -> Header:
    """Decodes and validates a header frame, in the order of §5's checks."""
    mv = memoryview(buf).cast("B")
    head = bytes(mv[:4])
    if head != MAGIC[:len(head)]:
        raise ValueError(f"header magic is {head!r}, expected {MAGIC!r}")
    if len(mv) != HEADER_BYTES:
        raise ValueError(f"header frame is {len(mv)} bytes, expected {HEADER_BYTES}")
    (_, version, kind, seq, first, n, ch, rate, acq, pub, flags) = HEADER.unpack(mv)
    if version != VERSION:
        raise ValueError(f"header version is {version}, expected {VERSION}")
    if kind > max(Kind):
        raise ValueError(f"header kind is {kind}, expected 0..{int(max(Kind))}")
    if n > MAX_COUNT:
        raise ValueError(f"header sampleCount is {n}, at most {MAX_COUNT}")
    if ch > MAX_COUNT:
        raise ValueError(f"header channelCount is {ch}, at most {MAX_COUNT}")
    return Header(Kind(kind) if kind else DESCRIPTOR, seq, first, n, ch, rate, acq, pub, flags)


def pack_header(h: Header, buf, offset=0):
    """Writes ``h`` into a caller-owned buffer (so a loop can reuse one)."""
    HEADER.pack_into(buf, offset, MAGIC, VERSION, int(h.kind), h.seq, h.first_sample, h.sample_count,
                     h.channel_count, h.sample_rate, h.acq_time_nanos, h.pub_time_nanos, h.flags)


def encode_header(h: Header) -> bytes:
    return HEADER.pack(MAGIC, VERSION, int(h.kind), h.seq, h.first_sample, h.sample_count,
                       h.channel_count, h.sample_rate, h.acq_time_nanos, h.pub_time_nanos, h.flags)


class Events:
    """A block of events (§4 kind 3): ``records`` (EVENT_DTYPE: sample, line, state, reserved,
    textBytes) and ``texts``, one str or None (no text) per record."""

    __slots__ = ("records", "texts")

    def __init__(self, records, texts):
        self.records = records
        self.texts = texts

    @classmethod
    def of(cls, samples=(), lines=(), states=(), texts=None):
        """Events from parallel sequences; texts may be omitted (no text)."""
        n = len(samples)
        for key, values, top in (("line", lines, 0xFFFF), ("state", states, 0xFF)):
            bad = [v for v in values if not 0 <= v <= top]
            if bad or len(values) != n:
                raise ValueError(f"events: {len(values)} {key} values for {n} samples, or outside 0..{top}: {bad}")
        rec = np.zeros(n, EVENT_DTYPE)
        rec["sample"], rec["line"], rec["state"] = samples, lines, states
        return cls(rec, list(texts) if texts is not None else [None] * n)

    def __len__(self):
        return len(self.records)

    def __repr__(self):
        return f"Events({self.records.tolist()}, {self.texts})"


class Spikes:
    """A block of spikes (§4 kind 4): ``records`` (SPIKE_DTYPE: sample, channel, unit) and
    ``waveforms`` float32 shaped (spikes, waveformLength)."""

    __slots__ = ("records", "waveforms")

    def __init__(self, records, waveforms):
        self.records = records
        self.waveforms = waveforms

    @classmethod
    def of(cls, samples=(), channels=(), units=(), waveforms=None):
        n = len(samples)
        rec = np.zeros(n, SPIKE_DTYPE)
        rec["sample"], rec["channel"], rec["unit"] = samples, channels, units
        w = np.zeros((n, 0), "<f4") if waveforms is None else np.asarray(waveforms, "<f4").reshape(n, -1)
        return cls(rec, w)

    def __len__(self):
        return len(self.records)

    def __repr__(self):
        return f"Spikes({self.records.tolist()}, waveforms {self.waveforms.shape})"


def _per_item_bytes(kind, channels):
    """Bytes of one sample, row, event record (without text) or spike (with its waveform)."""
    if kind.dense:
        return kind.dtype.itemsize * channels
    return 16 if kind == Kind.EVENTS else 16 + 4 * channels


def decode_payload(h: Header, buf):
    """The payload of a block as NumPy views of ``buf``: a read-only (samples, channels) array for
    dense kinds, Events or Spikes for items. Checks the length against the header (§5)."""
    if h.kind == DESCRIPTOR:
        raise ValueError("header kind is 0 (a descriptor), expected a block; use decode_descriptor")
    mv = memoryview(buf).cast("B")
    n, ch, kind = h.sample_count, h.channel_count, Kind(h.kind)
    need = n * _per_item_bytes(kind, ch)
    if need > MAX_PAYLOAD_BYTES:
        raise ValueError(f"{kind.name} header sampleCount {n} x channelCount {ch} announces {need} payload "
                         f"bytes, at most {MAX_PAYLOAD_BYTES}")
    if kind.dense:
        if len(mv) != need:
            raise ValueError(f"{kind.name} payload is {len(mv)} bytes, sampleCount {n} x channelCount {ch} "
                             f"need {need}")
        return _readonly(np.frombuffer(mv, kind.dtype, n * ch).reshape(n, ch))
    if kind == Kind.SPIKES:
        if len(mv) != need:
            raise ValueError(f"SPIKES payload is {len(mv)} bytes, sampleCount {n} spikes with waveforms of "
                             f"channelCount {ch} samples need {need}")
        return Spikes(_readonly(np.frombuffer(mv, SPIKE_DTYPE, n)),
                      _readonly(np.frombuffer(mv, "<f4", n * ch, 16 * n).reshape(n, ch)))
    if len(mv) < need:
        raise ValueError(f"EVENTS payload is {len(mv)} bytes, sampleCount {n} records need at least {need}")
    rec = _readonly(np.frombuffer(mv, EVENT_DTYPE, n))
    total = need + int(rec["textBytes"].sum(dtype=np.uint64))
    if len(mv) != total:
        raise ValueError(f"EVENTS payload is {len(mv)} bytes, {n} records with textBytes summing to "
                         f"{total - need} need {total}")
    texts, at = [], need
    for size in rec["textBytes"].tolist():
        texts.append(bytes(mv[at:at + size]).decode("utf-8", "replace") if size else None)
        at += size
    return Events(rec, texts)


def _readonly(a):
    # A received message may be shared (ZeroMQ frames are writable): a reader must not change it.
    a.flags.writeable = False
    return a


def payload_bytes(kind, data) -> int:
    """Exact payload size of ``data`` encoded as ``kind``."""
    kind = Kind(kind)
    if kind.dense:
        return data.size * kind.dtype.itemsize
    if kind == Kind.SPIKES:
        return 16 * len(data) + 4 * data.waveforms.size
    return 16 * len(data) + sum(len(t.encode("utf-8")) for t in data.texts if t)


def encode_payload(kind, data) -> bytes:
    """The payload bytes of ``data``: a 2-D array (dense kinds, cast to the kind's element type),
    Events or Spikes. Raises ValueError when an item field does not fit its wire type."""
    kind = Kind(kind)
    if kind.dense:
        arr = np.asarray(data)
        if arr.ndim != 2:
            raise ValueError(f"{kind.name} data has shape {arr.shape}, expected (samples, channels)")
        return np.ascontiguousarray(arr, kind.dtype).tobytes()
    if kind == Kind.SPIKES:
        if not isinstance(data, Spikes):
            raise ValueError(f"SPIKES data is a {type(data).__name__}, expected neurorig.Spikes")
        n = len(data.records)
        if data.waveforms.shape[0] != n:
            raise ValueError(f"SPIKES waveforms have {data.waveforms.shape[0]} rows for {n} spikes")
        rec = np.asarray(data.records, SPIKE_DTYPE)
        return rec.tobytes() + np.ascontiguousarray(data.waveforms, "<f4").tobytes()
    if not isinstance(data, Events):
        raise ValueError(f"EVENTS data is a {type(data).__name__}, expected neurorig.Events")
    if len(data.texts) != len(data.records):
        raise ValueError(f"EVENTS has {len(data.texts)} texts for {len(data.records)} records")
    # An empty text is sent as no text (§4).
    texts = [t.encode("utf-8") if t else b"" for t in data.texts]
    rec = np.array(data.records, EVENT_DTYPE)  # a copy: textBytes and reserved are set here
    rec["reserved"] = 0
    rec["textBytes"] = [len(t) for t in texts]
    return rec.tobytes() + b"".join(texts)


# ---- descriptors (§4 kind 0) ----

@dataclass
class Channel:
    """One channel of a stream: name, units, bitVolts (int16 counts to units), probe x/y in µm
    (None = unknown)."""

    name: str
    units: str = "uV"
    bit_volts: Optional[float] = 1.0
    x: Optional[float] = None
    y: Optional[float] = None


@dataclass
class StreamSpec:
    """A stream's shape, as the descriptor JSON carries it. ``name`` is the port name in what a
    node's prepare returns (the host names the stream ``<node>.<port>``). Without ``channels`` the
    stream gets ``CH0``, ``CH1``, … in uV at bitVolts 1, as the Java StreamSpec does."""

    name: str
    kind: Kind
    channel_count: int = 0
    sample_rate: float = 0.0
    block_samples: int = 1
    source: str = ""
    channels: List[Channel] = field(default_factory=list)
    waveform_length: int = 0

    def __post_init__(self):
        if isinstance(self.kind, str):
            if self.kind not in Kind.__members__:
                raise ValueError(f"{self.name}: kind {self.kind!r} is not one of {list(Kind.__members__)}")
            self.kind = Kind[self.kind]
        self.kind = Kind(self.kind)
        if self.channels:
            self.channels = [c if isinstance(c, Channel) else Channel(**c) for c in self.channels]
            if self.channel_count in (0, len(self.channels)):
                self.channel_count = len(self.channels)
            else:
                raise ValueError(f"{self.name}: channels has {len(self.channels)} entries but channelCount is "
                                 f"{self.channel_count}")
        else:
            self.channels = [Channel(f"CH{c}") for c in range(self.channel_count)]
        if self.channel_count < 0:
            raise ValueError(f"{self.name}: channelCount is {self.channel_count}, expected >= 0")
        if not (math.isfinite(self.sample_rate) and self.sample_rate >= 0):
            raise ValueError(f"{self.name}: sampleRate is {self.sample_rate}, expected a finite rate >= 0")
        if self.block_samples < 1:
            raise ValueError(f"{self.name}: blockSamples is {self.block_samples}, expected >= 1")
        if self.waveform_length < 0 or (self.waveform_length and self.kind != Kind.SPIKES):
            raise ValueError(f"{self.name}: waveformLength {self.waveform_length} on a {self.kind.name} stream")
        per = _per_item_bytes(self.kind, self.waveform_length if self.kind == Kind.SPIKES else self.channel_count)
        if self.block_samples * per > MAX_PAYLOAD_BYTES:
            raise ValueError(f"{self.name}: a full block, blockSamples {self.block_samples} x {per} bytes, "
                             f"exceeds the {MAX_PAYLOAD_BYTES}-byte payload limit")

    def to_json(self) -> dict:
        """The descriptor object, keys in the Java encoder's order."""
        d = {"name": self.name, "kind": self.kind.name, "channelCount": self.channel_count,
             "sampleRate": float(self.sample_rate), "blockSamples": self.block_samples}
        if self.kind == Kind.SPIKES:
            d["waveformLength"] = self.waveform_length
        d["source"] = self.source
        d["channels"] = [{"name": c.name, "units": c.units, "bitVolts": _finite(c.bit_volts), "x": _finite(c.x),
                          "y": _finite(c.y)} for c in self.channels]
        return d

    @classmethod
    def from_json(cls, obj) -> "StreamSpec":
        """A spec from a descriptor object, checked as §4 and §5 bad-descriptor say."""
        if not isinstance(obj, dict):
            raise ValueError(f"descriptor is a JSON {type(obj).__name__}, expected an object")
        name = _text(obj, "name", True)
        if not name:
            raise ValueError('descriptor "name" is empty')
        kind = _text(obj, "kind", True)
        if kind not in Kind.__members__:
            raise ValueError(f'descriptor "kind" is {kind!r}, expected one of {list(Kind.__members__)}')
        count = _integer(obj, "channelCount")
        rate = obj.get("sampleRate")
        if isinstance(rate, bool) or not isinstance(rate, (int, float)):
            raise ValueError(f'descriptor "sampleRate" is {rate!r}, expected a number')
        channels = obj.get("channels")
        if channels is None:
            if count > MAX_UNLISTED_CHANNELS:
                raise ValueError(f'descriptor "channelCount" is {count} without a "channels" list; more than '
                                 f"{MAX_UNLISTED_CHANNELS} channels must be listed")
            channels = []
        elif not isinstance(channels, list):
            raise ValueError('descriptor "channels" is not an array')
        elif len(channels) != count:
            raise ValueError(f'descriptor "channels" has {len(channels)} entries but "channelCount" is {count}')
        listed = []
        for i, c in enumerate(channels):
            if not isinstance(c, dict):
                raise ValueError(f'descriptor "channels"[{i}] is not an object')
            listed.append(Channel(_text(c, "name", True), _text(c, "units", False),
                                  _nullable(c, "bitVolts", 1.0), _nullable(c, "x", None), _nullable(c, "y", None)))
        wave = _integer(obj, "waveformLength") if kind == "SPIKES" and "waveformLength" in obj else 0
        return cls(name, Kind[kind], count, float(rate), _integer(obj, "blockSamples"), _text(obj, "source", False),
                   listed, wave)


def _finite(v):
    return v if v is not None and math.isfinite(v) else None


def _text(obj, key, required):
    v = obj.get(key)
    if v is None:
        if required:
            raise ValueError(f'descriptor has no "{key}"')
        return ""
    if not isinstance(v, str):
        raise ValueError(f'descriptor "{key}" is {v!r}, expected a string')
    return v


def _integer(obj, key):
    v = obj.get(key)
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_COUNT:
        raise ValueError(f'descriptor "{key}" is {v!r}, expected an integer 0..{MAX_COUNT}')
    return v


def _nullable(obj, key, absent):
    v = obj.get(key)
    if v is None:
        return absent
    # 1e400 parses as infinity, which the wire writes as null: refused rather than changed.
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ValueError(f'descriptor "{key}" is {v!r}, expected a finite number or null')
    return float(v)


def decode_descriptor(buf, topic=None) -> StreamSpec:
    """Parses a kind-0 payload; with ``topic``, its name must equal it (§4)."""
    try:
        obj = json.loads(bytes(buf).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ValueError(f"descriptor is not UTF-8 JSON: {e}") from None
    spec = StreamSpec.from_json(obj)
    if topic is not None and spec.name != topic:
        raise ValueError(f'descriptor "name" is {spec.name!r}, expected the topic {topic!r}')
    return spec


def _java_double(v: float) -> str:
    """A double as Java's Double.toString writes it (positional in [1e-3, 1e7), else d.dddE±n),
    so that a descriptor encoded here equals the Java encoder's bytes."""
    if v == 0 or 1e-3 <= abs(v) < 1e7:
        return repr(v)
    sign, digits, exp = Decimal(repr(v)).normalize().as_tuple()
    mantissa = "".join(map(str, digits))
    return f"{'-' if sign else ''}{mantissa[0]}.{mantissa[1:] or '0'}E{exp + len(digits) - 1}"


def _json(o) -> str:
    # The standard encoder formats floats as Python does (1e-05, 10000000.0); the wire's bytes are
    # Java's, so the few JSON types of a descriptor are written here.
    if isinstance(o, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _json(v) for k, v in o.items()) + "}"
    if isinstance(o, list):
        return "[" + ",".join(_json(v) for v in o) + "]"
    if isinstance(o, float):
        if not math.isfinite(o):
            raise ValueError(f"descriptor number {o} is not finite")
        return _java_double(o)
    return json.dumps(o, ensure_ascii=False)


def encode_descriptor(spec: StreamSpec) -> bytes:
    """The descriptor payload: compact UTF-8 JSON, as the Java encoder writes it."""
    return _json(spec.to_json()).encode("utf-8")
