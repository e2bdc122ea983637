#!/usr/bin/python3
"""Golden vectors for the NeuroRig filter nodes, computed with SciPy.

Usage: /usr/bin/python3 make_golden.py [OUT_DIR]   (default: ../resources/golden next to this file)

Writes, deterministically:
  sos.tsv          one design per line: name btype order lowHz highHz rate Q then the SOS rows
                   (b0 b1 b2 a0 a1 a2 per section, repr() precision) from scipy.signal.butter,
                   iirnotch (order = harmonics), or cheby1 as decimate uses it (then highHz = output
                   rate, Q = factor).
  vectors.tsv      one filtering case per line: name design channels samples dtype bitVolts
  <name>.in.npy    input, samples x channels (float32, or int16 counts scaled by bitVolts)
  <name>.out.npy   float32 output of scipy.signal.sosfilt(sos, x_float64, axis=0), or for the
                   decimate designs of scipy.signal.decimate(x_float64, q, n=order, ftype='iir',
                   zero_phase=False, axis=0)
The Java tests (GoldenVectorTest) read these files; keep the total under 1 MB.
"""
import os
import sys

import numpy as np
import scipy
from scipy import signal

# name, btype, order, lowHz, highHz, rate
BUTTER = [
    ("bp1_30k", "bandpass", 1, 300.0, 6000.0, 30000.0),
    ("bp2_40k", "bandpass", 2, 300.0, 6000.0, 40000.0),
    ("bp3_30k", "bandpass", 3, 300.0, 6000.0, 30000.0),
    ("bp4_1k", "bandpass", 4, 1.0, 100.0, 1000.0),
    ("bp5_20k", "bandpass", 5, 500.0, 3000.0, 20000.0),
    ("bp8_30k", "bandpass", 8, 300.0, 6000.0, 30000.0),
    ("hp1_30k", "highpass", 1, 300.0, 0.0, 30000.0),
    ("hp3_30k", "highpass", 3, 300.0, 0.0, 30000.0),
    ("hp6_2k5", "highpass", 6, 0.5, 0.0, 2500.0),
    ("lp1_30k", "lowpass", 1, 0.0, 6000.0, 30000.0),
    ("lp4_30k", "lowpass", 4, 0.0, 300.0, 30000.0),
    ("lp7_30k", "lowpass", 7, 0.0, 14000.0, 30000.0),
    ("lp8_1k", "lowpass", 8, 0.0, 40.0, 1000.0),
]
# name, w0 Hz, Q, rate, harmonics: one iirnotch(k*w0, Q) section per harmonic k = 1..harmonics
NOTCH = [
    ("notch50_q30_30k", 50.0, 30.0, 30000.0, 1),
    ("notch60_q10_1k", 60.0, 10.0, 1000.0, 1),
    ("notch150_q35_30k", 150.0, 35.0, 30000.0, 1),
    ("notch60x4_q30_30k", 60.0, 30.0, 30000.0, 4),
]
# name, factor q, Chebyshev order, rate: scipy.signal.decimate(x, q, n=order, ftype='iir', zero_phase=False)
DECIMATE = [
    ("dec30_o8_30k", 30, 8, 30000.0),
    ("dec4_o8_20k", 4, 8, 20000.0),
    ("dec10_o6_40k", 10, 6, 40000.0),
]
# name, design, channels, samples, dtype, bitVolts
VECTORS = [
    ("bp3_30k_f32", "bp3_30k", 3, 3000, "f4", 1.0),
    ("bp2_40k_i16", "bp2_40k", 2, 3000, "i2", 0.05),
    ("bp8_30k_f32", "bp8_30k", 2, 3000, "f4", 1.0),
    ("bp1_30k_f32", "bp1_30k", 2, 2000, "f4", 1.0),
    ("hp3_30k_i16", "hp3_30k", 3, 2000, "i2", 0.195),
    ("lp4_30k_f32", "lp4_30k", 2, 2000, "f4", 1.0),
    ("lp7_30k_f32", "lp7_30k", 2, 2000, "f4", 1.0),
    ("notch50_q30_30k_f32", "notch50_q30_30k", 2, 3000, "f4", 1.0),
    ("dec30_o8_30k_f32", "dec30_o8_30k", 2, 6000, "f4", 1.0),
    ("dec4_o8_20k_i16", "dec4_o8_20k", 2, 3000, "i2", 0.195),
    ("notch60x4_q30_30k_i16", "notch60x4_q30_30k", 2, 3000, "i2", 0.195),
]


