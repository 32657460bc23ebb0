#!/usr/bin/python3
"""Learning curves with held-out truth from scikit-learn's bundled data sets (no downloads).

For every data set x learner x seed: a stratified test split, the rest is the pool. The curve has
four sizes in the recipe's ratios (1 : 2 : 5 : 10, like its 5, 10, 25 and 50%), the largest a fifth
of the pool, with 5 repeats each (stratified subsamples of the pool, without replacement). The
truth is the accuracy at 2x and 4x the largest size (8x too where the pool allows), measured on
the same test split, averaged over 5 repeats. Everything is seeded: the same scikit-learn and
NumPy give the same tables.

Writes corpus/tables/sklearn.curves.csv and corpus/tables/sklearn.truth.csv (see corpus/README.md).
Run with Debian's python3-sklearn: /usr/bin/python3 corpus/make_sklearn_curves.py
"""

import os

# One core: set before NumPy loads its BLAS.
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
import zlib  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.datasets import load_breast_cancer, load_digits, make_classification  # noqa: E402
from sklearn.ensemble import RandomForestClassifier  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

SOURCE = "sklearn"
CURVE_RATIOS = (0.1, 0.2, 0.5, 1.0)  # the recipe's 5, 10, 25, 50% relative to the largest
LARGEST_SHARE = 0.2  # largest curve size as a share of the pool, so that 4x fits in it
REPEATS = 5
TRUTH_REPEATS = 5
SEEDS = tuple(range(1, 11))

CURVES_HEADER = [
    "source", "dataset", "group", "learner", "backbone", "seed", "curve_id",
    "size", "repeat", "accuracy", "test_size",
]
TRUTH_HEADER = [
    "source", "dataset", "group", "learner", "backbone", "seed", "curve_id",
    "factor", "size", "accuracy", "accuracy_sd", "n_truth_repeats", "test_size",
]


def synthetic(n_classes, n_informative, class_sep, flip_y, random_state):
    def load():
        return make_classification(
            n_samples=5600, n_features=20, n_informative=n_informative, n_redundant=4,
            n_classes=n_classes, n_clusters_per_class=2, class_sep=class_sep, flip_y=flip_y,
            random_state=random_state)
    return load


# name -> (group, loader, test share or count, truth factors)
DATASETS = {
    "digits": ("real", lambda: load_digits(return_X_y=True), 0.3, (2, 4)),
    "breast_cancer": ("real", lambda: load_breast_cancer(return_X_y=True), 0.3, (2, 4)),
    # Synthetic: a fixed data set each (its own random_state); 2000 test rows; pool 3600,
    # largest curve size 400 (not a fifth: the pool is large enough for 8x).
    "synth_binary": ("synthetic", synthetic(2, 6, 0.8, 0.05, 101), 2000, (2, 4, 8)),
    "synth_3class": ("synthetic", synthetic(3, 8, 1.0, 0.03, 102), 2000, (2, 4, 8)),
    "synth_5class": ("synthetic", synthetic(5, 10, 1.2, 0.02, 103), 2000, (2, 4, 8)),
}
SYNTHETIC_LARGEST = 400


def learner(name, random_state):
    if name == "logreg":
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    if name == "mlp":
        return make_pipeline(
            StandardScaler(),
            MLPClassifier(hidden_layer_sizes=(32,), max_iter=100, random_state=random_state))
    if name == "rf":
        return RandomForestClassifier(n_estimators=30, random_state=random_state, n_jobs=1)
    if name == "knn":
        return make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5))
    if name == "svm":
        return make_pipeline(StandardScaler(), SVC(C=1.0, gamma="scale"))
    raise ValueError(name)


LEARNERS = ("logreg", "mlp", "rf", "knn", "svm")


def stream(*parts):
    """A NumPy generator seeded from names and numbers, stable across runs and platforms."""
    key = [zlib.crc32(str(p).encode("utf-8")) for p in parts]
    return np.random.default_rng(key)


