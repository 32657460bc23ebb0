package org.samplesize.train.cuda.tail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A C++ program that runs the real {@link TailKernels#SOURCE} on the host: CUDA keywords defined
 * away, each launch emulated block by block, thread by thread, in the order of the launches it
 * receives as a {@link TailLaunches.Launcher}. A kernel that synchronises its block ({@code
 * __syncthreads}) runs its block's threads as real threads meeting at a barrier, so its shared
 * memory reduction runs as on the GPU. Every launch checks at compile time that its arguments have
 * the kernel's parameter types ({@code int}, {@code long}, {@code float}, a pointer), as the driver
 * would not. Buffers are host arrays ({@link Array}); {@link #dump} records their contents.
 */
final class HostKernelProgram implements TailLaunches.Launcher {

  /** A host array standing for a device buffer. */
  record Array(String name, int length) {}

  private static final String PRELUDE =
      """
      #include <barrier>
      #include <cmath>
      #include <cstdint>
      #include <cstdio>
      #include <cstdlib>
      #include <cstring>
      #include <math.h>
      #include <thread>
      #include <type_traits>
      #include <vector>
      #define __global__
      #define __device__
      #define __forceinline__ inline
      #define __shared__ static
      struct Dim { unsigned x; };
      static Dim blockIdx, blockDim;
      static thread_local Dim threadIdx;
      static std::barrier<>* block_barrier = nullptr;
      static void __syncthreads() {
        if (block_barrier == nullptr) { fprintf(stderr, "__syncthreads in an unsynchronised launch\\n"); abort(); }
        block_barrier->arrive_and_wait();
      }
      """;

  private static final String LAUNCH =
      """
      template <class P, class A> constexpr bool fits() {
        if constexpr (std::is_pointer_v<P>) {
          return std::is_same_v<A, float*> || std::is_same_v<A, std::nullptr_t>;
        } else {
          return std::is_same_v<P, A>;
        }
      }
      template <class... P, class... A>
      static void run(const char* name, void (*k)(P...), bool sync, int grid, int block, A... a) {
        static_assert(sizeof...(P) == sizeof...(A), "argument count differs from the kernel's");
        static_assert((fits<P, A>() && ...), "an argument's type differs from the kernel's");
        blockDim.x = block;
        for (int b = 0; b < grid; b++) {
          blockIdx.x = b;
          if (!sync) {
            for (int t = 0; t < block; t++) { threadIdx.x = t; k(a...); }
            continue;
          }
          std::barrier<> bar(block);
          block_barrier = &bar;
          std::vector<std::thread> threads;
          for (int t = 0; t < block; t++) threads.emplace_back([&, t] { threadIdx.x = t; k(a...); });
          for (auto& th : threads) th.join();
          block_barrier = nullptr;
        }
      }
      static void dump(const char* label, const float* v, int n) {
        printf("%s", label);
        for (int i = 0; i < n; i++) { uint32_t b; memcpy(&b, &v[i], 4); printf(" %08x", b); }
        printf("\\n");
      }
      """;

  private final StringBuilder arrays = new StringBuilder();
  private final StringBuilder body = new StringBuilder();
  private final Map<String, Integer> dumped = new HashMap<>();
  private int launches;
  private int constants;

  /**
   * @param name a C identifier
   * @param values initial contents
   * @return the array
   */
  Array array(String name, float[] values) {
    arrays.append("static float ").append(name).append('[').append(Math.max(1, values.length));
    arrays.append("] = {").append(literals(values)).append("};\n");
    return new Array(name, values.length);
  }

  /**
   * @param name a C identifier
   * @param length floats
   * @return a zeroed array
   */
  Array zeros(String name, int length) {
    arrays.append("static float ").append(name).append('[').append(Math.max(1, length));
    arrays.append("];\n");
    return new Array(name, length);
  }

  /** Overwrites {@code a} with {@code values} at this point of the program. */
  void set(Array a, float[] values) {
    if (values.length != a.length()) {
      throw new IllegalArgumentException(a.name() + " has " + a.length() + " floats");
    }
    String c = "set" + constants++;
    arrays.append("static const float ").append(c).append('[').append(Math.max(1, values.length));
    arrays.append("] = {").append(literals(values)).append("};\n");
    body.append("  memcpy(").append(a.name()).append(", ").append(c).append(", sizeof ");
    body.append(c).append(");\n");
  }

  /** Records the contents of {@code a} at this point of the program under {@code label}. */
  void dump(String label, Array a) {
    if (dumped.put(label, a.length()) != null) {
      throw new IllegalArgumentException("label " + label + " used twice");
    }
    body.append("  dump(\"").append(label).append("\", ").append(a.name()).append(", ");
    body.append(a.length()).append(");\n");
  }

  /** Launch count so far. */
  int launches() {
    return launches;
  }

  @Override
  public void launch(String kernel, int grid, int block, Object... args) {
    if (!TailKernels.NAMES.contains(kernel)) {
      throw new IllegalArgumentException("no kernel named " + kernel);
    }
    StringBuilder call = new StringBuilder("  run(\"" + kernel + "\", " + kernel + ", ");
    call.append(synchronises(kernel)).append(", ").append(grid).append(", ").append(block);
    for (Object a : args) {
      call.append(", ");
      if (a == null) {
        call.append("nullptr");
      } else if (a instanceof Array h) {
        call.append(h.name());
      } else if (a instanceof Integer v) {
        call.append("(int) ").append(v);
      } else if (a instanceof Long v) {
        call.append("(long) ").append(v).append('L');
      } else if (a instanceof Float v) {
        call.append("(float) ").append(literal(v));
      } else {
        throw new IllegalArgumentException(kernel + ": unsupported argument " + a);
      }
    }
    body.append(call).append(");\n");
    launches++;
  }

  /** Whether the kernel's body calls {@code __syncthreads}. */
  static boolean synchronises(String kernel) {
    String src = TailKernels.SOURCE;
    int start = src.indexOf("void " + kernel + "(");
    int end = src.indexOf("extern \"C\"", start);
    return src.substring(start, end < 0 ? src.length() : end).contains("__syncthreads");
  }

  /** The whole program. */
  String source() {
    return PRELUDE
        + TailKernels.SOURCE
        + LAUNCH
        + arrays
        + "int main() {\n"
        + body
        + "  return 0;\n}\n";
  }

  /**
   * Compiles (no contraction into FMA, as NVRTC with {@code --fmad=false}) and runs the program.
   *
   * @param dir a scratch directory
   * @return every dump by label
   */
  Map<String, float[]> run(Path dir) throws IOException, InterruptedException {
    Path src = dir.resolve("tail_kernels_host.cpp");
    Files.writeString(src, source(), StandardCharsets.UTF_8);
    Path exe = dir.resolve("tail_kernels_host");
    exec(
        dir,
        "g++",
        "-std=c++20",
        "-O1",
        "-ffp-contract=off",
        "-pthread",
        "-o",
        exe.toString(),
        src.toString());
    String out = exec(dir, exe.toString());
    Map<String, float[]> result = new HashMap<>();
    for (String line : out.lines().toList()) {
      String[] parts = line.trim().split(" ");
      Integer n = dumped.get(parts[0]);
      if (n == null || parts.length != n + 1) {
        throw new IllegalStateException("unexpected output line: " + line);
      }
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(parts[i + 1], 16));
      }
      result.put(parts[0], v);
    }
    if (!result.keySet().equals(dumped.keySet())) {
      throw new IllegalStateException("missing dumps: expected " + dumped.keySet());
    }
    return result;
  }

  private static String literals(float[] values) {
    StringBuilder s = new StringBuilder();
    for (float f : values) {
      s.append(literal(f)).append(',');
    }
    return s.toString();
  }

  private static String literal(float f) {
    if (!Float.isFinite(f)) {
      throw new IllegalArgumentException("non-finite value " + f);
    }
    return Float.toHexString(f) + "f";
  }

  private static String exec(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", cmd) + " failed:\n" + text.substring(0, Math.min(text.length(), 4000)));
    }
    return text;
  }

  /**
   * @return whether {@code g++} runs here
   */
  static boolean hasCompiler() {
    try {
      Process p = new ProcessBuilder("g++", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
