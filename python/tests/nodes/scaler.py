"""A node for the node-loop tests: scales a CONTINUOUS_F32 input by config "gain", counts the
events of a second input, raises on a block whose first sample is 666, keeps a block count as state."""
import struct

import numpy as np

from neurorig import Events, Kind, Node, StreamSpec


class Scaler(Node):
    def prepare(self, inputs, config):
        sig = inputs[0]
        if sig.kind != Kind.CONTINUOUS_F32:
            raise ValueError(f"input {sig.name} is {sig.kind.name}, expected CONTINUOUS_F32")
        self.gain = float(config["gain"])
        self.blocks = 0
        return [StreamSpec("scaled", Kind.CONTINUOUS_F32, sig.channel_count, sig.sample_rate, sig.block_samples),
                StreamSpec("marks", Kind.EVENTS, 1, sig.sample_rate, 4)]

    def process(self, port, block, emit):
        if port == 1:
            emit("marks", Events.of([block.first_sample], [0], [1], [f"{len(block.data)} events"]))
            return
        if block.first_sample == 666:
            raise RuntimeError("cannot scale block 666")
        self.blocks += 1
        emit(0, block.data * np.float32(self.gain))

    def snapshot(self):
        return struct.pack("<q", self.blocks)

    def restore(self, data):
        (self.blocks,) = struct.unpack("<q", data)
