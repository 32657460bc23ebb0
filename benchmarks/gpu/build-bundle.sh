#!/usr/bin/env bash
# Builds a self-contained bundle for the air-gapped GPU machine (no Java, no Maven, no network there):
#   jre/            jlink'd JRE (java.base, java.logging, java.management, jdk.unsupported, java.xml)
#   lib/            the engine and its runtime jars, natives trimmed to linux-x86_64 and to what we load:
#                   ONNX Runtime linux-x64 only, OpenCV core/imgproc/imgcodecs, OpenBLAS, JavaCPP,
#                   CUDA JNI for cudart/cublas/nvrtc only (the CUDA 13 libraries come from the machine)
#   test/           engine test classes + JUnit console launcher (standalone jar from Maven Central)
#   bench/          JMH and the benchmarks module (HeadPlanBenchmark)
#   run-gpu.sh      runs the GPU tests and the head benchmark
# Output: benchmarks/gpu/target/samplesize-gpu-bundle.tar.xz (must stay <= 60 MiB).
# Usage: benchmarks/gpu/build-bundle.sh            (from anywhere; builds with ./mvnw -DskipTests)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$ROOT/benchmarks/gpu/target"
B="$OUT/samplesize-gpu-bundle"
JUNIT_PLATFORM_VERSION="${JUNIT_PLATFORM_VERSION:-1.14.1}"
LIMIT_MIB=60

cd "$ROOT"
./mvnw -B -q -DskipTests package -pl engine,benchmarks -am
./mvnw -B -q dependency:copy \
  -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_PLATFORM_VERSION" \
  -DoutputDirectory="$OUT/download"
for a in org.openjdk.jmh:jmh-core:1.37 net.sf.jopt-simple:jopt-simple:5.0.4; do
  ./mvnw -B -q dependency:copy -Dartifact="$a" -DoutputDirectory="$OUT/bench-deps"
done

rm -rf "$B" && mkdir -p "$B/lib" "$B/test" "$B/bench"
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported,java.xml,jdk.incubator.vector \
  --strip-debug --no-man-pages --no-header-files --output "$B/jre"

# Copies a jar dropping entries that match DROP unless they match KEEP; entries are stored
# uncompressed so that xz (far better than deflate on native code) packs the bundle.
trim() { # trim SRC DST KEEP_NATIVE_REGEX DROP_REGEX
  python3 - "$1" "$2" "$3" "$4" <<'PY'
import re, sys, zipfile
src, dst, keep, drop = sys.argv[1:5]
keep_re, drop_re = re.compile(keep), re.compile(drop)
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
    for item in zin.infolist():
        n = item.filename
        if drop_re.search(n) and not keep_re.search(n):
            continue
        data = zin.read(n)
        item.compress_type = zipfile.ZIP_STORED
        zout.writestr(item, data)
PY
}

for jar in "$ROOT"/engine/target/lib/*.jar; do
  name="$(basename "$jar")"
  case "$name" in
    tensorrt-*) ;;  # no TensorRT on the GPU machine
    onnxruntime-*)
      trim "$jar" "$B/lib/$name" '^ai/onnxruntime/native/linux-x64/' '^ai/onnxruntime/native/.+' ;;
    opencv-*-linux-x86_64.jar)
      trim "$jar" "$B/lib/$name" \
        '/lib(jni)?opencv_(core|imgproc|imgcodecs)\.so' '^org/bytedeco/opencv/linux-x86_64/.+' ;;
    cuda-*-linux-x86_64.jar)
      trim "$jar" "$B/lib/$name" '/libjni(cudart|cublas|nvrtc)\.so$' '^org/bytedeco/cuda/linux-x86_64/.+' ;;
    openblas-*-linux-x86_64.jar)  # the full-LAPACK JNI variant and the C headers are not loaded
      trim "$jar" "$B/lib/$name" '^$' '/(libjniopenblas_full\.so|include/.*)$' ;;
    pdfbox-*|fontbox-*|graphics2d-*|VectorGraphics2D-*|xchart-*|jline-*) ;;  # reports and terminals: not run there
    *) cp "$jar" "$B/lib/" ;;
  esac
done
cp "$ROOT/engine/target/samplesize-engine.jar" "$B/lib/"

(cd "$ROOT/engine/target/test-classes" && jar cf "$B/test/samplesize-engine-tests.jar" .)
cp "$OUT/download/junit-platform-console-standalone-$JUNIT_PLATFORM_VERSION.jar" "$B/test/"
for jar in "$OUT"/bench-deps/jmh-core-*.jar "$OUT"/bench-deps/jopt-simple-*.jar; do cp "$jar" "$B/bench/"; done
cp "$ROOT"/benchmarks/target/samplesize-benchmarks-*.jar "$B/bench/"
cp "$ROOT/benchmarks/gpu/run-gpu.sh" "$B/"
chmod +x "$B/run-gpu.sh"
git -C "$ROOT" rev-parse HEAD > "$B/GIT_SHA" 2>/dev/null || true

XZ_OPT="${XZ_OPT:--6 -T2}" tar -C "$OUT" -cJf "$OUT/samplesize-gpu-bundle.tar.xz" samplesize-gpu-bundle
size=$(stat -c %s "$OUT/samplesize-gpu-bundle.tar.xz")
echo "bundle: $OUT/samplesize-gpu-bundle.tar.xz ($((size / 1048576)) MiB; unpacked $(du -sm "$B" | cut -f1) MiB)"
if [ "$size" -gt $((LIMIT_MIB * 1048576)) ]; then
  echo "bundle exceeds $LIMIT_MIB MiB" >&2
  exit 1
fi
