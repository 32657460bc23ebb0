#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: a master and two workers as separate JVMs on
# 127.0.0.1, started from the Maven-resolved Spark jars (spark/target/spark-lib; nothing is
# downloaded at run time). Submits a small run (30 tf_flowers photos per class) with --spark
# spark://127.0.0.1:PORT, runs the same command without --spark, and compares results.csv (every
# column but train_ms and backend), the answer and the feature cache (byte for byte). Stops the
# cluster on every exit.
#
#   spark/cluster-test.sh                            # the basic run (about a minute)
#   spark/cluster-test.sh --scenario lose-executor   # kills an executor JVM mid-run, twice
#
# Scenarios:
#   basic          the run on the cluster against the run without --spark (the default)
#   lose-executor  the same comparison on a longer run (3 views per image, 9 heads of 300 epochs),
#                  during which one executor JVM (CoarseGrainedExecutorBackend) is killed while it
#                  runs a feature task, and one while it trains (the journal holds some models but
#                  not all); the workers start new executors and Spark runs the lost tasks again.
#                  Also checks every planned model once in the journal. Takes about 1-4 minutes.
#
# Needs ../shared/data (or SAMPLESIZE_MIRROR) and a JDK 17. Exit 0 when both runs agree; the
# timings go to standard output. Bounded: CLUSTER_TEST_TIMEOUT seconds per run (default 600).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MIRROR="${SAMPLESIZE_MIRROR:-$ROOT/../shared/data}"
LIMIT="${CLUSTER_TEST_TIMEOUT:-600}"
PER_CLASS="${CLUSTER_TEST_IMAGES:-30}"
SCENARIO=basic
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) SCENARIO="${2:-}"; shift 2 || { echo "cluster-test: --scenario needs a name" >&2; exit 2; } ;;
    --scenario=*) SCENARIO="${1#*=}"; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "cluster-test: unknown argument $1 (give --scenario basic or --scenario lose-executor)" >&2; exit 2 ;;
  esac
done
case "$SCENARIO" in
  basic|lose-executor) ;;
  *) echo "cluster-test: unknown scenario '$SCENARIO' (basic or lose-executor)" >&2; exit 2 ;;
esac
WORK="$(mktemp -d "${TMPDIR:-/tmp}/samplesize-cluster.XXXXXX")"
PIDS=()
WORKER_PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
# An interrupt or TERM exits (the EXIT trap then stops the cluster and the run in flight); a trap
# on INT/TERM alone would stop them and let the script go on with the next step.
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ -d "$MIRROR/flowers/flower_photos" ] || { echo "cluster-test: no tf_flowers under $MIRROR" >&2; exit 2; }

# The engine and the spark module, as ./samplesize --spark builds them.
if [ ! -f "$ROOT/spark/target/samplesize-spark.jar" ] || [ ! -d "$ROOT/spark/target/spark-lib" ] \
    || [ ! -f "$ROOT/engine/target/samplesize-engine.jar" ]; then
  "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -pl spark -am -DskipTests -Dspotless.check.skip=true package
fi

