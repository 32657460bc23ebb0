#!/usr/bin/env bash
# What run --spark buys on this machine, measured for an idle machine (run nothing else meanwhile):
#
#   1. Scaling: a fine-tuning plan of 8 models (4 heads + 4 fine-tuned: --fractions 0.5,1.0
#      --repeats 2, SCALING_IMAGES tf_flowers photos per class, default 160) run on the single-machine
#      path, on --spark local[1] and on --spark local[2], features cached beforehand. Scaling
#      efficiency = training(local[1]) / (2 x training(local[2])); 1.0 is perfect.
#   2. Overhead: the head-only recipe run (./samplesize run --mirror ...) with and without
#      --spark local[2], features cached, SCALING_ROUNDS times each, alternating (goal: <= 5 s).
#   3. Costs and a projection: per-image feature cost and per-model training costs, from these
#      runs, and time = start + images x c_img / N + models x c_model / N + fit for N executor cores
#      on a data set of 10^6 images.
#
#   spark/scaling.sh                # about 10-15 minutes on 2 idle cores
#   spark/scaling.sh --tiny         # a check that the script works, a few minutes (numbers meaningless)
#   spark/scaling.sh --out DIR      # where scaling.json and scaling.md go (default spark/target/scaling)
#
# Needs ../shared/data (or SAMPLESIZE_MIRROR) and a JDK 17; ./samplesize builds what is missing
# during the untimed warm-up runs. Records the commit, the machine and the load (uptime) before and
# after. SCALING_CACHE: the feature cache of the head-only run (default: the usual cache, so its
# features are usually there already).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MIRROR="${SAMPLESIZE_MIRROR:-$ROOT/../shared/data}"
OUT="$ROOT/spark/target/scaling"
TINY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tiny) TINY=1; shift ;;
    --out) OUT="${2:?--out needs a folder}"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "scaling: unknown argument $1 (--tiny, --out DIR)" >&2; exit 2 ;;
  esac
done
PER_CLASS="${SCALING_IMAGES:-160}"
ROUNDS="${SCALING_ROUNDS:-2}"
HEAD_CACHE="${SCALING_CACHE:-${SAMPLESIZE_CACHE:-$HOME/.cache/samplesize}}"
FT_EXTRA=()
WARM=(--fractions 0.1,0.2 --repeats 1) # small models: the warm-up runs are for the features
if [ "$TINY" = 1 ]; then
  PER_CLASS=8; ROUNDS=1; FT_EXTRA=(--epochs 1 --train-fraction 0.5); WARM=(--fractions 0.5,1.0 --repeats 1)
fi
[ -d "$MIRROR/flowers/flower_photos" ] || { echo "scaling: no tf_flowers under $MIRROR" >&2; exit 2; }
mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/samplesize-scaling.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
LOAD_BEFORE="$(uptime)"

# The first PER_CLASS photos of each class.
python3 - "$MIRROR/flowers/flower_photos" "$WORK/ft-data" "$PER_CLASS" <<'EOF'
import os, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for c in sorted(os.listdir(src)):
    if os.path.isdir(os.path.join(src, c)):
        os.makedirs(os.path.join(dst, c))
        for f in sorted(x for x in os.listdir(os.path.join(src, c)) if x.endswith(".jpg"))[:n]:
            os.symlink(os.path.join(src, c, f), os.path.join(dst, c, f))
EOF

