#!/usr/bin/python3
"""Peer for FitBenchmark.recipeTable: what a Python user would write instead of samplesize fit.

SciPy curve_fit (MINPACK Levenberg-Marquardt, or TRF where an asymptote bound is needed) for the same
eight families on the recipe's 4-size x 5-repeat table, the same scaled sizes, several starts for the
full fit, then a bootstrap over repeats within each size (B replicates, warm-started from the full
fit) with percentile intervals at 2x. Single-threaded, like the NumPy/SciPy stack here.
Prints one JSON line last: {"seconds": ..., "fits": ..., "families": ...}.

Run: /usr/bin/python3 benchmarks/peers/peer_fit.py --bootstrap 1000 --repeat 3
"""
import argparse
import json
import time
import warnings

import numpy as np
from scipy.optimize import curve_fit, OptimizeWarning

SIZES = np.array([165, 330, 825, 1651], dtype=float)
ACC = np.array([
    [0.8202, 0.7466, 0.8011, 0.8447, 0.8229],
    [0.861, 0.8774, 0.8501, 0.8937, 0.891],
    [0.891, 0.9237, 0.8856, 0.9101, 0.891],
    [0.8937, 0.9373, 0.9128, 0.8719, 0.9128],
])
INF = np.inf
# name: (f(x, *p) on x = n / largest, starts, bounds or None)
FAMILIES = {
    "pow2": (lambda x, a, b: a * x ** b, [[0.9, 0.05], [0.9, 0.2]], None),
    "pow3": (lambda x, c, a, al: c - a * x ** (-al), [[0.92, 0.01, 1.0], [0.95, 0.05, 0.3]],
             ([0, -INF, 1e-3], [1, INF, 10])),
    "pow4": (lambda x, a, b, c, d: a - b * (d + x) ** (-c), [[0.92, 0.01, 1.0, 0.01], [0.95, 0.05, 0.3, 0.3]],
             ([0, -INF, 1e-3, 0], [1, INF, 10, 100])),
    "exp3": (lambda x, a, b, c: a * np.exp(-b * x) + c, [[-0.3, 2.0, 0.92], [-0.3, 8.0, 0.92]],
             ([-INF, 1e-4, 0], [INF, 1e3, 1])),
    "log2": (lambda x, a, b: -a * np.log(x) + b, [[-0.04, 0.9]], None),
    "vap3": (lambda x, a, b, c: np.exp(a + b / x + c * np.log(x)), [[0.0, -0.1, 0.0], [0.0, -0.3, 0.05]], None),
    "mmf4": (lambda x, a, b, c, d: (a * b + c * x ** d) / (b + x ** d), [[0.5, 0.05, 0.92, 1.0], [0.5, 0.3, 0.95, 0.5]],
             ([-INF, 1e-9, 0, 1e-2], [INF, 1e9, 1, 10])),
    "wbl4": (lambda x, a, b, c, d: c - b * np.exp(-a * x ** d), [[3.0, 0.3, 0.92, 1.0], [10.0, 0.5, 0.95, 0.5]],
             ([1e-6, -INF, 0, 1e-2], [1e4, INF, 1, 10])),
}


def fit(f, x, y, p0, bounds):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if bounds is None:
                p, _ = curve_fit(f, x, y, p0=p0, maxfev=2000)
            else:
                p0 = np.clip(p0, np.array(bounds[0]) + 1e-12, np.array(bounds[1]) - 1e-12)
                p, _ = curve_fit(f, x, y, p0=p0, bounds=bounds, max_nfev=2000)
        r = y - f(x, *p)
        return p, float(r @ r)
    except (RuntimeError, ValueError, OptimizeWarning, FloatingPointError):
        return None, INF


def run(bootstrap, seed):
    rng = np.random.default_rng(seed)
    x = np.repeat(SIZES / SIZES[-1], ACC.shape[1])
    y = ACC.reshape(-1)
    fits = 0
    out = {}
    for name, (f, starts, bounds) in FAMILIES.items():
        best, best_sse = None, INF
        for s in starts:
            p, sse = fit(f, x, y, s, bounds)
            fits += 1
            if sse < best_sse:
                best, best_sse = p, sse
        if best is None:
            out[name] = None
            continue
        reps = []
        for _ in range(bootstrap):
            idx = rng.integers(0, ACC.shape[1], size=ACC.shape)
            yb = np.take_along_axis(ACC, idx, axis=1).reshape(-1)
            p, _ = fit(f, x, yb, best, bounds)
            fits += 1
            if p is not None:
                reps.append(f(2.0, *p))
        lo, hi = np.percentile(reps, [5, 95]) if reps else (np.nan, np.nan)
        out[name] = [float(f(2.0, *best)), float(lo), float(hi)]
    return fits, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    run(20, a.seed)  # warm-up
    times = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        fits, out = run(a.bootstrap, a.seed)
        times.append(time.perf_counter() - t0)
    print(json.dumps({"seconds": min(times), "all_seconds": times, "fits": fits,
                      "bootstrap": a.bootstrap, "at_2x": out}))


if __name__ == "__main__":
    main()
