#!/usr/bin/python3
"""NumPy reference for spikes.bin.

Usage: /usr/bin/python3 make_bins.py [OUT_DIR]   (default: ../resources/golden next to this file)

A spike stream (5 channels, 30 kHz, starting at sample 12345, Poisson spikes) cut into blocks
whose detection horizons are random, and the per-channel counts in 50 ms bins aligned to sample
numbers (bin b = samples [b*W, (b+1)*W), W = 1500), from the bin holding the first sample up to
the last bin closed by the final horizon:
  bins_spikes.npy    int64 (n, 3): sample, channel, block index
  bins_horizons.npy  int64 (blocks,): firstSample (= horizon) of each spike block
  bins_counts.npy    float32 (bins, 5); bins_first.npy int64 (1,): sample number of bin 0's start
"""
import os
import sys

import numpy as np

RATE, CHANNELS, START, SAMPLES, W = 30000, 5, 12345, 100000, 1500


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "resources", "golden")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(4)
    samples, channels = [], []
    for c in range(CHANNELS):
        n = rng.poisson(20 * (c + 1) * SAMPLES / RATE)
        t = np.sort(rng.integers(START, START + SAMPLES, n))
        samples.append(t)
        channels.append(np.full(n, c))
    s = np.concatenate(samples)
    ch = np.concatenate(channels)
    order = np.lexsort((ch, s))
    s, ch = s[order], ch[order]
    # horizons: the stream start first (an empty block), then random block ends
    ends = np.sort(rng.choice(np.arange(START + 1, START + SAMPLES), 60, replace=False))
    horizons = np.concatenate([[START], ends, [START + SAMPLES]])
    block = np.searchsorted(horizons, s, side="right")  # block k holds spikes in [h[k-1], h[k])
    b0 = START // W
    last = horizons[-1] // W  # bins before this one are closed
    counts = np.zeros((last - b0, CHANNELS), np.float32)
    closed = s // W < last  # spikes in the still-open last bin are not emitted
    np.add.at(counts, (s[closed] // W - b0, ch[closed]), 1)
    np.save(os.path.join(out, "bins_spikes.npy"), np.stack([s, ch, block], axis=1).astype(np.int64))
    np.save(os.path.join(out, "bins_horizons.npy"), horizons.astype(np.int64))
    np.save(os.path.join(out, "bins_counts.npy"), counts)
    np.save(os.path.join(out, "bins_first.npy"), np.array([b0 * W], np.int64))


if __name__ == "__main__":
    main()