# run NAME ARGS...: one ./samplesize run into $WORK/NAME; wall seconds to $WORK/NAME.wall.
run() {
  local name="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$ROOT/samplesize" run "$@" --out "$WORK/$name" --quiet >"$WORK/$name.log" 2>&1 \
    || { echo "scaling: run $name failed:" >&2; tail -20 "$WORK/$name.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc >"$WORK/$name.wall"
  printf '  %-14s %6.1f s\n' "$name" "$(cat "$WORK/$name.wall")"
}

BASE=(--data "$WORK/ft-data" --mirror "$MIRROR" --cache "$WORK/cache-ft" ${FT_EXTRA[@]+"${FT_EXTRA[@]}"})
FT=("${BASE[@]}" --fine-tune --fractions 0.5,1.0 --repeats 2)
echo "warm-up (builds what is missing, fills the caches; the first two give c_img and c_cut):"
# Pooled features alone (c_img), then the fine-tune cut (c_cut); both on the single-machine path.
run warm-pooled "${BASE[@]}" "${WARM[@]}"
run warm-cut "${BASE[@]}" --fine-tune "${WARM[@]}"
run warm-spark "${BASE[@]}" --fine-tune "${WARM[@]}" --spark 'local[1]'
HEAD=(--mirror "$MIRROR" --cache "$HEAD_CACHE")
[ "$TINY" = 1 ] && HEAD=("${BASE[@]}" --fractions 0.5,1.0 --repeats 2)
run head-warm "${HEAD[@]}"

echo "scaling (fine-tune plan, features cached):"
run ft-single "${FT[@]}"
run ft-local1 "${FT[@]}" --spark 'local[1]'
run ft-local2 "${FT[@]}" --spark 'local[2]'

echo "overhead (head-only recipe run, features cached):"
for r in $(seq "$ROUNDS"); do
  run "head-single-$r" "${HEAD[@]}"
  run "head-spark-$r" "${HEAD[@]}" --spark 'local[2]'
done
LOAD_AFTER="$(uptime)"

python3 - "$WORK" "$OUT" "$ROUNDS" "$TINY" "$LOAD_BEFORE" "$LOAD_AFTER" \
  "$(git -C "$ROOT" rev-parse HEAD)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (uncommitted changes)')" \
  "$(nproc)" "$(java -version 2>&1 | head -1)" <<'EOF'
import csv, json, os, sys
work, out, rounds, tiny, load0, load1, commit, cores, java = sys.argv[1:]
rounds, tiny = int(rounds), tiny == "1"

def run(name):
    p = json.load(open(os.path.join(work, name, "provenance.json")))
    rows = list(csv.DictReader(open(os.path.join(work, name, "results.csv"))))
    wall = float(open(os.path.join(work, name + ".wall")).read())
    answer = open(os.path.join(work, name + ".log")).read().splitlines()
    answer = next((l for l in answer if l.startswith("With ")), "")
    numbers = [{k: v for k, v in r.items() if k not in ("train_ms", "backend")} for r in rows]
    return {"wall_s": round(wall, 2), "timings_s": p.get("timings_s", {}), "rows": rows,
            "numbers": numbers, "answer": answer}

runs = {n: run(n) for n in ["warm-pooled", "warm-cut", "ft-single", "ft-local1", "ft-local2"]
        + [f"head-{k}-{r}" for r in range(1, rounds + 1) for k in ("single", "spark")]}
t = lambda n, k: runs[n]["timings_s"].get(k, 0.0)
images = sum(len(fs) for _, _, fs in os.walk(os.path.join(work, "ft-data")))
threads = int(cores)

# Scaling: the training stage, which is what the executors share.
tr1, tr2, trs = t("ft-local1", "training"), t("ft-local2", "training"), t("ft-single", "training")
efficiency = tr1 / (2 * tr2) if tr2 else None
same_ft = runs["ft-single"]["numbers"] == runs["ft-local1"]["numbers"] == runs["ft-local2"]["numbers"]
heads = [f"head-{k}-{r}" for r in range(1, rounds + 1) for k in ("single", "spark")]
same_head = all(runs[h]["numbers"] == runs["head-single-1"]["numbers"] for h in heads)
single_walls = [runs[f"head-single-{r}"]["wall_s"] for r in range(1, rounds + 1)]
spark_walls = [runs[f"head-spark-{r}"]["wall_s"] for r in range(1, rounds + 1)]
overhead = min(spark_walls) - min(single_walls)

# Costs, in core-seconds (the single-machine feature pass uses every core of the machine).
c_img = t("warm-pooled", "features") * threads / images
c_cut = t("warm-cut", "features") * threads / images
def per_unit(curve):
    # local[1]: one model at a time on one core; train_ms per (training image x epoch run).
    rs = [r for r in runs["ft-local1"]["rows"] if r["curve"] == curve]
    units = sum(int(r["size"]) * max(1, int(r["epochs_run"])) for r in rs)
    return (sum(float(r["train_ms"]) for r in rs) / 1000 / units) if units else None, rs
c_head, head_rows = per_unit("head")
c_ft, ft_rows = per_unit("fine-tune")
fit = t("head-single-1", "curve_fit")
start = max(0.0, overhead) + t("head-spark-1", "data_set_and_plan")

# Projection: 10^6 images, the default plan's shares (0.05, 0.1, 0.25, 0.5 x 5 repeats, 90% train),
# heads at 10 epochs; the fine-tune curve adds its cut pass and about 20 epochs per model.
N_IMG, TRAIN = 1_000_000, 0.9
plan_images = 5 * (0.05 + 0.1 + 0.25 + 0.5) * N_IMG * TRAIN
proj = []
for n in (2, 16, 64, 256):
    head_s = start + N_IMG * c_img / n + plan_images * 10 * (c_head or 0) / n + fit
    ft_s = head_s + N_IMG * c_cut / n + plan_images * 20 * (c_ft or 0) / n
    proj.append({"cores": n, "head_plan_h": round(head_s / 3600, 2),
                 "fine_tune_plan_h": round(ft_s / 3600, 2)})

result = {
    "commit": commit, "cores": threads, "java": java, "tiny": tiny,
    "load_before": load0.strip(), "load_after": load1.strip(),
    "fine_tune_plan": {"images": images, "models": len(runs["ft-single"]["rows"]),
                       "same_numbers": same_ft,
                       "runs": {n: {"wall_s": runs[n]["wall_s"], "timings_s": runs[n]["timings_s"]}
                                for n in ("ft-single", "ft-local1", "ft-local2")},
                       "scaling_efficiency": efficiency},
    "head_only_run": {"single_wall_s": single_walls, "spark_local2_wall_s": spark_walls,
                      "overhead_s": round(overhead, 2), "goal_s": 5, "same_numbers": same_head},
    "costs": {"c_img_core_s": c_img, "c_cut_core_s": c_cut,
              "c_head_core_s_per_image_epoch": c_head, "c_fine_tune_core_s_per_image_epoch": c_ft,
              "fit_s": fit, "start_s": start},
    "projection_1e6_images": proj,
}
json.dump(result, open(os.path.join(out, "scaling.json"), "w"), indent=2)

f = lambda x, d=1: "n/a" if x is None else f"{x:.{d}f}"
md = [f"# run --spark: scaling on this machine{' (TINY CHECK: numbers meaningless)' if tiny else ''}", "",
      f"- commit `{commit}`, {threads} cores, {java}",
      f"- load before: `{load0.strip()}`", f"- load after: `{load1.strip()}`", "",
      f"## Fine-tune plan: {result['fine_tune_plan']['models']} models, {images} images, features cached", "",
      "| run | wall (s) | training (s) |", "|---|---|---|"]
for n, label in (("ft-single", "single machine"), ("ft-local1", "--spark local[1]"), ("ft-local2", "--spark local[2]")):
    md.append(f"| {label} | {f(runs[n]['wall_s'])} | {f(t(n, 'training'))} |")
md += ["", f"Scaling efficiency local[1] -> local[2]: {f(efficiency, 2)} (training {f(tr1)} / (2 x {f(tr2)})); "
       f"same results.csv numbers in all three: {same_ft}.", "",
       "## Head-only recipe run, features cached", "",
       f"- single machine: {', '.join(f(w) for w in single_walls)} s",
       f"- --spark local[2]: {', '.join(f(w) for w in spark_walls)} s",
       f"- overhead (best against best): {f(overhead)} s (goal: at most 5 s); same numbers: {same_head}", "",
       "## Costs (core-seconds) and a projection for 10^6 images", "",
       f"- c_img (pooled features): {f(c_img, 4)} per image; fine-tune cut pass: {f(c_cut, 4)} per image",
       f"- c_model: head {f(c_head, 6)} and fine-tune {f(c_ft, 6)} per training image and epoch",
       f"- start {f(start)} s, fit {f(fit)} s", "",
       "time = start + images x c_img / N + models x c_model / N + fit (default plan: 20 models at "
       "shares 0.05-0.5, heads 10 epochs, fine-tune about 20 more):", "",
       "| executor cores N | head plan (h) | with the fine-tune curve (h) |", "|---|---|---|"]
md += [f"| {p['cores']} | {p['head_plan_h']} | {p['fine_tune_plan_h']} |" for p in proj]
open(os.path.join(out, "scaling.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
if not (same_ft and same_head):
    print("scaling: FAIL: the runs gave different results.csv numbers", file=sys.stderr)
    sys.exit(1)
EOF
echo "scaling: wrote $OUT/scaling.json and $OUT/scaling.md"
