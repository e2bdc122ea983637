#!/usr/bin/python3
"""Offline study: would an AR(2) calcium model (rise + decay) beat calcium.deconvolve's AR(1)?

Usage: /usr/bin/python3 ar_order_study.py TEXT_DIR

TEXT_DIR holds the GCaMP6f ground truth converted by gcamp_to_text.py. Both models are fitted by
exact (offline) OASIS with the same 30 s / 8th-percentile causal baseline as the node; spikes are
scored as in GcampGroundTruthTest (Pearson r with the true spikes per frame, unsmoothed and after a
Gaussian of 1 and 2 frames, mean over the 9 recordings). A synthetic AR(2) check first shows that
the AR(2) solver itself recovers spikes (r ≈ 1 at low noise). Results are written up in
docs/PREPROCESSING.md; this script is not run by the build.
"""
import os
import sys

import numpy as np


def smooth(a, sigma):
    if sigma <= 0:
        return a
    half = int(np.ceil(4 * sigma))
    k = np.exp(-0.5 * (np.arange(-half, half + 1) / sigma) ** 2)
    return np.convolve(a, k / k.sum(), "same")


def corr(a, b, sigma):
    return np.corrcoef(smooth(a, sigma), smooth(b, sigma))[0, 1]


def causal_baseline(y, rate, window_s=30, pct=8):
    w = int(window_s * rate)
    return np.array([np.percentile(y[max(0, i - w + 1):i + 1], pct) for i in range(len(y))])


def oasis_ar1(y, g):
    """Pools (value at start, weight, start, length); spike = jump at a pool's start."""
    v, w, t, l = [], [], [], []
    for k, yk in enumerate(y):
        v.append(yk), w.append(1.0), t.append(k), l.append(1)
        while len(v) > 1 and v[-1] < g ** l[-2] * v[-2]:
            gl = g ** l[-2]
            wi = gl * gl * w[-1]
            v[-2] = (w[-2] * v[-2] + gl * w[-1] * v[-1]) / (w[-2] + wi)
            w[-2] += wi
            l[-2] += l[-1]
            v.pop(), w.pop(), t.pop(), l.pop()
        v[0] = max(v[0], 0.0) if len(v) == 1 else v[0]
    s = np.zeros(len(y))
    for i in range(1, len(v)):
        s[t[i]] = v[i] - g ** l[i - 1] * v[i - 1]
    return s


def oasis_ar2(y, d, r):
    """c[t] = (d+r) c[t-1] - d r c[t-2] + s[t]. In a pool starting at t_i with first value v and
    the previous pool's last value u: c[t_i+k] = v h[k] + u g2 h[k-1], h[k] = (d^(k+1)-r^(k+1))/(d-r)."""
    n = len(y)
    k = np.arange(n + 2)
    h = (d ** (k + 1) - r ** (k + 1)) / (d - r)
    g12 = np.concatenate(([0.0], -d * r * h[:-1]))
    hh, hg = np.cumsum(h * h), np.cumsum(h * g12)
    v, u, t, l = [], [], [], []

    def fit(i):
        seg = y[t[i]:t[i] + l[i]]
        return (np.dot(h[:l[i]], seg) - u[i] * hg[l[i] - 1]) / hh[l[i] - 1]

    for kk in range(n):
        last = v[-1] * h[l[-1] - 1] + u[-1] * g12[l[-1] - 1] if v else 0.0
        v.append(0.0), u.append(last), t.append(kk), l.append(1)
        v[-1] = fit(len(v) - 1)
        while len(v) > 1:
            p = len(v) - 2
            if v[-1] >= v[p] * h[l[p]] + u[p] * g12[l[p]]:
                break
            l[p] += l[-1]
            v.pop(), u.pop(), t.pop(), l.pop()
            v[p] = fit(p)
        if len(v) == 1:
            v[0] = max(v[0], 0.0)
    s = np.zeros(n)
    for i in range(1, len(v)):
        p = i - 1
        s[t[i]] = v[i] - (v[p] * h[l[p]] + u[p] * g12[l[p]])
    return s


def shifted(s, frames):
    return np.concatenate((s[frames:], np.zeros(frames))) if frames > 0 else s


def synthetic_check(rate=60.0):
    rng = np.random.default_rng(1)
    d, r = np.exp(-1 / (0.7 * rate)), np.exp(-1 / (0.05 * rate))
    s = (rng.random(6000) < 0.02) * (0.5 + rng.random(6000))
    c = np.zeros_like(s)
    for i in range(len(s)):
        c[i] = s[i] + (d + r) * (c[i - 1] if i > 0 else 0) - d * r * (c[i - 2] if i > 1 else 0)
    y = c + 0.05 * rng.standard_normal(len(s))
    print("synthetic AR(2), noise 0.05: AR(2) r %.3f, AR(1) r %.3f (unsmoothed)"
          % (corr(oasis_ar2(y, d, r), s, 0), corr(oasis_ar1(y, d), s, 0)))


def main():
    synthetic_check()
    text = sys.argv[1]
    names = [n for n in open(os.path.join(text, "index.txt")).read().split() if n]
    recordings = []
    for name in names:
        rows = open(os.path.join(text, name + ".txt")).read().split("\n")
        t = np.array(rows[0].split(), float)
        y = np.array(rows[1].split(), float)
        ap = np.array(rows[2].split(), float) if rows[2].strip() else np.array([])
        dt = (t[-1] - t[0]) / (len(t) - 1)
        truth = np.zeros(len(t))
        for a in ap:
            f = int(round((a - t[0]) / dt))
            if 0 <= f < len(t):
                truth[f] += 1
        recordings.append((y - causal_baseline(y, 1 / dt), truth, dt))
    variants = [("AR(1) tau 0.7 s, delay 2 frames (the node's defaults)",
                 lambda y, dt: shifted(oasis_ar1(y, np.exp(-dt / 0.7)), 2))]
    for rise in (0.02, 0.05):
        for frames in (0, 1, 2):
            variants.append(("AR(2) tau 0.7 s, rise %.2f s, delay %d frames" % (rise, frames),
                             lambda y, dt, rise=rise, frames=frames:
                             shifted(oasis_ar2(y, np.exp(-dt / 0.7), np.exp(-dt / rise)), frames)))
    for label, infer in variants:
        m = np.zeros(3)
        for y, truth, dt in recordings:
            s = infer(y, dt)
            m += np.array([corr(s, truth, k) for k in range(3)]) / len(recordings)
        print("%-52s r %.3f / %.3f / %.3f" % (label, *m), flush=True)


if __name__ == "__main__":
    main()
