#!/usr/bin/python3
"""Golden values for model.encoding.ridge from scikit-learn's Ridge.

Writes ridge-golden.json: float32 feature and response rows, the lag/fold/penalty settings, and
what scikit-learn computes on the lagged design: held-out R² per penalty (predictions pooled over
contiguous folds, as r2_score on cross-validated predictions), each response's best penalty, and
the weights and intercepts refitted on all rows with it.
Usage: /usr/bin/python3 ridge_golden.py OUT.json
"""
import json
import sys

import numpy as np
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score

T, P, N = 1500, 4, 6
MIN_LAG, MAX_LAG = -1, 2
FOLDS, FOLD_ROWS = 5, 300
LAMBDAS = [0.01, 1.0, 100.0, 10000.0]

rng = np.random.default_rng(7)
f = rng.standard_normal((T, P)).astype(np.float32)
f[:, 1] += 5.0                               # an offset feature: tests the shift against cancellation
f[:, 2] = np.convolve(f[:, 2], np.ones(5) / 5, mode="same")  # a smooth one: correlated lags
f = f.astype(np.float32)

def lagged(x, t):
    return np.concatenate([x[t - lag] for lag in range(MIN_LAG, MAX_LAG + 1)])

ts = np.arange(MAX_LAG, T + min(MIN_LAG, 0))          # rows with every lag inside the data
X = np.stack([lagged(f, t) for t in ts]).astype(np.float64)
true_w = rng.standard_normal((X.shape[1], N)) * (rng.random((X.shape[1], N)) < 0.3)
noise = np.array([0.1, 0.5, 1, 2, 5, 20])                 # from well explained to barely
y = np.zeros((T, N), dtype=np.float32)
y[ts] = (X @ true_w + 3.0 + rng.standard_normal((len(ts), N)) * noise).astype(np.float32)
Y = y[ts].astype(np.float64)

fold = (ts // FOLD_ROWS) % FOLDS
r2_by_lambda = []
for lam in LAMBDAS:
    pred = np.zeros_like(Y)
    for k in range(FOLDS):
        test = fold == k
        m = Ridge(alpha=lam).fit(X[~test], Y[~test])
        pred[test] = m.predict(X[test])
    r2_by_lambda.append(r2_score(Y, pred, multioutput="raw_values"))
r2_by_lambda = np.array(r2_by_lambda)
best = np.argmax(r2_by_lambda, axis=0)
weights = np.zeros((X.shape[1], N))
intercepts = np.zeros(N)
for j in range(N):
    m = Ridge(alpha=LAMBDAS[best[j]]).fit(X, Y[:, j])
    weights[:, j] = m.coef_
    intercepts[j] = m.intercept_

out = {
    "minLag": MIN_LAG, "maxLag": MAX_LAG, "folds": FOLDS, "foldRows": FOLD_ROWS, "lambdas": LAMBDAS,
    "features": [[float(v) for v in row] for row in f],
    "responses": [[float(v) for v in row] for row in y],
    "rows": int(len(ts)),
    "r2ByLambda": r2_by_lambda.tolist(),
    "lambda": [LAMBDAS[b] for b in best],
    "weights": weights.tolist(),
    "intercepts": intercepts.tolist(),
}
with open(sys.argv[1], "w") as fh:
    json.dump(out, fh)
