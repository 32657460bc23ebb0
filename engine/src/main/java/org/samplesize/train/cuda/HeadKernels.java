package org.samplesize.train.cuda;

import java.util.List;
import org.samplesize.train.DropoutRng;

/**
 * The CUDA C source of the head kernels and their launch geometry. Pure Java (no CUDA needed), so
 * the source, the constants it bakes in and the grid sizes are tested on any machine. The dropout
 * generator in the source is {@link DropoutRng} written in C: same constants, same counter layout.
 * Compiled with {@code --fmad=false} so that Adam and dropout round exactly as the Java code does.
 */
public final class HeadKernels {
  /** Threads per block of the element-wise kernels. */
  public static final int BLOCK = 256;

  /** Threads per block of the scoring kernel (one block per (model, row) pair). */
  public static final int PREDICT_BLOCK = 128;

  /** The kernels' names, in the order {@link #source} defines them. */
  public static final List<String> NAMES =
      List.of("dropout_gather", "softmax_grad", "adam_step", "predict", "auc_histogram");

  private HeadKernels() {}

  /**
   * @param cols features per row (D)
   * @param classes classes (K)
   * @param batch minibatch size (B)
   * @return CUDA C source with D, K, B and the generator's constants baked in
   */
  public static String source(int cols, int classes, int batch) {
    if (cols < 1 || classes < 2 || classes > 1024 || batch < 1) {
      throw new IllegalArgumentException(
          "cols = "
              + cols
              + ", classes = "
              + classes
              + ", batch = "
              + batch
              + ": expected cols >= 1, 2 <= classes <= 1024, batch >= 1");
    }
    String header =
        "#define D "
            + cols
            + "\n#define K "
            + classes
            + "\n#define B "
            + batch
            + "\n#define DRAWS "
            + DropoutRng.drawsPerRow(cols)
            + "LL\n#define PREDICT_BLOCK "
            + PREDICT_BLOCK
            + "\n#define GOLDEN "
            + hex(DropoutRng.GOLDEN)
            + "\n#define MIX1 "
            + hex(DropoutRng.MIX1)
            + "\n#define MIX2 "
            + hex(DropoutRng.MIX2)
            + "\n";
    return header + BODY;
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v).toUpperCase(java.util.Locale.ROOT) + "ULL";
  }

  /**
   * @param total threads needed
   * @param block threads per block
   * @return blocks for a 1-D grid covering {@code total}
   */
  public static int blocks(long total, int block) {
    if (total < 0 || block < 1) {
      throw new IllegalArgumentException("total = " + total + ", block = " + block);
    }
    long b = (total + block - 1) / block;
    if (b > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          total + " threads need " + b + " blocks, more than a 1-D grid holds; train fewer models");
    }
    return (int) Math.max(1, b);
  }

  /**
   * @param models models in the stack
   * @param batch minibatch size
   * @param cols features per row
   * @return threads of {@code dropout_gather}: one per (model, batch row, 64-bit draw of four
   *     elements)
   */
  public static long dropoutThreads(int models, int batch, int cols) {
    return (long) models * batch * DropoutRng.drawsPerRow(cols);
  }

  /**
   * @param models models
   * @param classes classes
   * @param cols features
   * @return threads of {@code adam_step}: one per parameter of every model
   */
  public static long adamThreads(int models, int classes, int cols) {
    return (long) models * ((long) classes * cols + classes);
  }

  private static final String BODY =
      """
      typedef unsigned long long u64;

      __device__ __forceinline__ u64 mix64(u64 z) {
        z = (z ^ (z >> 30)) * MIX1;
        z = (z ^ (z >> 27)) * MIX2;
        return z ^ (z >> 31);
      }

      /* xd[m][b][:] = dropout(x[order[m][step*B + b]]) for every model; zero rows past a model's end.
         One thread per (model, batch row, draw); one 64-bit draw serves four elements, 16 bits each. */
      extern "C" __global__ void dropout_gather(
          const float* __restrict__ x, const int* __restrict__ order, const int* __restrict__ lens,
          const u64* __restrict__ keys, const long long* __restrict__ iter0, int step, int models,
          int maxLen, int threshold, float scale, float* __restrict__ xd) {
        long long idx = (long long) blockIdx.x * blockDim.x + threadIdx.x;
        if (idx >= (long long) models * B * DRAWS) return;
        long long draw = idx % DRAWS;
        long long mb = idx / DRAWS;
        int b = (int) (mb % B);
        int m = (int) (mb / B);
        int i = step * B + b;
        float* dst = xd + mb * D;
        int e0 = (int) (draw * 4);
        int n = min(4, D - e0);
        if (i >= lens[m]) {
          for (int j = 0; j < n; j++) dst[e0 + j] = 0.0f;
          return;
        }
        const float* src = x + (long long) order[(long long) m * maxLen + i] * D;
        u64 t = (u64) (iter0[m] + step);
        u64 counter = (t * B + b) * DRAWS + draw;
        u64 h = mix64(keys[m] + (counter + 1ULL) * GOLDEN);
        for (int j = 0; j < n; j++) {
          int u = (int) ((h >> (48 - 16 * j)) & 0xFFFFULL);
          dst[e0 + j] = src[e0 + j] * (u >= threshold ? scale : 0.0f);
        }
      }

      /* g[m][b][:] = (softmax(logits + bias) - onehot(label)) / rows in this batch; zero past the end. */
      extern "C" __global__ void softmax_grad(
          const float* __restrict__ logits, const float* __restrict__ bias, const int* __restrict__ order,
          const int* __restrict__ lens, const int* __restrict__ labels, int step, int models, int maxLen,
          float* __restrict__ g) {
        long long idx = (long long) blockIdx.x * blockDim.x + threadIdx.x;
        if (idx >= (long long) models * B) return;
        int m = (int) (idx / B);
        int b = (int) (idx % B);
        int i = step * B + b;
        float* gr = g + idx * K;
        int len = lens[m];
        if (i >= len) {
          for (int c = 0; c < K; c++) gr[c] = 0.0f;
          return;
        }
        int nb = min(B, len - step * B);
        float v[K];
        for (int c = 0; c < K; c++) v[c] = logits[idx * K + c] + bias[(long long) m * K + c];
        float mx = v[0];
        for (int c = 1; c < K; c++) mx = fmaxf(mx, v[c]);
        float sum = 0.0f;
        for (int c = 0; c < K; c++) {
          v[c] = expf(v[c] - mx);
          sum += v[c];
        }
        int y = labels[order[(long long) m * maxLen + i]];
        float fnb = (float) nb;
        for (int c = 0; c < K; c++) gr[c] = (v[c] / sum - (c == y ? 1.0f : 0.0f)) / fnb;
      }

      /* Keras' Adam on every parameter of every model that has a batch at this step. The bias gradient
         is the sum of g over the batch rows, in row order (as the CPU backend sums it). */
      extern "C" __global__ void adam_step(
          float* __restrict__ w, float* __restrict__ bias, float* __restrict__ mw, float* __restrict__ vw,
          float* __restrict__ mb, float* __restrict__ vb, const float* __restrict__ dw,
          const float* __restrict__ g, const int* __restrict__ lens, const long long* __restrict__ iter0,
          const float* __restrict__ alphaTable, int step, int models, float b1, float b2, float eps) {
        const long long P = (long long) K * D + K;
        long long idx = (long long) blockIdx.x * blockDim.x + threadIdx.x;
        if (idx >= (long long) models * P) return;
        int m = (int) (idx / P);
        long long j = idx % P;
        if ((long long) step * B >= lens[m]) return;
        float alpha = alphaTable[iter0[m] + step];
        float grad;
        float* p;
        float* mp;
        float* vp;
        if (j < (long long) K * D) {
          long long o = (long long) m * K * D + j;
          grad = dw[o];
          p = w + o;
          mp = mw + o;
          vp = vw + o;
        } else {
          int c = (int) (j - (long long) K * D);
          float s = 0.0f;
          for (int b = 0; b < B; b++) s += g[((long long) m * B + b) * K + c];
          grad = s;
          long long o = (long long) m * K + c;
          p = bias + o;
          mp = mb + o;
          vp = vb + o;
        }
        float mi = *mp;
        float vi = *vp;
        mi += (grad - mi) * b1;
        vi += (grad * grad - vi) * b2;
        *mp = mi;
        *vp = vi;
        *p -= (mi * alpha) / (sqrtf(vi) + eps);
      }

      /* probs[p][:] = softmax(x[row[p]] . w[model[p]] + bias); one block per (model, row) pair. */
      extern "C" __global__ void predict(
          const float* __restrict__ x, const float* __restrict__ w, const float* __restrict__ bias,
          const int* __restrict__ pairModel, const int* __restrict__ pairRow, int pairs,
          float* __restrict__ probs) {
        __shared__ float red[PREDICT_BLOCK];
        __shared__ float logit[K];
        int p = blockIdx.x;
        if (p >= pairs) return;
        int m = pairModel[p];
        const float* xr = x + (long long) pairRow[p] * D;
        const float* wm = w + (long long) m * K * D;
        for (int c = 0; c < K; c++) {
          float s = 0.0f;
          for (int e = threadIdx.x; e < D; e += PREDICT_BLOCK) s += xr[e] * wm[(long long) c * D + e];
          red[threadIdx.x] = s;
          __syncthreads();
          for (int o = PREDICT_BLOCK / 2; o > 0; o >>= 1) {
            if (threadIdx.x < o) red[threadIdx.x] += red[threadIdx.x + o];
            __syncthreads();
          }
          if (threadIdx.x == 0) logit[c] = red[0] + bias[(long long) m * K + c];
          __syncthreads();
        }
        if (threadIdx.x == 0) {
          float mx = logit[0];
          for (int c = 1; c < K; c++) mx = fmaxf(mx, logit[c]);
          float sum = 0.0f;
          for (int c = 0; c < K; c++) {
            logit[c] = expf(logit[c] - mx);
            sum += logit[c];
          }
          for (int c = 0; c < K; c++) probs[(long long) p * K + c] = logit[c] / sum;
        }
      }

      /* The Keras AUC histogram: bucket max(0, ceil(p * (T - 1)) - 1) of every (pair, class), counted
         as positive (label == class) or negative, per model: counts[m][0..T) positives, [T..2T) negatives. */
      extern "C" __global__ void auc_histogram(
          const float* __restrict__ probs, const int* __restrict__ pairModel,
          const int* __restrict__ pairRow, const int* __restrict__ labels, int pairs, int thresholds,
          unsigned int* __restrict__ counts) {
        long long idx = (long long) blockIdx.x * blockDim.x + threadIdx.x;
        if (idx >= (long long) pairs * K) return;
        int p = (int) (idx / K);
        int c = (int) (idx % K);
        int bk = (int) ceilf(probs[idx] * (float) (thresholds - 1)) - 1;
        bk = min(max(bk, 0), thresholds - 1);
        int neg = labels[pairRow[p]] == c ? 0 : thresholds;
        atomicAdd(&counts[(long long) pairModel[p] * 2 * thresholds + neg + bk], 1u);
      }
      """;
}
