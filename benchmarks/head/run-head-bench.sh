#!/usr/bin/env bash
# Side-by-side head benchmark: JMH HeadPlanBenchmark (the recipe's 20-model plan on 3303 x 1280 random
# clustered features, 5 classes, 10 epochs) and the peer ../shared/peers/peer_head.py (scikit-learn
# LogisticRegression and a PyTorch loop on random features of the same shape), same thread count,
# one after the other in the same session. Results: benchmarks/head/results/<UTC time>/.
# Usage: benchmarks/head/run-head-bench.sh [THREADS]   (default 2; builds benchmarks.jar if missing)
# The machine is shared: -Djmh.ignoreLock lets it run beside other JMH runs; compare ratios, not seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
THREADS="${1:-2}"
PEER="${SAMPLESIZE_PEERS:-$ROOT/../shared/peers}/peer_head.py"
RES="$ROOT/benchmarks/head/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RES"
cd "$ROOT"
[ -f benchmarks/target/benchmarks.jar ] || ./mvnw -B -q -DskipTests package
uptime | tee "$RES/load.txt"
java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar HeadPlanBenchmark -p device=cpu -p "threads=$THREADS" \
  -p models=20 -p patience=10,3 -rf json -rff "$RES/jmh-head.json" 2>&1 | tee "$RES/jmh-head.txt"
OMP_NUM_THREADS="$THREADS" /usr/bin/python3 "$PEER" --threads "$THREADS" | tee "$RES/peer-head.json"
uptime | tee -a "$RES/load.txt"
/usr/bin/python3 - "$RES" <<'PY'
import json, sys
res = sys.argv[1]
jmh = {r["params"]["patience"]: r["primaryMetric"]["score"] / 1000 for r in json.load(open(res + "/jmh-head.json"))}
peer = json.load(open(res + "/peer-head.json"))
ours = jmh["10"]
lines = [f"samplesize cpu, 20 models x 10 epochs (no early stopping): {ours:.3f} s",
         f"samplesize cpu, recipe early stopping (patience 3): {jmh['3']:.3f} s",
         f"scikit-learn LogisticRegression, 20 models: {peer['sklearn_seconds']:.3f} s -> ratio {peer['sklearn_seconds'] / ours:.1f}x",
         f"PyTorch loop, 20 models x 10 epochs: {peer['torch_seconds']:.3f} s -> ratio {peer['torch_seconds'] / ours:.1f}x"]
open(res + "/summary.txt", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