# SPARK_HOME for the workers: they start executors with SPARK_HOME/jars on the class path.
mkdir -p "$WORK/spark-home/jars" "$WORK/logs"
ln -s "$ROOT"/spark/target/spark-lib/*.jar "$ROOT"/engine/target/lib/*.jar "$WORK/spark-home/jars/" 2>/dev/null || true
export SPARK_HOME="$WORK/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
OPENS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)
CP="$SPARK_HOME/jars/*"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT="$(free_port)"
MASTER="spark://127.0.0.1:$PORT"

java "${OPENS[@]}" -Xmx512m -cp "$CP" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$PORT" --webui-port "$(free_port)" >"$WORK/logs/master.log" 2>&1 &
PIDS+=($!)
for i in 1 2; do
  java "${OPENS[@]}" -Xmx512m -cp "$CP" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 1 --memory 3g --webui-port "$(free_port)" \
    --work-dir "$WORK/worker$i" "$MASTER" >"$WORK/logs/worker$i.log" 2>&1 &
  PIDS+=($!)
  WORKER_PIDS[$i]=$!
done
# Both workers registered with the master, or give up after a minute.
registered() { local n; n="$(grep -c 'Registering worker' "$WORK/logs/master.log" 2>/dev/null || true)"; echo "${n:-0}"; }
for _ in $(seq 60); do
  [ "$(registered)" -ge 2 ] && break
  sleep 1
done
if [ "$(registered)" -lt 2 ]; then
  echo "cluster-test: the workers did not register; logs:" >&2
  tail -20 "$WORK"/logs/*.log >&2
  exit 1
fi
echo "cluster: master $MASTER, 2 workers x 1 core (separate JVMs)"

# A small image folder: the first PER_CLASS photos of each class, on storage every JVM here sees.
python3 - "$MIRROR/flowers/flower_photos" "$WORK/data" "$PER_CLASS" <<'EOF'
import os, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for c in sorted(os.listdir(src)):
    if os.path.isdir(os.path.join(src, c)):
        os.makedirs(os.path.join(dst, c))
        for f in sorted(x for x in os.listdir(os.path.join(src, c)) if x.endswith(".jpg"))[:n]:
            os.symlink(os.path.join(src, c, f), os.path.join(dst, c, f))
EOF

ARGS=(--data "$WORK/data" --mirror "$MIRROR" --fractions 0.25,0.5,1.0 --repeats 2 --quiet)
if [ "$SCENARIO" = lose-executor ]; then
  # Long enough to kill an executor in each stage: 450 feature rows in 8 tasks, heads of ~1-3 s.
  ARGS=(--data "$WORK/data" --mirror "$MIRROR" --fractions 0.25,0.5,1.0 --repeats 3 --views 3
    --epochs 300 --patience 300 --quiet)
fi
PLANNED=$(( $([ "$SCENARIO" = lose-executor ] && echo 9 || echo 6) ))

# The executor JVMs the workers started (their children), as "pid stderr-file" lines.
executors() {
  local i pid id
  for i in 1 2; do
    for pid in $(pgrep -P "${WORKER_PIDS[$i]}" 2>/dev/null || true); do
      tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q CoarseGrainedExecutorBackend || continue
      id="$(tr '\0' '\n' <"/proc/$pid/cmdline" | grep -A1 -x -- --executor-id | tail -1)"
      echo "$pid $(ls "$WORK"/worker$i/app-*/"$id"/stderr 2>/dev/null | head -1)"
    done
  done
}
# Tasks an executor's log says it started and has not finished, in stages matching $2 (a regex).
running() {
  local started finished
  started="$(grep -cE "Running task .* in stage $2 " "$1" 2>/dev/null || true)"
  finished="$(grep -cE "Finished task .* in stage $2 " "$1" 2>/dev/null || true)"
  echo $(( ${started:-0} - ${finished:-0} ))
}
models_journaled() { local n; n="$(grep -c '"kind":"model"' "$WORK/out-cluster/journal.jsonl" 2>/dev/null || true)"; echo "${n:-0}"; }

# Kills one executor JVM while it runs a feature task (after another feature task finished), then
# one while it trains (the journal holds some models but not all). Each kill goes to kills.log.
killer() {
  local phase=features pid log finished
  while [ ! -f "$WORK/run-done" ] && [ "$phase" != done ]; do
    while read -r pid log; do
      [ -n "$log" ] || continue
      if [ "$phase" = features ]; then
        finished="$(cat "$WORK"/worker*/app-*/*/stderr 2>/dev/null | grep -cE 'Finished task .* in stage 0\.' || true)"
        if [ "${finished:-0}" -ge 1 ] && [ "$(running "$log" '0\.[0-9]+')" -ge 1 ]; then
          kill -9 "$pid" && echo "features: killed executor $pid while it ran a feature task ($finished finished)" >>"$WORK/kills.log"
          phase=training
          break
        fi
      else
        local n; n="$(models_journaled)"
        if [ "$n" -ge 1 ] && [ "$n" -lt "$PLANNED" ] && [ "$(running "$log" '[1-9][0-9]*\.[0-9]+')" -ge 1 ]; then
          kill -9 "$pid" && echo "training: killed executor $pid while it trained ($n of $PLANNED models journaled)" >>"$WORK/kills.log"
          phase=done
          break
        fi
      fi
    done < <(executors)
    sleep 0.1
  done
}

