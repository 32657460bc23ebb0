package org.samplesize.train.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.train.Adam;
import org.samplesize.train.ClassificationMetrics;
import org.samplesize.train.DropoutRng;

/**
 * Runs the real kernel source on the CPU: the CUDA C of {@link HeadKernels} compiled as C++ by the
 * host compiler (CUDA keywords defined away, each launch emulated thread by thread), and compares
 * every element with the Java code the CPU backend runs. Checks the generator parity (same dropout
 * masks), the softmax gradient, the Adam update (bit-exact) and the AUC histogram without a GPU.
 * The scoring kernel needs block-wide synchronisation and is left to the GPU test. Skips when no
 * {@code g++} is installed.
 */
class KernelEmulationTest {
  static final int D = 13;
  static final int K = 3;
  static final int B = 4;
  static final int M = 2;
  static final int ROWS = 6;
  static final int MAX_LEN = 5;
  static final int T = 10;

  private static final String PRELUDE =
      """
      #include <cmath>
      #include <cstdio>
      #include <cstdint>
      #include <cstring>
      #include <algorithm>
      #define __global__
      #define __device__
      #define __forceinline__ inline
      #define __restrict__
      #define __shared__ static
      struct Dim { unsigned x; };
      static Dim blockIdx, threadIdx, blockDim;
      static void __syncthreads() {}
      static unsigned atomicAdd(unsigned* a, unsigned v) { unsigned o = *a; *a += v; return o; }
      using std::min;
      using std::max;
      template <class F> static void launch(int grid, int block, F f) {
        blockDim.x = block;
        for (int bx = 0; bx < grid; bx++) {
          blockIdx.x = bx;
          for (int t = 0; t < block; t++) { threadIdx.x = t; f(); }
        }
      }
      static void dump(const char* name, const float* v, int n) {
        printf("%s", name);
        for (int i = 0; i < n; i++) { uint32_t b; memcpy(&b, &v[i], 4); printf(" %08x", b); }
        printf("\\n");
      }
      """;

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

  private static String floats(String name, float[] v) {
    StringBuilder s = new StringBuilder("static const uint32_t " + name + "_bits[] = {");
    for (float f : v) {
      s.append("0x").append(Integer.toHexString(Float.floatToRawIntBits(f))).append("u,");
    }
    s.append("};\nstatic float ").append(name).append("[").append(v.length).append("];\n");
    return s.toString();
  }

  private static String ints(String type, String name, long[] v) {
    StringBuilder s = new StringBuilder("static " + type + " " + name + "[] = {");
    for (long x : v) {
      s.append(x).append(type.contains("long") ? "LL," : ",");
    }
    return s.append("};\n").toString();
  }

