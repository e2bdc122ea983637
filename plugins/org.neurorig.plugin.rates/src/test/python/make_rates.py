#!/usr/bin/python3
"""NumPy reference for rates.smooth and rates.zscore.

Usage: /usr/bin/python3 make_rates.py [OUT_DIR]   (default: ../resources/golden next to this file)

Input: binned counts, 4 channels x 3000 bins of 20 ms (50 Hz), Poisson with slowly varying rates
(rates_in.npy, float32 (bins, 4)). Outputs, float32 (bins, 4):
  rates_gauss.npy  causal half-Gaussian, sigma = 100 ms = 5 bins, taps k[i] = exp(-i^2/(2 sigma^2)),
                   i = 0..ceil(4 sigma), normalised to sum 1: y[t] = sum_i k[i] x[t-i] (zeros before t=0)
  rates_exp.npy    exponential, tau = 100 ms = 5 bins: y[t] = a y[t-1] + (1-a) x[t], a = exp(-1/5), y[-1] = 0
  rates_z.npy      running z-score, window 10 s = 500 bins: weight w_t = max(1/(t+1), 1/500),
                   m_t = m_{t-1} + w_t d, v_t = (1-w_t)(v_{t-1} + w_t d^2), d = x_t - m_{t-1};
                   z_t = (x_t - m_t)/sqrt(v_t), 0 while v_t <= 1e-12
"""
import os
import sys

import numpy as np
from scipy.signal import lfilter

BINS, CH, RATE = 3000, 4, 50.0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "resources", "golden")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(8)
    t = np.arange(BINS)[:, None]
    lam = 0.4 * (1 + np.arange(CH)) * (1.2 + np.sin(2 * np.pi * t / (400 + 100 * np.arange(CH))))
    x = rng.poisson(lam).astype(np.float32)
    x[:, 3] = 0  # a silent channel: z-score stays 0
    x[1000:1100, 3] = 1
    xd = x.astype(np.float64)

    sigma = 5.0
    i = np.arange(int(np.ceil(4 * sigma)) + 1)
    k = np.exp(-i ** 2 / (2 * sigma ** 2))
    k /= k.sum()
    gauss = np.stack([np.convolve(xd[:, c], k)[:BINS] for c in range(CH)], axis=1)
    a = np.exp(-1 / 5.0)
    expo = lfilter([1 - a], [1, -a], xd, axis=0)

    z = np.zeros_like(xd)
    m = np.zeros(CH)
    v = np.zeros(CH)
    for n in range(BINS):
        w = max(1.0 / (n + 1), 1.0 / 500)
        d = xd[n] - m
        m = m + w * d
        v = (1 - w) * (v + w * d * d)
        ok = v > 1e-12
        z[n] = np.where(ok, (xd[n] - m) / np.sqrt(np.where(ok, v, 1)), 0)

    np.save(os.path.join(out, "rates_in.npy"), x)
    np.save(os.path.join(out, "rates_gauss.npy"), gauss.astype(np.float32))
    np.save(os.path.join(out, "rates_exp.npy"), expo.astype(np.float32))
    np.save(os.path.join(out, "rates_z.npy"), z.astype(np.float32))


if __name__ == "__main__":
    main()
