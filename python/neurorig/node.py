"""The node API: what a Python node implements, and the core that drives it from wire messages.

A node is a class with ``prepare(inputs, config)`` returning its output StreamSpecs (one per output
port, named by port) and ``process(port, block, emit)``; ``snapshot()``/``restore(data)`` are
optional. The node loop (``neurorig.run``) and the harness (``neurorig.harness``) both drive it
through :class:`NodeCore`, so a node tested with the harness sees exactly what it sees in a rig.
"""
import importlib
import inspect
import sys
import traceback

import numpy as np

from . import wire
from .wire import Events, Header, Kind, Spikes, StreamSpec

__all__ = ["Node", "Block", "NodeCore", "load_node", "error_report"]


class Node:
    """Base class of Python nodes; subclass it and override ``process`` (and usually ``prepare``)."""

    def prepare(self, inputs, config):
        """Called with the input StreamSpecs and the node's config (a dict) before the first block.
        Returns the output StreamSpecs, one per port, ``name`` = the port name. By default one port
        ``out`` shaped like the first input."""
        if not inputs:
            raise ValueError("a node without inputs must say its outputs in prepare")
        first = inputs[0]
        return [StreamSpec("out", first.kind, first.channel_count, first.sample_rate, first.block_samples,
                           channels=list(first.channels), waveform_length=first.waveform_length)]

    def process(self, port, block, emit):
        """Handles one input block of input ``port``; emits zero or more blocks through ``emit``.
        ``block.data`` views the message: read it, never keep it past the call (copy what must
        outlive it)."""
        raise NotImplementedError("a node implements process(port, block, emit)")

    def snapshot(self):
        """The node's state as bytes (include a version), or None when it has none."""
        return None

    def restore(self, data):
        """Restores what ``snapshot`` returned, after ``prepare``."""


class Block:
    """One block as a node sees it: the header fields of docs/WIRE.md §3, the input ``port`` it came
    on, and ``data``: a read-only (samples, channels) NumPy view for dense kinds, Events or Spikes."""

    __slots__ = ("port", "kind", "seq", "first_sample", "sample_count", "channel_count", "sample_rate",
                 "acq_time_nanos", "pub_time_nanos", "flags", "data")

    def __init__(self, port, header: Header, data):
        self.port = port
        self.kind = header.kind
        self.seq = header.seq
        self.first_sample = header.first_sample
        self.sample_count = header.sample_count
        self.channel_count = header.channel_count
        self.sample_rate = header.sample_rate
        self.acq_time_nanos = header.acq_time_nanos
        self.pub_time_nanos = header.pub_time_nanos
        self.flags = header.flags
        self.data = data

    @property
    def discontinuity(self):
        return bool(self.flags & wire.FLAG_DISCONTINUITY)

    @property
    def end_of_stream(self):
        return bool(self.flags & wire.FLAG_END_OF_STREAM)

    def __repr__(self):
        return (f"Block(port={self.port}, {Kind(self.kind).name}, seq={self.seq}, first={self.first_sample}, "
                f"n={self.sample_count}, ch={self.channel_count})")


def load_node(module, path=None):
    """Imports ``module`` (``name`` or ``name:Class``; ``path`` is put first on sys.path) and returns
    a new instance of its node class: the one Node subclass the module defines, or the named class."""
    name, _, cls_name = module.partition(":")
    if path:
        sys.path.insert(0, path)
    mod = importlib.import_module(name)
    if cls_name:
        if not hasattr(mod, cls_name):
            raise ValueError(f"module {name} has no class {cls_name}")
        return getattr(mod, cls_name)()
    found = [c for _, c in inspect.getmembers(mod, inspect.isclass)
             if issubclass(c, Node) and c is not Node and c.__module__ == mod.__name__]
    if len(found) != 1:
        names = ", ".join(c.__name__ for c in found) or "none"
        raise ValueError(f"module {name} must define exactly one neurorig.Node subclass (found {names}); "
                         f"name one as {name}:Class")
    return found[0]()


