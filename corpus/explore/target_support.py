#!/usr/bin/python3
"""Do a curve's size means rule out that it levels off below a target? And where they do, is the
target size they imply right?

For every corpus curve, the target is the accuracy measured at 2x the largest size (as the harness's
`--target` columns). A `--target` interval's upper end can only be bounded if the data rule out a
curve that never reaches the target. This asks the data directly, with no calibration:

- chi2 of a family against the size means, each size weighted by its repeats over its own noise
  (the repeats' variance moderated toward a log-linear trend of sd over log size, as the engine's
  GuardChoice), for the families that level off at a free asymptote: pow3, exp3, pow4, mmf4, wbl4;
- the best chi2 with the asymptote free, and with the asymptote at or below the target;
- the data rule out "never reaches the target" when the difference is CUTOFF or more: by default
  2.71, the likelihood ratio's 90% point for one constraint with the noise known (the upper end of a
  90% interval leaves 5% above); the engine's TargetProfile (the same question, its own fits) reads
  F(1, nu) at 90%, 3.46 for five repeats a size, as the noise is estimated. The answer uses neither:
  where the means give a bound it lies below the true size on most simulated curves, at any cutoff
  (benchmarks' TargetBoundHarness; docs/method.md).

Where they do, the profile-likelihood upper end is the largest size N at which "not yet at the target
by N" (f(N) <= target, by a penalty) is still within CUTOFF of the best fit; it is compared with the
size where the target was measured. The counts of bounded upper ends are read from the harness's
corpus/results/answers.csv.gz (`mean8` held out, `select`, `mean8-unguarded`).

Run with Debian's python3-scipy (about 16 minutes on one core for 276 curves):
  /usr/bin/python3 corpus/explore/target_support.py
ONLY=text keeps the curves whose id contains it; CUTOFF=3.46 uses the F(1, 8) cutoff at 90% (the
estimated noise of five repeats a size) instead of 2.71.
Fits start from seeded random points; a rerun gives the same numbers.

The same question on simulated curves, where the true curve is one of the families:
  /usr/bin/python3 corpus/explore/target_support.py --sim WORKDIR [K]
with WORKDIR from corpus/explore/explore.sh (its sim/ tables); the first K curves (default 25) of each
truth and noise, the target the truth at 2x (1600), the default's interval from `samplesize fit`
(B = 1000). About 2 minutes a row, 25-30 minutes in all, on one core.
"""

import csv
import glob
import gzip
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import least_squares

from variants import noise_variances

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# chi-square (1 df) 90% point: the noise variances taken as known. CUTOFF=3.46 in the environment
# takes F(1, 8) at 90%, for the estimated noise of five repeats a size (TargetProfile's cutoff).
CUTOFF = float(os.environ.get("CUTOFF", "2.71"))
STARTS = 12

# In x = n / largest size; the first parameter is the asymptote, bounded to [0, 1.5].
FAMILIES = {
    "pow3": (lambda p, x: p[0] - p[1] * x ** (-p[2]), [(0, 1.5), (0, 50), (0.01, 5)]),
    "exp3": (lambda p, x: p[0] - p[1] * np.exp(-p[2] * x), [(0, 1.5), (0, 50), (0.01, 50)]),
    "pow4": (lambda p, x: p[0] - p[1] * (p[3] + x) ** (-p[2]),
             [(0, 1.5), (0, 50), (0.01, 5), (0, 5)]),
    "mmf4": (lambda p, x: (p[1] * p[3] + p[0] * x ** p[2]) / (p[3] + x ** p[2]),
             [(0, 1.5), (-5, 1), (0.05, 5), (1e-4, 50)]),
    "wbl4": (lambda p, x: p[0] - p[1] * np.exp(-p[2] * x ** p[3]),
             [(0, 1.5), (0, 50), (0.01, 50), (0.05, 5)]),
}


def size_stats(reps):
    """Sizes ascending, repeats, means and moderated noise variances (GuardChoice's, through the
    prototype's noise_variances)."""
    n = np.array(sorted(reps))
    r = np.array([len(reps[s]) for s in n], dtype=float)
    m = np.array([np.mean(reps[s]) for s in n])
    sizes = [{"size": s, "repeats": len(reps[s]), "mean": float(np.mean(reps[s])),
              "std": float(np.std(reps[s]))} for s in n]  # std with ddof 0, as fit.json's
    return n, r, m, noise_variances(sizes)


def best_chi2(stats, cap=None, reach=None):
    """The smallest chi2 over the families: asymptote free, at most `cap`, or with f(N) <= T for
    reach = (N, T)."""
    n, r, m, v = stats
    x, w = n / n.max(), np.sqrt(r / v)
    rng = np.random.default_rng(0)
    best = math.inf
    for f, bounds in FAMILIES.values():
        lo, hi = [b[0] for b in bounds], [b[1] for b in bounds]
        if cap is not None:
            hi[0] = min(hi[0], cap)
        for k in range(STARTS):
            p0 = [rng.uniform(a, b) for a, b in zip(lo, hi)]
            if k == 0:
                p0[0] = min(hi[0] - 1e-6, max(m.max() + 0.01, lo[0] + 1e-6))
            if reach is None:
                def resid(p):
                    return w * (m - f(p, x))
            else:
                xn, target = reach[0] / n.max(), reach[1]

                def resid(p):
                    return np.append(w * (m - f(p, x)), 1e4 * max(0.0, f(p, xn) - target))
            try:
                p = least_squares(resid, p0, bounds=(lo, hi)).x
            except ValueError:
                continue
            if reach is not None and f(p, reach[0] / n.max()) > reach[1] + 1e-6:
                continue
            c = float(np.sum((w * (m - f(p, x))) ** 2))
            if np.isfinite(c):
                best = min(best, c)
    return best


