"""Decodes 2-D hand velocity from binned spike counts with a scikit-learn Ridge regression.

Input: MATRIX_F32 bins (rows = bins, columns = channels). Output `velocity`: MATRIX_F32, 2 columns.
Config: `train`, an .npz file with X (bins x channels) and Y (bins x 2) to fit on; `alpha` (1.0).
"""
import pickle

import numpy as np
from sklearn.linear_model import Ridge

from neurorig import Kind, Node, StreamSpec


class RidgeDecoder(Node):
    def prepare(self, inputs, config):
        bins = inputs[0]
        if bins.kind != Kind.MATRIX_F32:
            raise ValueError(f"input {bins.name} is {bins.kind.name}, expected MATRIX_F32 bins")
        with np.load(config["train"]) as f:
            self.model = Ridge(alpha=float(config.get("alpha", 1.0))).fit(f["X"], f["Y"])
        return [StreamSpec("velocity", Kind.MATRIX_F32, 2, bins.sample_rate, bins.block_samples)]

    def process(self, port, block, emit):
        emit("velocity", self.model.predict(block.data))

    def snapshot(self):
        return pickle.dumps(self.model)  # the fitted weights survive a restart without refitting

    def restore(self, data):
        self.model = pickle.loads(data)
