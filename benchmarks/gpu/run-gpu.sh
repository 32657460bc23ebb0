#!/usr/bin/env bash
# Runs the GPU tests and the head benchmark from an unpacked samplesize GPU bundle.
# Usage: ./run-gpu.sh [RESULTS_DIR]   (default: ./results)
# The CUDA 13 libraries (cudart, cublas, cublasLt, nvrtc, nvrtc-builtins) are taken from the Python
# wheels installed on the machine (nvidia-* packages); set SAMPLESIZE_CUDA_LIBS=dir1:dir2 to override.
# Env: SAMPLESIZE_GPU_PHASES="tests bench" (default both), SAMPLESIZE_BENCH_MODELS="20,1000".
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
RESULTS="${1:-$HERE/results}"
mkdir -p "$RESULTS"
JAVA="$HERE/jre/bin/java"

cuda_dirs() {
  if [ -n "${SAMPLESIZE_CUDA_LIBS:-}" ]; then echo "$SAMPLESIZE_CUDA_LIBS"; return; fi
  local roots
  roots=$(python3 -c 'import site, sys; print("\n".join(site.getsitepackages() + [site.getusersitepackages()] + sys.path))' 2>/dev/null | sort -u)
  local dirs=""
  for lib in 'libcudart.so.13*' 'libcublas.so.13*' 'libcublasLt.so.13*' 'libnvrtc.so.13*' 'libnvrtc-builtins.so.13*'; do
    for r in $roots; do
      [ -d "$r/nvidia" ] || continue
      f=$(find "$r/nvidia" -name "$lib" 2>/dev/null | head -1)
      if [ -n "$f" ]; then dirs="$dirs:$(dirname "$f")"; break; fi
    done
  done
  echo "${dirs#:}" | tr ':' '\n' | awk 'NF && !seen[$0]++' | paste -sd: -
}

CUDA_LIBS="$(cuda_dirs)"
export LD_LIBRARY_PATH="${CUDA_LIBS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "git: $(cat "$HERE/GIT_SHA" 2>/dev/null)"
  echo "LD_LIBRARY_PATH: $LD_LIBRARY_PATH"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 || true
  "$JAVA" -version 2>&1
} | tee "$RESULTS/machine.txt"

JOPTS=(-Xmx16g --add-modules jdk.incubator.vector "-Dorg.bytedeco.javacpp.cachedir=$HERE/.javacpp-cache" -Dorg.bytedeco.javacpp.logger=slf4j)
CP_LIB="$HERE/lib/*"
status=0
PHASES="${SAMPLESIZE_GPU_PHASES:-tests bench}"

if [[ " $PHASES " == *" tests "* ]]; then
  "$JAVA" "${JOPTS[@]}" -jar "$HERE"/test/junit-platform-console-standalone-*.jar execute \
    --class-path "$HERE/test/samplesize-engine-tests.jar:$(ls "$HERE"/lib/*.jar | paste -sd: -)" \
    --select-package org.samplesize.train --details=tree --disable-banner \
    --reports-dir "$RESULTS/junit" 2>&1 | tee "$RESULTS/gpu-tests.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
fi

if [[ " $PHASES " == *" bench "* ]]; then
  "$JAVA" "${JOPTS[@]}" -cp "$HERE/bench/*:$CP_LIB" org.openjdk.jmh.Main HeadPlanBenchmark \
    -p device=cuda,cpu -p threads=16 -p "models=${SAMPLESIZE_BENCH_MODELS:-20,1000}" -p patience=10 \
    -wi 2 -i 3 -f 1 -jvmArgsAppend "-Xmx16g --add-modules jdk.incubator.vector -Dorg.bytedeco.javacpp.cachedir=$HERE/.javacpp-cache" \
    -rf json -rff "$RESULTS/jmh-head-gpu.json" 2>&1 | tee "$RESULTS/jmh-head-gpu.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
fi
exit $status