  private static float[] random(SplittableRandom r, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (scale * r.nextGaussian());
    }
    return v;
  }

  @Test
  void kernelsMatchTheJavaCode(@TempDir Path dir) throws Exception {
    assumeTrue(hasCompiler(), "skipped: no g++ to compile the kernel source for the host");
    SplittableRandom r = new SplittableRandom(2026);
    float[] x = random(r, ROWS * D, 1);
    int[] labels = {0, 2, 1, 1, 0, 2};
    int[] order = {0, 1, 2, 3, 4, 5, 4, 3, 0, 0}; // model 0: 5 rows; model 1: 3 rows (padded)
    int[] lens = {5, 3};
    long[] keys = {0x1234_5678_9ABCL, -42L};
    long[] iter0 = {0, 7};
    double rate = 0.3;
    int thr = DropoutRng.dropThreshold(rate);
    float scale = (float) (1 / (1 - rate));
    float[] logits = random(r, M * B * K, 2);
    float[] bias = random(r, M * K, 0.5);
    float[] w = random(r, M * K * D, 0.3);
    float[] mw = random(r, M * K * D, 0.01);
    float[] vw = new float[M * K * D];
    for (int i = 0; i < vw.length; i++) {
      vw[i] = (float) Math.abs(1e-4 * r.nextGaussian());
    }
    float[] mb = random(r, M * K, 0.01);
    float[] vb = new float[] {1e-5f, 2e-5f, 0f, 3e-6f, 1e-4f, 5e-5f};
    float[] dw = random(r, M * K * D, 0.1);
    float[] g = random(r, M * B * K, 0.1);
    Adam adam = new Adam(1e-3, 0.9, 0.999, 1e-7);
    float[] alpha = new float[16];
    for (int t = 0; t < alpha.length; t++) {
      alpha[t] = adam.alpha(t + 1);
    }
    int pairs = 7;
    float[] probs = new float[pairs * K];
    for (int p = 0; p < pairs; p++) {
      float a = (float) r.nextDouble();
      float b = (float) r.nextDouble() * (1 - a);
      probs[p * K] = a;
      probs[p * K + 1] = b;
      probs[p * K + 2] = p == 3 ? 0f : 1 - a - b;
    }
    probs[3 * K] = 1f; // exact 0 and 1
    probs[3 * K + 1] = 0f;
    int[] pairModel = {0, 0, 0, 1, 1, 1, 1};
    int[] pairRow = {0, 5, 2, 1, 3, 4, 0};

    StringBuilder c = new StringBuilder(PRELUDE);
    c.append(HeadKernels.source(D, K, B));
    c.append(floats("x", x)).append(floats("logits", logits)).append(floats("bias", bias));
    c.append(floats("w", w)).append(floats("mw", mw)).append(floats("vw", vw));
    c.append(floats("mb", mb)).append(floats("vb", vb)).append(floats("dw", dw));
    c.append(floats("g", g)).append(floats("alpha", alpha)).append(floats("probs", probs));
    c.append(ints("int", "labels", toLong(labels))).append(ints("int", "order", toLong(order)));
    c.append(ints("int", "lens", toLong(lens))).append(ints("long long", "iter0", iter0));
    c.append(ints("int", "pairModel", toLong(pairModel)));
    c.append(ints("int", "pairRow", toLong(pairRow)));
    c.append("static u64 keys[] = {")
        .append(Long.toUnsignedString(keys[0]))
        .append("ULL, ")
        .append(Long.toUnsignedString(keys[1]))
        .append("ULL};\n");
    c.append(
        """
        #define LOAD(n) memcpy(n, n##_bits, sizeof(n))
        int main() {
          LOAD(x); LOAD(logits); LOAD(bias); LOAD(w); LOAD(mw); LOAD(vw); LOAD(mb); LOAD(vb);
          LOAD(dw); LOAD(g); LOAD(alpha); LOAD(probs);
          static float xd[%1$d * B * D];
          for (int s = 0; s < 2; s++) {
            launch((int) ((%1$d * B * DRAWS + 255) / 256), 256, [&] { dropout_gather(x, order, lens,
                keys, iter0, s, %1$d, %2$d, %3$s, %4$s, xd); });
            printf("step %%d ", s); dump("xd", xd, %1$d * B * D);
          }
          static float gr[%1$d * B * K];
          launch(1, 256, [&] { softmax_grad(logits, bias, order, lens, labels, 1, %1$d, %2$d, gr); });
          dump("grad", gr, %1$d * B * K);
          launch(1000, 256, [&] { adam_step(w, bias, mw, vw, mb, vb, dw, g, lens, iter0, alpha, 0, %1$d,
              %5$s, %6$s, %7$s); });
          dump("w", w, %1$d * K * D); dump("bias", bias, %1$d * K); dump("mw", mw, %1$d * K * D);
          dump("vw", vw, %1$d * K * D); dump("mb", mb, %1$d * K); dump("vb", vb, %1$d * K);
          static unsigned counts[%1$d * 2 * %8$d];
          launch(1, 256, [&] { auc_histogram(probs, pairModel, pairRow, labels, %9$d, %8$d, counts); });
          printf("counts");
          for (int i = 0; i < %1$d * 2 * %8$d; i++) printf(" %%u", counts[i]);
          printf("\\n");
          return 0;
        }
        """
            .formatted(
                M,
                MAX_LEN,
                Integer.toString(thr),
                cFloat(scale),
                cFloat(adam.oneMinusBeta1()),
                cFloat(adam.oneMinusBeta2()),
                cFloat(adam.epsilon()),
                T,
                pairs));
    Path src = dir.resolve("emulate.cpp");
    Files.writeString(src, c.toString(), StandardCharsets.UTF_8);
    Path exe = dir.resolve("emulate");
    run(dir, "g++", "-std=c++17", "-O1", "-ffp-contract=off", "-o", exe.toString(), src.toString());
    List<String> out = run(dir, exe.toString());

    // dropout: the generator and the counter layout of DropoutRng, rows past a model's end zero
    for (int s = 0; s < 2; s++) {
      float[] xd = parse(out.get(s), 3);
      for (int m = 0; m < M; m++) {
        for (int b = 0; b < B; b++) {
          for (int e = 0; e < D; e++) {
            int i = s * B + b;
            float expected = 0f;
            if (i < lens[m]) {
              int row = order[m * MAX_LEN + i];
              boolean keep = DropoutRng.keep(keys[m], iter0[m] + s, B, b, e, D, thr);
              expected = x[row * D + e] * (keep ? scale : 0f);
            }
            assertEquals(
                expected, xd[(m * B + b) * D + e], 0f, "xd m" + m + " s" + s + " b" + b + " e" + e);
          }
        }
      }
    }
    // softmax gradient at step 1: model 0 has one row left (row 4 of its order), model 1 none
    float[] grad = parse(out.get(2), 1);
    for (int m = 0; m < M; m++) {
      for (int b = 0; b < B; b++) {
        int i = B + b;
        float[] v = new float[K];
        if (i < lens[m]) {
          int nb = Math.min(B, lens[m] - B);
          float max = Float.NEGATIVE_INFINITY;
          for (int k = 0; k < K; k++) {
            v[k] = logits[(m * B + b) * K + k] + bias[m * K + k];
            max = Math.max(max, v[k]);
          }
          float sum = 0;
          for (int k = 0; k < K; k++) {
            v[k] = (float) Math.exp(v[k] - max);
            sum += v[k];
          }
          int y = labels[order[m * MAX_LEN + i]];
          for (int k = 0; k < K; k++) {
            v[k] = (v[k] / sum - (k == y ? 1f : 0f)) / nb;
          }
        }
        for (int k = 0; k < K; k++) {
          assertEquals(v[k], grad[(m * B + b) * K + k], 1e-6f, "grad m" + m + " b" + b);
        }
      }
    }
    // Adam: bit-exact against Adam.update, bias gradient = column sums of g in row order
    float[] w2 = w.clone();
    float[] b2 = bias.clone();
    float[] mw2 = mw.clone();
    float[] vw2 = vw.clone();
    float[] mb2 = mb.clone();
    float[] vb2 = vb.clone();
    for (int m = 0; m < M; m++) {
      float a = alpha[(int) iter0[m]];
      adam.update(w2, m * K * D, dw, m * K * D, mw2, vw2, m * K * D, K * D, a);
      float[] gb = new float[K];
      for (int b = 0; b < B; b++) {
        for (int k = 0; k < K; k++) {
          gb[k] += g[(m * B + b) * K + k];
        }
      }
      adam.update(b2, m * K, gb, 0, mb2, vb2, m * K, K, a);
    }
    assertBits(w2, parse(out.get(3), 1), "w");
    assertBits(b2, parse(out.get(4), 1), "bias");
    assertBits(mw2, parse(out.get(5), 1), "mw");
    assertBits(vw2, parse(out.get(6), 1), "vw");
    assertBits(mb2, parse(out.get(7), 1), "mb");
    assertBits(vb2, parse(out.get(8), 1), "vb");
    // AUC histogram: the same counts as the host code, per model
    String[] counts = out.get(9).split(" ");
    for (int m = 0; m < M; m++) {
      List<Integer> idx = new ArrayList<>();
      for (int p = 0; p < pairs; p++) {
        if (pairModel[p] == m) {
          idx.add(p);
        }
      }
      float[] pm = new float[idx.size() * K];
      int[] ym = new int[idx.size()];
      for (int i = 0; i < idx.size(); i++) {
        System.arraycopy(probs, idx.get(i) * K, pm, i * K, K);
        ym[i] = labels[pairRow[idx.get(i)]];
      }
      long[] expected = ClassificationMetrics.kerasAucCounts(pm, ym, K, T);
      for (int i = 0; i < 2 * T; i++) {
        assertEquals(
            expected[i], Long.parseLong(counts[1 + m * 2 * T + i]), "count m" + m + " " + i);
      }
    }
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + "[" + i + "]");
    }
  }

  private static String cFloat(float f) {
    return Float.toHexString(f) + "f";
  }

  private static long[] toLong(int[] v) {
    long[] l = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      l[i] = v[i];
    }
    return l;
  }

  private static float[] parse(String line, int skip) {
    String[] parts = line.trim().split(" ");
    float[] v = new float[parts.length - skip];
    for (int i = 0; i < v.length; i++) {
      v[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(parts[i + skip], 16));
    }
    return v;
  }

  private static List<String> run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed:\n" + text);
    }
    return text.lines().toList();
  }
}