def designs():
    out = {}
    for name, btype, order, lo, hi, rate in BUTTER:
        wn = {"bandpass": [lo, hi], "highpass": lo, "lowpass": hi}[btype]
        out[name] = (btype, order, lo, hi, rate, 0.0,
                     signal.butter(order, wn, btype, fs=rate, output="sos"))
    for name, w0, q, rate, harmonics in NOTCH:
        sections = [np.concatenate(signal.iirnotch(k * w0, q, fs=rate)) for k in range(1, harmonics + 1)]
        out[name] = ("notch", harmonics, w0, w0, rate, q, np.array(sections))
    for name, q, order, rate in DECIMATE:
        # the anti-aliasing filter exactly as scipy.signal.decimate builds it
        out[name] = ("decimate", order, 0.0, rate / q, rate, float(q),
                     signal.cheby1(order, 0.05, 0.8 / q, output="sos"))
    return out


def test_signal(rng, samples, channels, rate, dtype, bit_volts):
    t = np.arange(samples) / rate
    x = np.empty((samples, channels))
    for c in range(channels):
        x[:, c] = (40 * rng.standard_normal(samples)              # broadband noise, µV
                   + 120 * np.sin(2 * np.pi * 50 * t + c)          # mains
                   + 60 * np.sin(2 * np.pi * (rate / 20) * t)      # in most pass bands
                   + 500 * (c - 1))                                # DC offset
    x[samples // 2: samples // 2 + 5, 0] += 800                    # a step-like transient
    if dtype == "i2":
        return np.round(x / bit_volts).clip(-32768, 32767).astype(np.int16)
    return x.astype(np.float32)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "resources", "golden")
    os.makedirs(out_dir, exist_ok=True)
    d = designs()
    with open(os.path.join(out_dir, "sos.tsv"), "w") as f:
        f.write(f"# scipy {scipy.__version__} numpy {np.__version__}; "
                "name btype order lowHz highHz rate Q sos...\n")
        for name, (btype, order, lo, hi, rate, q, sos) in d.items():
            f.write("\t".join([name, btype, str(order), repr(lo), repr(hi), repr(rate), repr(q)]
                              + [repr(float(v)) for v in sos.ravel()]) + "\n")
    rng = np.random.default_rng(20261123)
    with open(os.path.join(out_dir, "vectors.tsv"), "w") as f:
        f.write("# name design channels samples dtype bitVolts\n")
        for name, design, channels, samples, dtype, bit_volts in VECTORS:
            sos = d[design][6]
            rate = d[design][4]
            x = test_signal(rng, samples, channels, rate, dtype, bit_volts)
            x64 = x.astype(np.float64) * bit_volts  # float64 so that SciPy filters in double, as we do
            if d[design][0] == "decimate":
                q = int(d[design][5])
                y = signal.decimate(x64, q, n=d[design][1], ftype="iir", zero_phase=False, axis=0)
            else:
                y = signal.sosfilt(sos, x64, axis=0)
            y = y.astype(np.float32)
            np.save(os.path.join(out_dir, name + ".in.npy"), np.ascontiguousarray(x))
            np.save(os.path.join(out_dir, name + ".out.npy"), np.ascontiguousarray(y))
            f.write("\t".join([name, design, str(channels), str(samples), dtype, repr(bit_volts)]) + "\n")


if __name__ == "__main__":
    main()
