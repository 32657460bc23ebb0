#!/usr/bin/env bash
# Every side-by-side benchmark, one after the other, on an idle machine:
#   image     image pipeline (ImageHarness) vs peer_decode.py --mode pil and --mode cv2
#   features  features end to end and pre-decoded (the inference ceiling), int8 and fp32
#             (FeaturesHarness) vs peer_features.py (PyTorch, TorchScript)
#   head      the recipe's 20-model head plan (JMH HeadPlanBenchmark) vs peer_head.py
#             (scikit-learn LogisticRegression, PyTorch loop)
#   finetune  fine-tuning the backbone's tail (FinetuneHarness: JMH TailTrainingBenchmark)
#             vs peer_finetune.py (PyTorch)
#   fit       learning-curve fit of the recipe's table (JMH FitBenchmark.recipeTable)
#             vs benchmarks/peers/peer_fit.py (SciPy curve_fit)
#   wholerun  ./samplesize run --mirror SHARED/data with an empty cache (cold), then with the
#             features cached (warm)
# Ours and the peers get the same number of threads (or worker processes).
#
# Writes benchmarks/results/<UTC date>/ (quick runs: benchmarks/target/results/<UTC date>/):
# machine.json (CPU, cores, AVX-512/VNNI/BF16, memory, OS, JDK, library versions, peers' versions,
# commit), run.json (settings), per benchmark NAME.meta.json (exit code, seconds, load before and
# after, CPU used by other processes meanwhile) with its raw outputs and NAME.log, and
# summary.json + summary.md (benchmark, ours, peer, ratio, spread of the repetitions, load,
# comparison with the newest earlier committed benchmarks/results/<date>/summary.json taken on the
# same machine: CPU model, family and model numbers, cores, vector units); after a full
# idle run (every benchmark, not --quick, not --force) docs/benchmarks.md is updated to show it.
#
# Load: refuses to start when the 1-minute load average is above --max-load (default 0.75 per
# core: 1.5 on 2 cores); before each benchmark it waits (up to --settle seconds) for the load of
# the previous one to die down. A figure is marked "under load" when the load average before it
# was above --max-load, or other processes used more than --max-others cores (default 0.1 per
# core) while it ran. --force runs on a busy machine and marks every figure.
#
# Exit codes: 0 done; 1 a benchmark failed (the others still ran; see its .log); 2 a mistake in
# the options; 3 a regression was flagged; 4 refused: the machine is busy.
#
# Needs: JDK 17+, ../shared beside the checkout (data and peers; or SAMPLESIZE_SHARED), and for
# the peers Debian's Python packages, run with /usr/bin/python3:
#   apt-get install -y python3-torch python3-torchvision python3-sklearn python3-opencv python3-pil
# Full run: about 9 minutes of benchmarks on 2 cores (523 s in run 2026-12-05-5), plus the build and
# the settling waits; --quick: about 6 minutes.
set -uo pipefail

usage() {
  cat <<'EOF'
Usage: benchmarks/run-all.sh [--quick] [--only NAME,...] [--force] [--threads N]
                             [--max-load X] [--max-others X] [--settle SECONDS] [--out DIR]
  --quick          few repetitions, small inputs: checks the script, not the speed
  --only NAMES     some of: image,features,head,finetune,fit,wholerun (default: all, in that order)
  --force          run even on a busy machine; every figure is then marked as taken under load
  --threads N      threads for ours and the peers (default: all cores)
  --max-load X     highest 1-minute load average counted as idle (default: 0.75 per core)
  --max-others X   most cores other processes may use during a benchmark (default: 0.1 per core)
  --settle S       seconds to wait for the load to die down before each benchmark (default 180)
  --out DIR        parent of the results folder (default: benchmarks/results;
                   with --quick: benchmarks/target/results)
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2
ALL="image features head finetune fit wholerun"
CORES="$(nproc)"
QUICK=false
FORCE=false
ONLY="$ALL"
THREADS="$CORES"
MAX_LOAD=""
MAX_OTHERS=""
SETTLE=180
OUT=""
die() { echo "run-all.sh: error: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=true ;;
    --force) FORCE=true ;;
    --only) [ $# -ge 2 ] || die "--only needs a value"; ONLY="${2//,/ }"; shift ;;
    --threads) [ $# -ge 2 ] || die "--threads needs a value"; THREADS="$2"; shift ;;
    --max-load) [ $# -ge 2 ] || die "--max-load needs a value"; MAX_LOAD="$2"; shift ;;
    --max-others) [ $# -ge 2 ] || die "--max-others needs a value"; MAX_OTHERS="$2"; shift ;;
    --settle) [ $# -ge 2 ] || die "--settle needs a value"; SETTLE="$2"; shift ;;
    --out) [ $# -ge 2 ] || die "--out needs a value"; OUT="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
for b in $ONLY; do
  case " $ALL " in *" $b "*) ;; *) die "--only: unknown benchmark '$b': give some of ${ALL// /,}" ;; esac
