"""Test a node without a rig: feed NumPy arrays as blocks of a given spec, collect what it emits.

Blocks travel through the wire codec both ways, as in the node loop: the node receives read-only
views of encoded messages, and what it emits is encoded, checked against its output specs and
decoded again. The harness numbers blocks as the host does (seq per port from 0)::

    h = Harness(MyNode(), [StreamSpec("bins", Kind.MATRIX_F32, 96, 50.0, 1)], {"alpha": 1.0})
    h.feed_all(0, X)               # X: (bins, 96), cut into blocks of blockSamples rows
    Y = h.output(0)                # every row emitted on output 0, stacked
"""
import numpy as np

from . import wire
from .node import Block, NodeCore
from .wire import Events, Header, Kind, Spikes, StreamSpec

__all__ = ["Harness"]


class Harness:
    """Drives ``node`` as the rig would: ``prepare`` at construction, then ``feed``."""

    def __init__(self, node, inputs, config=None):
        self.core = NodeCore(node, self._collect)
        self.outputs = self.core.prepare(inputs, config or {})
        self.inputs = self.core.inputs
        self.emitted = [[] for _ in self.outputs]  # per output port, Blocks in emission order
        self._in_seq = [0] * len(self.inputs)
        self._next_sample = [0] * len(self.inputs)

    def _collect(self, port, header, payload):
        h = wire.decode_header(header)
        h.seq = len(self.emitted[port])
        # A copy: the payload may view an array the node reuses for its next emit.
        self.emitted[port].append(Block(port, h, wire.decode_payload(h, bytes(payload))))

    def feed(self, port, data, first_sample=None, acq_time_nanos=0, flags=0):
        """Feeds one block on input ``port``: a (samples, channels) array for dense kinds, Events or
        Spikes. ``first_sample`` defaults to where the previous block of the port ended. Returns the
        blocks emitted while processing it, as (port, Block) pairs."""
        spec = self.inputs[port]
        n, ch = _shape(spec, data)
        if first_sample is None:
            first_sample = self._next_sample[port]
        self._next_sample[port] = first_sample + n
        h = Header(spec.kind, self._in_seq[port], first_sample, n, ch, spec.sample_rate, acq_time_nanos, 0, flags)
        self._in_seq[port] += 1
        before = [len(e) for e in self.emitted]
        self.core.block(port, wire.encode_header(h), wire.encode_payload(spec.kind, data))
        return [(p, b) for p, e in enumerate(self.emitted) for b in e[before[p]:]]

    def feed_all(self, port, data):
        """Feeds a (samples, channels) array of a dense input cut into blocks of its blockSamples."""
        spec = self.inputs[port]
        for start in range(0, len(data), spec.block_samples):
            self.feed(port, data[start:start + spec.block_samples])

    def output(self, port):
        """Every sample emitted on dense output ``port``, stacked: (samples, channels)."""
        spec = self.outputs[port]
        if not spec.kind.dense:
            raise ValueError(f"output {spec.name} is {spec.kind.name}; read harness.emitted[{port}]")
        blocks = [b.data for b in self.emitted[port]]
        return np.vstack(blocks) if blocks else np.zeros((0, spec.channel_count), spec.kind.dtype)

    def snapshot(self):
        return self.core.snapshot()

    def restore(self, data):
        self.core.restore(data)


def _shape(spec: StreamSpec, data):
    if spec.kind.dense:
        shape = np.shape(data)
        if len(shape) != 2 or shape[1] != spec.channel_count:
            raise ValueError(f"input {spec.name}: data has shape {shape}, expected (samples, {spec.channel_count})")
        if shape[0] > spec.block_samples:
            raise ValueError(f"input {spec.name}: {shape[0]} samples, more than its blockSamples "
                             f"{spec.block_samples}; use feed_all")
        return shape[0], spec.channel_count
    if spec.kind == Kind.SPIKES:
        if not isinstance(data, Spikes):
            raise ValueError(f"input {spec.name}: data is a {type(data).__name__}, expected neurorig.Spikes")
        return len(data), spec.waveform_length
    if not isinstance(data, Events):
        raise ValueError(f"input {spec.name}: data is a {type(data).__name__}, expected neurorig.Events")
    return len(data), spec.channel_count