def upper_end(stats, target, free):
    """The profile-likelihood upper end: the largest N (bisection in log N, up to 1e9) at which
    "not at the target by N" stays within CUTOFF of the best fit; infinity when it still does at
    1e9."""
    lo, hi = math.log(stats[0].max()), math.log(1e9)
    if best_chi2(stats, reach=(1e9, target)) - free < CUTOFF:
        return math.inf  # a curve still below the target at 1e9 fits: no bound
    for _ in range(30):
        mid = (lo + hi) / 2
        if best_chi2(stats, reach=(math.exp(mid), target)) - free < CUTOFF:
            lo = mid
        else:
            hi = mid
    return math.exp(lo)


def main():
    curves = {}
    for path in glob.glob(os.path.join(ROOT, "corpus", "tables", "*.curves.csv")):
        for row in csv.DictReader(open(path, encoding="utf-8")):
            curves.setdefault(row["curve_id"], {}).setdefault(float(row["size"]), []).append(
                float(row["accuracy"]))
    methods = ("mean8", "select", "mean8-unguarded")
    answers = {}
    path = os.path.join(ROOT, "corpus", "results", "answers.csv.gz")
    for row in csv.DictReader(gzip.open(path, "rt", encoding="utf-8")):
        if row["method"] in methods and row["factor"] == "2":
            answers[(row["method"], row["curve_id"])] = row
    supported, others = [], []
    only = os.environ.get("ONLY", "")
    for cid in sorted(curves):
        if ("mean8", cid) not in answers or only not in cid:
            continue
        a = answers[("mean8", cid)]
        target, true_n = float(a["target"]), float(a["truth_size"])
        stats = size_stats(curves[cid])
        free = best_chi2(stats)
        gap = best_chi2(stats, cap=target) - free
        bounded = {k: answers[(k, cid)]["n_hi"] != "inf" for k in methods}
        if gap >= CUTOFF:
            supported.append((cid, target, true_n, gap, upper_end(stats, target, free), bounded))
        else:
            others.append(bounded)
    total = len(supported) + len(others)
    print(f"{total} curves; the size means rule out a curve levelling off at or below the 2x truth"
          f" (chi2 gap >= {CUTOFF}) on {len(supported)}.\n")
    print("| method | upper end bounded where the data rule it out | elsewhere |")
    print("|---|---|---|")
    for k in methods:
        print(f"| {k} | {sum(s[5][k] for s in supported)}/{len(supported)} "
              f"| {sum(o[k] for o in others)}/{len(others)} |")
    print("\n| curve | target | measured at | chi2 gap | profile-likelihood upper end | mean8 interval |")
    print("|---|---|---|---|---|---|")
    for cid, target, true_n, gap, up, _ in supported:
        a = answers[("mean8", cid)]
        print(f"| {cid} | {target:.4f} | {true_n:.0f} | {gap:.2f} | {up:.0f} "
              f"| {float(a['n_lo']):.0f}-{a['n_hi']} |")


def simulated(work, k):
    """Per simulated truth and noise: how often the size means rule out never reaching the truth at
    1600, how often the default bounds the upper end there and elsewhere, and how often the
    profile-likelihood upper end lies below 1600."""
    print("| truth | sigma | curves | data rule out never reaching | default bounds those | default"
          " bounds the others | profile upper end below 1600 |")
    print("|---|---|---|---|---|---|---|")
    tmp = tempfile.mkdtemp(prefix="target-support-")
    for line in open(os.path.join(work, "sim", "truths.txt"), encoding="utf-8"):
        t, s, want = line.split()
        if os.environ.get("ONLY", "") not in f"{t}-{s}":
            continue
        want = float(want)
        reps = {}
        for row in csv.DictReader(open(os.path.join(work, "sim", f"sim-{t}-{s}.csv"), encoding="utf-8")):
            if int(row["curve"][1:]) < k:
                reps.setdefault(row["curve"], {}).setdefault(float(row["size"]), []).append(
                    float(row["accuracy"]))
        table = os.path.join(tmp, f"{t}-{s}.csv")
        with open(table, "w", encoding="utf-8") as f:
            f.write("curve,size,accuracy\n")
            for cid, by_size in reps.items():
                for n, values in by_size.items():
                    for a in values:
                        f.write(f"{cid},{n:.0f},{a}\n")
        out = os.path.join(tmp, f"out-{t}-{s}")
        subprocess.run([os.path.join(ROOT, "samplesize"), "fit", "--results", table, "--out", out,
                        "--predict", "2x", "--target", f"{want}", "--no-plot", "--quiet"],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "fit.json"), encoding="utf-8") as f:
            hi = {c["curve"]: c["targets"][0]["hi"] for c in json.load(f)["curves"]}
        sup = bounded_sup = bounded_other = below = 0
        for cid, by_size in reps.items():
            stats = size_stats(by_size)
            free = best_chi2(stats)
            bounded = hi[cid] is not None
            if best_chi2(stats, cap=want) - free >= CUTOFF:
                sup += 1
                bounded_sup += bounded
                below += upper_end(stats, want, free) < 1600
            else:
                bounded_other += bounded
        print(f"| {t} | {s} | {len(reps)} | {sup} | {bounded_sup} | {bounded_other} | {below} |",
              flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--sim":
        if len(sys.argv) < 3:
            sys.exit("target_support.py --sim WORKDIR [K]: WORKDIR is explore.sh's work folder")
        simulated(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 25)
    elif len(sys.argv) > 1:
        sys.exit(f"unknown argument {sys.argv[1]}; use no argument, or --sim WORKDIR [K]")
    else:
        main()