done
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || die "--threads must be a whole number above 0, not '$THREADS'"
[[ "$SETTLE" =~ ^[0-9]+$ ]] || die "--settle must be a whole number of seconds, not '$SETTLE'"
isnum() { [[ "$1" =~ ^[0-9]+([.][0-9]+)?$ ]]; }
MAX_LOAD="${MAX_LOAD:-$(awk -v c="$CORES" 'BEGIN { printf "%.2f", 0.75 * c }')}"
MAX_OTHERS="${MAX_OTHERS:-$(awk -v c="$CORES" 'BEGIN { printf "%.2f", 0.1 * c }')}"
isnum "$MAX_LOAD" || die "--max-load must be a number, not '$MAX_LOAD'"
isnum "$MAX_OTHERS" || die "--max-others must be a number, not '$MAX_OTHERS'"
if [ -z "$OUT" ]; then
  if $QUICK; then OUT="$ROOT/benchmarks/target/results"; else OUT="$ROOT/benchmarks/results"; fi
fi
SHARED="$(cd "${SAMPLESIZE_SHARED:-$ROOT/../shared}" 2>/dev/null && pwd)" \
  || die "no ../shared beside the checkout: set SAMPLESIZE_SHARED to the folder with data/ and peers/"
PEERS="$SHARED/peers"
PY=/usr/bin/python3
JAR="$ROOT/benchmarks/target/benchmarks.jar"
HZ="$(getconf CLK_TCK)"

load1() { cut -d' ' -f1 /proc/loadavg; }
above() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }
# CPU ticks all processes spent (idle and iowait excluded), and the ticks of this script's children.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
child_ticks() { awk '{ print $16 + $17 }' "/proc/$$/stat"; }

L="$(load1)"
if above "$L" "$MAX_LOAD"; then
  if ! $FORCE; then
    echo "run-all.sh: the machine is busy: 1-minute load average $L is above $MAX_LOAD (for $CORES cores)." >&2
    echo "Figures taken now would not be comparable: run again when it is idle, or with --force" \
      "(every figure is then marked as taken under load)." >&2
    exit 4
  fi
  echo "run-all.sh: load average $L is above $MAX_LOAD: running anyway (--force); every figure is marked." >&2
fi

# Build the engine and benchmarks.jar when they are missing or older than the sources.
if [ ! -f "$JAR" ] || [ ! -f engine/target/samplesize-engine.jar ] || [ -n "$(find engine/src/main \
    benchmarks/src/main models/src native-config/src pom.xml engine/pom.xml benchmarks/pom.xml \
    -newer "$JAR" -print -quit 2>/dev/null)" ]; then
  echo "run-all.sh: building the engine and benchmarks.jar..." >&2
  # shellcheck disable=SC2086
  ./mvnw -B -q -ntp ${MVN_FLAGS:-} -DskipTests -Dspotless.check.skip=true package \
    || { echo "run-all.sh: error: the build failed" >&2; exit 1; }
fi

DATE="$(date -u +%Y-%m-%d)"
mkdir -p "$OUT" || die "cannot create $OUT"
NAME="$DATE"
i=2
while [ -e "$OUT/$NAME" ]; do NAME="$DATE-$i"; i=$((i + 1)); done
RES="$OUT/$NAME"
mkdir -p "$RES"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
echo "run-all.sh: results in $RES"

# The earlier committed runs, oldest first: every benchmarks/results/<date>/summary.json in git before
# this one. Each figure is compared with the newest of them taken on the same machine that has it.
# The paths are relative to the repository (the working directory here): the list is separated by
# commas, and a comma in the repository's own path would split it. The folders are sorted by name
# alone: sorting the whole paths put 2026-12-07/summary.json after 2026-12-07-3/summary.json.
PREV=""
while read -r f; do
  d="$(basename "$(dirname "$f")")"
  if [ "$(printf '%s\n%s\n' "$d" "$NAME" | sort -V | head -1)" = "$d" ] && [ "$d" != "$NAME" ]; then
    PREV="${PREV:+$PREV,}$f"
  fi
done < <(git ls-files 'benchmarks/results/*/summary.json' 2>/dev/null | sed 's|/summary\.json$||' \
  | sort -V | sed 's|$|/summary.json|')