run() { # name, extra args...
  local name="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  # In the background and waited for: bash runs a trap only when a foreground command ends, and
  # `timeout` puts the run in a process group of its own, out of reach of a terminal's Ctrl-C.
  # `wait` returns at once on a signal; cleanup's TERM to `timeout` reaches the run through it.
  timeout "$LIMIT" "$ROOT/samplesize" run "${ARGS[@]}" --out "$WORK/out-$name" --cache "$WORK/cache-$name" "$@" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" &
  local pid=$!
  PIDS+=("$pid")
  wait "$pid" || { echo "cluster-test: the $name run failed:" >&2; tail -20 "$WORK/$name.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  printf '%s run: %.1f s\n' "$name" "$(echo "$t1 - $t0" | bc)"
}
if [ "$SCENARIO" = lose-executor ]; then
  killer &
  KILLER=$!
  PIDS+=("$KILLER")
  run cluster --spark "$MASTER"
  touch "$WORK/run-done"
  wait "$KILLER" || true
  cat "$WORK/kills.log" 2>/dev/null || true
  [ "$(grep -c '^features:' "$WORK/kills.log" 2>/dev/null || true)" -ge 1 ] \
    || { echo "cluster-test: FAIL: no executor was killed during the feature pass (it ended first)" >&2; exit 1; }
  [ "$(grep -c '^training:' "$WORK/kills.log" 2>/dev/null || true)" -ge 1 ] \
    || { echo "cluster-test: FAIL: no executor was killed during training (it ended first)" >&2; exit 1; }
  # Spark saw the executors go and ran their tasks again.
  lost="$(grep -c 'ExecutorLostFailure' "$WORK/cluster.err" || true)"
  echo "tasks lost with their executor and run again: ${lost:-0}"
  [ "${lost:-0}" -ge 2 ] || { echo "cluster-test: FAIL: Spark reported ${lost:-0} tasks lost with an executor, expected 2 or more" >&2; exit 1; }
else
  run cluster --spark "$MASTER"
fi
run single

numbers() { # results.csv without train_ms and backend
  python3 - "$1" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
drop = {rows[0].index("train_ms"), rows[0].index("backend")}
for r in rows:
    print(",".join(v for i, v in enumerate(r) if i not in drop))
EOF
}
if ! diff <(numbers "$WORK/out-single/results.csv") <(numbers "$WORK/out-cluster/results.csv") >"$WORK/diff"; then
  echo "cluster-test: FAIL: results.csv differs from the single-machine run:" >&2
  cat "$WORK/diff" >&2
  exit 1
fi
if ! diff <(head -1 "$WORK/single.out") <(head -1 "$WORK/cluster.out") >/dev/null; then
  echo "cluster-test: FAIL: the answers differ:" >&2
  head -1 "$WORK/single.out" "$WORK/cluster.out" >&2
  exit 1
fi
models=$(($(wc -l <"$WORK/out-cluster/results.csv") - 1))
[ "$models" -eq "$PLANNED" ] || { echo "cluster-test: FAIL: $models models in results.csv, $PLANNED planned" >&2; exit 1; }
if [ "$SCENARIO" = lose-executor ]; then
  # Every planned model exactly once in the journal.
  ids="$(grep '"kind":"model"' "$WORK/out-cluster/journal.jsonl" | python3 -c '
import json, sys
print("\n".join(json.loads(l)["id"] for l in sys.stdin))')"
  [ "$(echo "$ids" | wc -l)" -eq "$PLANNED" ] && [ "$(echo "$ids" | sort -u | wc -l)" -eq "$PLANNED" ] \
    || { echo "cluster-test: FAIL: the journal does not hold each of the $PLANNED models once:" >&2; echo "$ids" >&2; exit 1; }
fi
# The feature cache the executors computed is the single-machine one, byte for byte (the same
# preprocessing and the same exact int8 products in every JVM).
for bin in "$WORK"/cache-single/features/*.bin; do
  cmp "$bin" "$WORK/cache-cluster/features/$(basename "$bin")" \
    || { echo "cluster-test: FAIL: feature cache $(basename "$bin") differs from the single-machine one" >&2; exit 1; }
done
echo "feature cache: $(ls "$WORK"/cache-single/features/*.bin | wc -l) file(s), equal byte for byte"
executors="$(cat "$WORK"/logs/worker*.log | grep -c 'Asked to launch executor' || true)"
echo "executors launched by the workers: ${executors:-0}"
[ "${executors:-0}" -ge 2 ] || { echo "cluster-test: FAIL: the run did not use both workers" >&2; exit 1; }
echo "answer: $(head -1 "$WORK/cluster.out")"
echo "cluster-test: PASS ($SCENARIO: $models models, results.csv equal to the single-machine run, column by column)"
