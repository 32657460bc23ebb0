#!/usr/bin/env bash
# Prototype scores of answer variants that the Java harness does not implement (AICc weights,
# family subsets, the guard's share), on the same corpus held out by data set and on simulated
# single-family curves like AutoIntervalHarness's. Fits every corpus curve and 12 simulated tables
# (6 truths x sigma 0.01, 0.02, 100 curves) once with `samplesize fit` (all families, their own
# bootstrap intervals in fit.json), then scores the variants from those rows in Python (numpy).
#
#   corpus/explore/explore.sh [WORKDIR]      # default WORKDIR: corpus/explore/work (not committed)
#   SIM_CURVES=1000 corpus/explore/explore.sh DIR   # 1000 simulated curves a row (about 20 minutes)
#   SIM_BOOTSTRAP=1000 ...   # the simulated curves' bootstrap replicates (default 200; the answer's own: 1000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${1:-$ROOT/corpus/explore/work}"
mkdir -p "$WORK/sim"
python3 "$ROOT/corpus/explore/variants.py" prepare "$ROOT/corpus/tables" "$WORK"
# every family named: fit.json's answer is then the selection rule's (the baseline)
ALL=pow2,pow3,pow4,exp3,log2,vap3,mmf4,wbl4,last1
"$ROOT/samplesize" fit --results "$WORK/corpus.csv" --out "$WORK/corpus" --predict 2x,4x,8x \
  --family "$ALL" --bootstrap 1000 --no-plot --quiet > /dev/null
while read -r t s want; do
  "$ROOT/samplesize" fit --results "$WORK/sim/sim-$t-$s.csv" --out "$WORK/sim/out-$t-$s" \
    --predict 2x --target "$want" --family "$ALL" --bootstrap "${SIM_BOOTSTRAP:-200}" --no-plot --quiet > /dev/null
done < "$WORK/sim/truths.txt"
python3 "$ROOT/corpus/explore/variants.py" score "$ROOT/corpus/tables" "$WORK"