# Machine facts.
"$PY" - > "$TMP/peers.json" 2>/dev/null <<'PY' || echo '{}' > "$TMP/peers.json"
import importlib, json, sys
out = {"Python": sys.version.split()[0]}
for mod, name in [("torch", "torch"), ("torchvision", "torchvision"), ("sklearn", "scikit-learn"),
                  ("cv2", "OpenCV (cv2)"), ("PIL", "Pillow"), ("numpy", "NumPy"), ("scipy", "SciPy")]:
    try:
        out[name] = importlib.import_module(mod).__version__
    except Exception:
        out[name] = None
print(json.dumps(out))
PY
COMMIT="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || COMMIT="$COMMIT (with uncommitted changes)"
java -cp "$JAR" org.samplesize.benchmarks.BenchReport machine "$RES/machine.json" \
  --root "$ROOT" --commit "$COMMIT" --peers "$TMP/peers.json" || exit 1
cat > "$RES/run.json" <<EOF
{"quick": $QUICK, "threads": $THREADS, "max_load": $MAX_LOAD, "max_others": $MAX_OTHERS,
 "forced": $FORCE, "only": "${ONLY// /,}", "load_at_start": $L, "started_utc": "$(date -u +%FT%TZ)"}
EOF

# oneDNN's OpenMP threads (bf16 products) sleep between products, as the samplesize launcher sets
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
JAVA=(java -Dsamplesize.shared="$SHARED" -Djmh.ignoreLock=true -Dorg.bytedeco.javacpp.logger=slf4j)
JMH=("${JAVA[@]}" -jar "$JAR")
if $QUICK; then JMH_ITER=(-wi 1 -i 2); else JMH_ITER=(); fi

# Fails (exit 3) with the install line when the peers' Python modules are missing.
need_python() {
  if ! "$PY" -c "import $1" 2>/dev/null; then
    echo "the peer needs the Python modules $1 for $PY: apt-get install -y python3-torch" \
      "python3-torchvision python3-sklearn python3-opencv python3-pil" >&2
    return 3
  fi
}

bench_image() {
  local images=3670 reps=3
  if $QUICK; then images=200; reps=2; fi
  CONFIG="threads=$THREADS images=$images reps=$reps"
  need_python "numpy, PIL, cv2, torchvision" || return
  "${JAVA[@]}" -cp "$JAR" org.samplesize.benchmarks.ImageHarness --threads "$THREADS" \
    --images "$images" --reps "$reps" --out "$RES/image.json"
}

bench_features() {
  local images=512 reps=3
  if $QUICK; then images=128; reps=2; fi
  CONFIG="threads=$THREADS batch=64 images=$images reps=$reps"
  need_python "numpy, PIL, torch, torchvision" || return
  "${JAVA[@]}" -cp "$JAR" org.samplesize.benchmarks.FeaturesHarness --threads "$THREADS" \
    --batch 64 --images "$images" --reps "$reps" --out "$RES/features.json"
}

bench_head() {
  local reps=3
  if $QUICK; then reps=2; fi
  CONFIG="threads=$THREADS models=20 jmh=${JMH_ITER[*]:-default} peer_reps=$reps"
  need_python "numpy, torch, sklearn" || return
  "${JMH[@]}" HeadPlanBenchmark -p device=cpu -p "threads=$THREADS" -p models=20 -p patience=10,3 \
    "${JMH_ITER[@]}" -rf json -rff "$RES/head-jmh.json" || return
  for _ in $(seq "$reps"); do
    OMP_NUM_THREADS="$THREADS" "$PY" "$PEERS/peer_head.py" --threads "$THREADS" >> "$RES/head-peer.jsonl" || return
  done
}

bench_finetune() {
  local steps=10
  if $QUICK; then steps=3; fi
  CONFIG="threads=$THREADS batch=64 peer_steps=$steps"
  need_python "torch, torchvision" || return
  "${JAVA[@]}" -cp "$JAR" org.samplesize.benchmarks.FinetuneHarness --threads "$THREADS" \
    --batch 64 --peer-steps "$steps" --out "$RES/finetune.json"
  # --precision bf16 (bf16 products, fp32 accumulation) where the CPU has AVX512-BF16
  if grep -qw avx512_bf16 /proc/cpuinfo 2>/dev/null; then
    "${JAVA[@]}" -cp "$JAR" org.samplesize.benchmarks.FinetuneHarness --threads "$THREADS" \
      --batch 64 --peer-steps "$steps" --precision bf16 --out "$RES/finetune-bf16.json"
  fi
}