def subsample(rng, y_pool, n):
    """Stratified subsample of n pool positions, without replacement."""
    idx = np.arange(len(y_pool))
    if n >= len(y_pool):
        return idx
    seed = int(rng.integers(0, 2**31 - 1))
    chosen, _ = train_test_split(idx, train_size=n, stratify=y_pool, random_state=seed)
    return np.sort(chosen)


def accuracy(model, x, y, x_test, y_test):
    model.fit(x, y)
    return float(np.mean(model.predict(x_test) == y_test))


def build(dataset, seeds, learners):
    group, load, test, factors = DATASETS[dataset]
    x_all, y_all = load()
    curves, truth = [], []
    for seed in seeds:
        split_rng = stream(SOURCE, dataset, seed, "split")
        x_pool, x_test, y_pool, y_test = train_test_split(
            x_all, y_all, test_size=test, stratify=y_all,
            random_state=int(split_rng.integers(0, 2**31 - 1)))
        largest = SYNTHETIC_LARGEST if group == "synthetic" else int(LARGEST_SHARE * len(y_pool))
        sizes = [max(2, int(round(largest * r))) for r in CURVE_RATIOS]
        for name in learners:
            curve_id = f"{SOURCE}/{dataset}/{name}/s{seed}"
            meta = [SOURCE, dataset, group, name, "none", seed, curve_id]
            rng = stream(SOURCE, dataset, name, seed, "subsamples")
            for size in sizes:
                for rep in range(REPEATS):
                    pos = subsample(rng, y_pool, size)
                    acc = accuracy(learner(name, int(rng.integers(0, 2**31 - 1))),
                                   x_pool[pos], y_pool[pos], x_test, y_test)
                    curves.append(meta + [size, rep, f"{acc:.6f}", len(y_test)])
            for factor in factors:
                size = factor * largest
                if size > 0.9 * len(y_pool):
                    raise SystemExit(f"{dataset}: {factor}x = {size} rows do not fit the pool")
                accs = []
                for rep in range(TRUTH_REPEATS):
                    pos = subsample(rng, y_pool, size)
                    accs.append(accuracy(learner(name, int(rng.integers(0, 2**31 - 1))),
                                         x_pool[pos], y_pool[pos], x_test, y_test))
                truth.append(meta + [factor, size, f"{np.mean(accs):.6f}",
                                     f"{np.std(accs, ddof=1):.6f}", len(accs), len(y_test)])
    return curves, truth


def write_atomically(path, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=os.path.join(here, "tables"), help="output folder")
    p.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated")
    p.add_argument("--learners", default=",".join(LEARNERS), help="comma-separated")
    p.add_argument("--seeds", default=",".join(map(str, SEEDS)), help="comma-separated")
    a = p.parse_args()
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    os.makedirs(a.out, exist_ok=True)
    seeds = [int(s) for s in a.seeds.split(",")]
    learners = a.learners.split(",")
    curves, truth = [], []
    t0 = time.process_time()
    for dataset in a.datasets.split(","):
        t = time.process_time()
        c, tr = build(dataset, seeds, learners)
        curves += c
        truth += tr
        print(f"{dataset}: {len(c)} curve rows, {len(tr)} truth rows,"
              f" {time.process_time() - t:.1f} s CPU", file=sys.stderr)
    write_atomically(os.path.join(a.out, "sklearn.curves.csv"), CURVES_HEADER, curves)
    write_atomically(os.path.join(a.out, "sklearn.truth.csv"), TRUTH_HEADER, truth)
    meta = {"generator": "corpus/make_sklearn_curves.py", "sklearn": sklearn.__version__,
            "numpy": np.__version__, "python": sys.version.split()[0], "seeds": seeds,
            "learners": learners, "datasets": a.datasets.split(","), "repeats": REPEATS,
            "truth_repeats": TRUTH_REPEATS}
    tmp = os.path.join(a.out, "sklearn.meta.json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    os.replace(tmp, os.path.join(a.out, "sklearn.meta.json"))
    print(f"total {time.process_time() - t0:.1f} s CPU", file=sys.stderr)


if __name__ == "__main__":
    main()
