#!/usr/bin/env bash
# Image learning curves for the corpus, made by `samplesize run` itself.
#
#   corpus/make-image-curves.sh DATA MODEL SEED [extra samplesize run flags...]
#   e.g. corpus/make-image-curves.sh tf_flowers mobilenetv2-12-int8 1
#        FINE_TUNE=1 corpus/make-image-curves.sh tf_flowers mobilenetv2-12-int8 2 --mirror ../shared/data
#
# One run trains heads at small fractions of the training set (the curve) and at larger ones (the
# truth), 5 repeats each, plus one model per curve on the whole training set (--validate). The
# four smallest fractions become the curve; the larger ones and the whole set become the truth at
# 2x, 4x, ... the curve's largest size. Writes corpus/tables/images-DATA-MODEL-sSEED.curves.csv
# and .truth.csv (format: corpus/README.md); the run itself stays in corpus/runs/ (not committed).
#
# Environment (defaults by data set):
#   CURVE_FRACTIONS  tf_flowers 0.0125,0.025,0.0625,0.125   fashion_mnist 0.005,0.01,0.025,0.05
#   TRUTH_FRACTIONS  tf_flowers 0.25,0.5                    fashion_mnist 0.1,0.2,0.4
#   REPEATS          5
#   FINE_TUNE        1 adds the fine-tuned curve (much slower; its whole-set truth is one fine-tuned model)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 3 ]; then
  sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
DATA="$1" MODEL="$2" SEED="$3"
shift 3
case "$DATA" in
  tf_flowers) curve_default=0.0125,0.025,0.0625,0.125 truth_default=0.25,0.5 ;;
  fashion_mnist) curve_default=0.005,0.01,0.025,0.05 truth_default=0.1,0.2,0.4 ;;
  *) curve_default="" truth_default="" ;;
esac
CURVE_FRACTIONS="${CURVE_FRACTIONS:-$curve_default}"
TRUTH_FRACTIONS="${TRUTH_FRACTIONS:-$truth_default}"
REPEATS="${REPEATS:-5}"
if [ -z "$CURVE_FRACTIONS" ] || [ -z "$TRUTH_FRACTIONS" ]; then
  echo "make-image-curves: no default fractions for '$DATA'; set CURVE_FRACTIONS and TRUTH_FRACTIONS" >&2
  exit 2
fi
NAME="images-${DATA}-$(basename "$MODEL" .onnx)-s${SEED}"
RUN="$ROOT/corpus/runs/$NAME"
TUNE_FLAG=--no-fine-tune
if [ "${FINE_TUNE:-0}" = 1 ]; then
  TUNE_FLAG=--fine-tune
fi

"$ROOT/samplesize" run --data "$DATA" --model "$MODEL" --seed "$SEED" \
  --fractions "$CURVE_FRACTIONS,$TRUTH_FRACTIONS" --repeats "$REPEATS" --validate "$TUNE_FLAG" \
  --out "$RUN" --quiet "$@"

/usr/bin/env python3 - "$RUN" "$ROOT/corpus/tables/$NAME" "$DATA" "$MODEL" "$SEED" \
  "$CURVE_FRACTIONS" "$TRUTH_FRACTIONS" <<'PY'
"""Converts one run's results.csv and validation.json into the corpus tables."""
import csv, json, os, statistics, sys

run, stem, data, model, seed, curve_fr, truth_fr = sys.argv[1:]
model = os.path.basename(model)
if model.endswith(".onnx"):
    model = model[:-5]
curve_fr = [float(f) for f in curve_fr.split(",")]
truth_fr = [float(f) for f in truth_fr.split(",")]
rows = list(csv.DictReader(open(os.path.join(run, "results.csv"), encoding="utf-8")))


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


curves, truth = [], []
for learner in sorted({r["curve"] for r in rows}):
    mine = [r for r in rows if r["curve"] == learner]
    curve_id = f"samplesize-run/{data}/{model}/{learner}/s{seed}"
    meta = ["samplesize-run", data, "real", learner, model, seed, curve_id]
    largest_fraction = max(curve_fr)
    largest_size = 0
    for r in mine:
        f = float(r["fraction"])
        if any(close(f, c) for c in curve_fr):
            largest_size = max(largest_size, int(r["size"]))
            curves.append(meta + [r["size"], r["repeat"], r["accuracy"], r["test_size"]])
    if largest_size == 0:
        sys.exit(f"make-image-curves: {run}/results.csv has no rows at {curve_fr}")
    for tf in truth_fr:
        at = [r for r in mine if close(float(r["fraction"]), tf)]
        if not at:
            sys.exit(f"make-image-curves: {run}/results.csv has no {learner} rows at {tf}")
        accs = [float(r["accuracy"]) for r in at]
        sd = statistics.stdev(accs) if len(accs) > 1 else ""
        truth.append(meta + [f"{tf / largest_fraction:g}", at[0]["size"],
                             f"{statistics.mean(accs):.6f}", sd if sd == "" else f"{sd:.6f}",
                             len(accs), at[0]["test_size"]])
    val = os.path.join(run, "validation.json")
    per_curve = {}
    if os.path.exists(val):
        whole = json.load(open(val, encoding="utf-8"))
        # one entry per curve with a validation model (the fine-tuned one too with --fine-tune)
        per_curve = {c["curve"]: c for c in whole.get("curves", [])} or {"head": whole}
    if learner in per_curve:
        v = per_curve[learner]
        n = int(round(v["n"]))
        # The whole training set is fraction 1: nominal factor 1 / the largest curve fraction.
        truth.append(meta + [f"{1 / largest_fraction:g}", n, f"{v['measured']:.6f}", "", 1,
                             mine[0]["test_size"]])

header = ["source", "dataset", "group", "learner", "backbone", "seed", "curve_id"]
for suffix, cols, out in ((".curves.csv", ["size", "repeat", "accuracy", "test_size"], curves),
                          (".truth.csv", ["factor", "size", "accuracy", "accuracy_sd",
                                          "n_truth_repeats", "test_size"], truth)):
    tmp = stem + suffix + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header + cols)
        w.writerows(out)
    os.replace(tmp, stem + suffix)
print(f"wrote {stem}.curves.csv ({len(curves)} rows) and {stem}.truth.csv ({len(truth)} rows)")
PY
