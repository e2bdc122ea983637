#!/usr/bin/python3
"""NumPy reference for channels.map.

Usage: /usr/bin/python3 make_map.py [OUT_DIR]   (default: ../resources/golden next to this file)

A 12-channel probe with a two-column staggered layout given per input channel (x, y in µm, with
ties in y) and input rows of random int16. The channel map sorts the channels by depth: a stable
argsort of y (ties keep input order), as np.argsort(y, kind="stable"):
  map_in.npy    int16 (samples, 12)
  map_pos.npy   float64 (12, 2): x, y of each input channel
  map_out.npy   int16 (samples, 12) = map_in[:, order]
  map_order.npy int64 (12,): the order
"""
import os
import sys

import numpy as np


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "resources", "golden")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(12)
    n = 12
    perm = rng.permutation(n)  # the wiring: input channel i sits at site perm[i]
    site_x = np.where(np.arange(n) % 2 == 0, 16.0, 48.0)
    site_y = 20.0 * (np.arange(n) // 2)  # two sites per row: ties in y
    pos = np.stack([site_x[perm], site_y[perm]], axis=1)
    x = rng.integers(-2000, 2000, size=(300, n)).astype(np.int16)
    order = np.argsort(pos[:, 1], kind="stable")
    np.save(os.path.join(out, "map_in.npy"), x)
    np.save(os.path.join(out, "map_pos.npy"), pos)
    np.save(os.path.join(out, "map_out.npy"), np.ascontiguousarray(x[:, order]))
    np.save(os.path.join(out, "map_order.npy"), order.astype(np.int64))


if __name__ == "__main__":
    main()
