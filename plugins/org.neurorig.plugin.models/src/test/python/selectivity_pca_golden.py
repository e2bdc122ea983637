"""NumPy references for model.selectivity and model.pca (see SelectivityGoldenTest, PcaGoldenTest).

Writes one JSON file: the float32 input data and what the nodes must output, computed in float64.
Usage: /usr/bin/python3 selectivity_pca_golden.py OUT.json
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(4)

# --- selectivity: 40 neurons, 600 frames, blocks of condition A / B / gray
n, t = 40, 600
frames = (rng.normal(0, 1, (t, n)) + 5).astype(np.float32)
labels = np.full(t, -1)
events = []
s = 10
while s < t:
    cond = int(rng.integers(0, 3))  # 0 = A, 1 = B, 2 = gray
    length = int(rng.integers(15, 40))
    events.append([s, ["A", "B", "gray"][cond]])
    labels[s:s + length] = cond if cond < 2 else -1
    if cond == 0:
        frames[s:s + length, :8] += np.float32(1.5)   # neurons 0-7 prefer A
    elif cond == 1:
        frames[s:s + length, 8:12] += np.float32(2.0)  # 8-11 prefer B
    s += length
# what follows the last block is unlabelled
x = frames.astype(np.float64)
proj = np.full(t, np.nan)
for i in range(t):
    a = x[:i + 1][labels[:i + 1] == 0]
    b = x[:i + 1][labels[:i + 1] == 1]
    if len(a) and len(b):
        diff = a.mean(0) - b.mean(0)
        proj[i] = x[i] @ diff / np.linalg.norm(diff)
a = x[labels == 0]
b = x[labels == 1]
dprime = (a.mean(0) - b.mean(0)) / np.sqrt((a.var(0) + b.var(0)) / 2)
cd = (a.mean(0) - b.mean(0)) / np.linalg.norm(a.mean(0) - b.mean(0))

# --- pca: 12 channels, 3 latent factors + noise, offset; fit after 300 rows, then at the end
pt, pn, k = 600, 12, 3
latent = rng.normal(0, 1, (pt, 3)) * np.array([3.0, 2.0, 1.0])
mix = rng.normal(0, 1, (3, pn))
data = (latent @ mix + rng.normal(0, 0.3, (pt, pn)) + 100).astype(np.float32)


def pca(rows):
    c = np.cov(rows.astype(np.float64), rowvar=False)
    w, v = np.linalg.eigh(c)
    order = np.argsort(w)[::-1][:k]
    comps = v[:, order].T
    for j in range(k):
        if comps[j, np.argmax(np.abs(comps[j]))] < 0:
            comps[j] = -comps[j]
    return w[order], comps, rows.astype(np.float64).mean(0)


w1, c1, m1 = pca(data[:300])
w2, c2, m2 = pca(data)
pproj = (data[300:].astype(np.float64) - m1) @ c1.T

json.dump({
    "selectivity": {"frames": frames.tolist(), "events": events, "proj": [None if np.isnan(v) else v for v in proj],
                    "dprime": dprime.tolist(), "cd": cd.tolist(), "framesA": int(len(a)), "framesB": int(len(b))},
    "pca": {"data": data.tolist(), "k": k, "refitEvery": 300, "variance1": w1.tolist(), "variance2": w2.tolist(),
            "components2": c2.tolist(), "proj": pproj.tolist()},
}, open(sys.argv[1], "w"))