bench_fit() {
  # SciPy is single-threaded: the side-by-side figure is ours on 1 thread at the peer's B; B = 1000
  # on all threads is the fit's own speed goal.
  local b="100,1000" peer_b=100 reps=3 threads="1,$THREADS"
  if $QUICK; then b=20; peer_b=20; reps=2; fi
  [ "$THREADS" = 1 ] && threads=1
  CONFIG="threads=$threads bootstrap=$b jmh=${JMH_ITER[*]:-default} peer_reps=$reps"
  need_python "numpy, scipy" || return
  local quick_time=()
  if $QUICK; then quick_time=(-w 1 -r 1); fi
  "${JMH[@]}" 'FitBenchmark.recipeTable' -p families=all -p "threads=$threads" -p "bootstrap=$b" \
    "${JMH_ITER[@]}" "${quick_time[@]}" -rf json -rff "$RES/fit-jmh.json" || return
  "$PY" "$ROOT/benchmarks/peers/peer_fit.py" --bootstrap "$peer_b" --repeat "$reps" >> "$RES/fit-peer.jsonl"
}

bench_wholerun() {
  local reps=3
  if $QUICK; then reps=2; fi
  CONFIG="threads=$THREADS data=tf_flowers(mirror) reps=$reps"
  local cache="$TMP/cache" cold=() warm=() t0 t1
  for kind in cold warm; do
    for r in $(seq "$reps"); do
      [ "$kind" = cold ] && rm -rf "$cache"
      rm -rf "$TMP/run"
      t0="$(date +%s.%N)"
      SAMPLESIZE_CACHE="$cache" ./samplesize run --mirror "$SHARED/data" --out "$TMP/run" \
        --threads "$THREADS" --quiet || return
      t1="$(date +%s.%N)"
      if [ "$kind" = cold ]; then cold+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
      else warm+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"); fi
    done
  done
  local IFS=,
  echo "{\"cold_seconds\": [${cold[*]}], \"warm_seconds\": [${warm[*]}]}" > "$RES/wholerun.json"
}

# Waits for the load average to fall to the limit (the previous benchmark's own load dies down in
# a minute or so); on a forced run it does not wait.
wait_for_idle() {
  $FORCE && return
  local waited=0
  while above "$(load1)" "$MAX_LOAD" && [ "$waited" -lt "$SETTLE" ]; do
    sleep 10
    waited=$((waited + 10))
  done
}

FAILED=0
for b in $ALL; do
  case " $ONLY " in *" $b "*) ;; *) continue ;; esac
  wait_for_idle
  lb="$(load1)"
  t0="$(date +%s.%N)"; b0="$(busy_ticks)"; c0="$(child_ticks)"
  echo "run-all.sh: $b (load average $lb; log: $RES/$b.log)..."
  CONFIG=""
  "bench_$b" > "$RES/$b.log" 2>&1
  rc=$?
  # bench_* ran in this shell (only its output is redirected), so CONFIG is the one it set.
  t1="$(date +%s.%N)"; b1="$(busy_ticks)"; c1="$(child_ticks)"
  la="$(load1)"
  others="$(awk -v b="$((b1 - b0))" -v c="$((c1 - c0))" -v hz="$HZ" -v t0="$t0" -v t1="$t1" \
    'BEGIN { o = (b - c) / hz / (t1 - t0); if (o < 0) o = 0; printf "%.3f", o }')"
  secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
  cat > "$RES/$b.meta.json" <<EOF
{"name": "$b", "exit_code": $rc, "seconds": $secs, "load_before": $lb, "load_after": $la,
 "others_cores": $others, "config": "$CONFIG"}
EOF
  if [ "$rc" -ne 0 ]; then
    FAILED=1
    echo "run-all.sh: $b failed (exit $rc): $(tail -n 3 "$RES/$b.log" | tr '\n' ' ')" >&2
  else
    echo "run-all.sh: $b done in ${secs} s (load average after $la; other processes used $others cores)"
  fi
done

java -cp "$JAR" org.samplesize.benchmarks.BenchReport summarize "$RES" ${PREV:+--previous "$PREV"}
rc=$?
echo "run-all.sh: summary in $RES/summary.md"
# docs/benchmarks.md shows the newest full idle run: every benchmark, full size, not forced.
if [ "$FAILED" -eq 0 ] && ! $QUICK && ! $FORCE && [ "$RES" = "$ROOT/benchmarks/results/$NAME" ] \
    && [ "${ONLY// /,}" = "${ALL// /,}" ]; then
  java -cp "$JAR" org.samplesize.benchmarks.BenchDoc docs/benchmarks.md "benchmarks/results/$NAME" \
    || FAILED=1
fi
[ "$FAILED" -eq 0 ] || exit 1
[ "$rc" -eq 0 ] || exit "$rc"