def error_report(exc):
    """The ``error`` body of the protocol: the exception's last line and the whole traceback."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return {"message": traceback.format_exception_only(type(exc), exc)[-1].strip(), "traceback": text}


class NodeCore:
    """Drives one node: prepare, then wire-encoded blocks in, wire-encoded emits out.

    ``send(port, header_bytes, payload)`` receives every emitted block as it would travel (the
    payload may view the node's own array: copy it before the emit returns); the header's ``seq``
    and ``pubTimeNanos`` are 0, the host stamps them. ``defaults`` is config that the config given
    to prepare overrides key by key (``--config`` of the node loop).
    """

    def __init__(self, node, send, defaults=None):
        self.node = node
        self._send = send
        self._defaults = dict(defaults or {})
        self.inputs = []
        self.outputs = []
        self._ports = {}
        self._current = None
        self.emit = self._emit  # one bound method, handed to every process call

    def prepare(self, inputs, config):
        specs = [s if isinstance(s, StreamSpec) else StreamSpec.from_json(s) for s in inputs]
        outputs = self.node.prepare(specs, dict(self._defaults, **(config or {})))
        if outputs is None:
            raise ValueError("prepare returned None, expected a list of output StreamSpecs")
        outputs = list(outputs)
        for i, o in enumerate(outputs):
            if not isinstance(o, StreamSpec):
                raise ValueError(f"prepare returned a {type(o).__name__} as output {i}, expected a StreamSpec")
        names = [o.name for o in outputs]
        if len(set(names)) != len(names):
            raise ValueError(f"prepare returned output ports with the same name: {names}")
        self.inputs, self.outputs = specs, outputs
        self._ports = {o.name: i for i, o in enumerate(outputs)}
        return outputs

    def block(self, port, header, payload):
        """Decodes one input block (its 64-byte header and payload, views kept) and processes it."""
        if not 0 <= port < len(self.inputs):
            raise ValueError(f"block on input port {port}, the node has {len(self.inputs)} inputs")
        h = wire.decode_header(header)
        if h.kind == wire.DESCRIPTOR:
            raise ValueError(f"input port {port}: header kind is 0 (a descriptor), expected a block")
        spec = self.inputs[port]
        if h.kind != spec.kind:
            raise ValueError(f"input port {port}: header kind is {Kind(h.kind).name}, the input is {spec.kind.name}")
        # The shape the node prepared for (docs/WIRE.md §5 shape-mismatch); event lines are informational.
        shape = spec.waveform_length if spec.kind == Kind.SPIKES else spec.channel_count
        if spec.kind != Kind.EVENTS and h.channel_count != shape:
            what = "waveformLength" if spec.kind == Kind.SPIKES else "channelCount"
            raise ValueError(f"input port {port}: header channelCount is {h.channel_count}, the input's {what} "
                             f"is {shape}")
        blk = Block(port, h, wire.decode_payload(h, payload))
        self._current = blk
        try:
            self.node.process(port, blk, self.emit)
        finally:
            self._current = None
        return blk

    def _emit(self, port, data, first_sample=None, acq_time_nanos=None, flags=None):
        """Emits ``data`` on output ``port`` (index or name): a (samples, channels) array for dense
        kinds, Events or Spikes. Timing defaults to the input block being processed."""
        i = self._ports.get(port, port) if isinstance(port, str) else port
        if not isinstance(i, int) or not 0 <= i < len(self.outputs):
            raise ValueError(f"emit on output port {port!r}, the node has {[o.name for o in self.outputs]}")
        spec = self.outputs[i]
        cur = self._current
        if first_sample is None:
            first_sample = cur.first_sample if cur else 0
        if acq_time_nanos is None:
            acq_time_nanos = cur.acq_time_nanos if cur else 0
        if flags is None:
            flags = cur.flags if cur else 0
        n, ch = self._check(spec, data)
        if spec.kind.dense:
            data = np.asarray(data)
            if spec.kind == Kind.CONTINUOUS_I16 and data.dtype != np.int16 and data.size:
                if data.dtype.kind not in "iu" or data.min() < -32768 or data.max() > 32767:
                    raise ValueError(f"emit on {spec.name}: CONTINUOUS_I16 data is {data.dtype} outside int16, "
                                     f"expected int16 values")
        header = Header(spec.kind, 0, first_sample, n, ch, spec.sample_rate, acq_time_nanos, 0, flags)
        if spec.kind.dense:
            # The array's own bytes when it already has the wire's type: the send copies them once.
            arr = np.ascontiguousarray(data, spec.kind.dtype)
            payload = memoryview(arr).cast("B") if arr.size else b""
        else:
            payload = wire.encode_payload(spec.kind, data)
        self._send(i, wire.encode_header(header), payload)

    @staticmethod
    def _check(spec, data):
        """Samples and header channel count of ``data`` for ``spec``, or a ValueError naming what differs."""
        kind = spec.kind
        if kind.dense:
            shape = np.shape(data)
            if len(shape) != 2 or shape[1] != spec.channel_count:
                raise ValueError(f"emit on {spec.name}: data has shape {shape}, expected (samples, "
                                 f"{spec.channel_count}) for {kind.name}")
            n, ch = shape[0], spec.channel_count
        elif kind == Kind.SPIKES:
            if not isinstance(data, Spikes):
                raise ValueError(f"emit on {spec.name}: data is a {type(data).__name__}, expected neurorig.Spikes")
            n, ch = len(data), spec.waveform_length
            if data.waveforms.shape != (n, ch):
                raise ValueError(f"emit on {spec.name}: waveforms have shape {data.waveforms.shape}, expected "
                                 f"({n}, {ch}) (waveformLength {ch})")
        else:
            if not isinstance(data, Events):
                raise ValueError(f"emit on {spec.name}: data is a {type(data).__name__}, expected neurorig.Events")
            n, ch = len(data), spec.channel_count
        if n > spec.block_samples:
            raise ValueError(f"emit on {spec.name}: {n} samples, more than its blockSamples {spec.block_samples}")
        return n, ch

    def snapshot(self):
        state = self.node.snapshot()
        return b"" if state is None else bytes(state)

    def restore(self, data):
        self.node.restore(bytes(data))
