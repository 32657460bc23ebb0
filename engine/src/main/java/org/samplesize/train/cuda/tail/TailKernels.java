package org.samplesize.train.cuda.tail;

import java.util.List;

/** CUDA C source of the tail's kernels (compiled at run time with NVRTC) and launch geometry. */
final class TailKernels {
  private TailKernels() {}

  /** Threads per block of every element-wise kernel and of the weight-gradient reduction. */
  static final int BLOCK = 256;

  /** Largest depthwise kernel the weight-gradient kernel keeps in registers ({@code k ≤ 5}). */
  static final int MAX_TAPS = 25;

  static final List<String> NAMES =
      List.of(
          "to_channel_major",
          "bias_relu6",
          "fill_bias",
          "dw_forward",
          "last_relu6_pool",
          "pool_backward",
          "relu6_mask",
          "dw_backward_input",
          "dw_backward_weight",
          "add_into",
          "adam");

  /**
   * @param total elements
   * @param block threads per block
   * @return blocks to cover {@code total}
   * @throws IllegalArgumentException when the grid would not fit an int
   */
  static int blocks(long total, int block) {
    long b = (total + block - 1) / block;
    if (b > Integer.MAX_VALUE || b < 1) {
      throw new IllegalArgumentException("grid of " + b + " blocks for " + total + " elements");
    }
    return (int) b;
  }

  static final String SOURCE =
      """
      __device__ __forceinline__ float relu6f(float v) { return fminf(fmaxf(v, 0.0f), 6.0f); }
      __device__ __forceinline__ bool inside6(float v) { return v > 0.0f && v < 6.0f; }
      #define IDX (blockIdx.x * (long) blockDim.x + threadIdx.x)

      // rows [n][c][px] -> x [c][n][px]
      extern "C" __global__ void to_channel_major(const float* rows, float* x, int n, int c, int px) {
        long i = IDX; if (i >= (long) n * c * px) return;
        int p = (int) (i % px); long t = i / px; int ch = (int) (t % c); int img = (int) (t / c);
        x[((long) ch * n + img) * px + p] = rows[i];
      }

      extern "C" __global__ void bias_relu6(float* y, const float* bias, int channels, long cols) {
        long i = IDX; if (i >= channels * cols) return;
        y[i] = relu6f(y[i] + bias[i / cols]);
      }

      // y = bias (+ x when x is not null): the projection's output before += W·depthwise
      extern "C" __global__ void fill_bias(float* y, const float* bias, const float* x, int channels,
                                           long cols) {
        long i = IDX; if (i >= channels * cols) return;
        y[i] = bias[i / cols] + (x != 0 ? x[i] : 0.0f);
      }

      extern "C" __global__ void dw_forward(const float* in, const float* w, const float* b,
          float* out, int channels, int n, int h, int wd, int oh, int ow, int k, int s, int pt,
          int pl) {
        long i = IDX; if (i >= (long) channels * n * oh * ow) return;
        int ox = (int) (i % ow); long t = i / ow; int oy = (int) (t % oh); t /= oh;
        int img = (int) (t % n); int ch = (int) (t / n);
        const float* ip = in + ((long) ch * n + img) * h * wd;
        const float* wp = w + ch * k * k;
        float acc = b[ch];
        for (int ky = 0; ky < k; ky++) {
          int iy = oy * s + ky - pt; if (iy < 0 || iy >= h) continue;
          for (int kx = 0; kx < k; kx++) {
            int ix = ox * s + kx - pl; if (ix < 0 || ix >= wd) continue;
            acc += wp[ky * k + kx] * ip[iy * wd + ix];
          }
        }
        out[i] = relu6f(acc);
      }

      // y [c][n][px] += bias, ReLU6 in place; pooled [n][c] = mean over px
      extern "C" __global__ void last_relu6_pool(float* y, const float* bias, float* pooled,
                                                 int channels, int n, int px) {
        long i = IDX; if (i >= (long) channels * n) return;
        int ch = (int) (i / n); int img = (int) (i % n);
        float* p = y + i * px; float b = bias[ch]; float sum = 0.0f;
        for (int q = 0; q < px; q++) { float v = relu6f(p[q] + b); p[q] = v; sum += v; }
        pooled[(long) img * channels + ch] = sum * (1.0f / px);
      }

      extern "C" __global__ void pool_backward(const float* y, const float* dpooled, float* g,
                                               int channels, int n, int px) {
        long i = IDX; if (i >= (long) channels * n * px) return;
        long t = i / px; int img = (int) (t % n); int ch = (int) (t / n);
        g[i] = inside6(y[i]) ? dpooled[(long) img * channels + ch] * (1.0f / px) : 0.0f;
      }

      extern "C" __global__ void relu6_mask(const float* y, float* g, long len) {
        long i = IDX; if (i >= len) return;
        if (!inside6(y[i])) g[i] = 0.0f;
      }

      // gin [c][n][h][w] = transposed depthwise of gout; masked by ReLU6 of act when act != 0.
      // The terms are added in the CPU tail's order (same floats): taps ascending with stride 1,
      // descending (the order of the outputs that read the element) with a larger stride.
      extern "C" __global__ void dw_backward_input(const float* gout, const float* w,
          const float* act, float* gin, int channels, int n, int h, int wd, int oh, int ow, int k,
          int s, int pt, int pl) {
        long i = IDX; if (i >= (long) channels * n * h * wd) return;
        int ix = (int) (i % wd); long t = i / wd; int iy = (int) (t % h); t /= h;
        int img = (int) (t % n); int ch = (int) (t / n);
        const float* gp = gout + ((long) ch * n + img) * oh * ow;
        const float* wp = w + ch * k * k;
        float acc = 0.0f;
        for (int q = 0; q < k * k; q++) {
          int tap = s == 1 ? q : k * k - 1 - q;
          int ky = tap / k; int kx = tap % k;
          int ty = iy + pt - ky; if (ty < 0 || ty % s != 0) continue;
          int oy = ty / s; if (oy >= oh) continue;
          int tx = ix + pl - kx; if (tx < 0 || tx % s != 0) continue;
          int ox = tx / s; if (ox >= ow) continue;
          acc += wp[tap] * gp[oy * ow + ox];
        }
        if (act != 0 && !inside6(act[i])) acc = 0.0f;
        gin[i] = acc;
      }

      // one block (256 threads) per channel: weight and bias gradients of the depthwise conv
      extern "C" __global__ void dw_backward_weight(const float* gout, const float* in, float* gw,
          float* gb, int channels, int n, int h, int wd, int oh, int ow, int k, int s, int pt,
          int pl) {
        int ch = blockIdx.x;
        float accw[25];
        for (int q = 0; q < k * k; q++) accw[q] = 0.0f;
        float accb = 0.0f;
        long total = (long) n * oh * ow;
        for (long j = threadIdx.x; j < total; j += blockDim.x) {
          int ox = (int) (j % ow); long t = j / ow; int oy = (int) (t % oh); int img = (int) (t / oh);
          float g = gout[((long) ch * n + img) * oh * ow + oy * ow + ox];
          accb += g;
          const float* ip = in + ((long) ch * n + img) * h * wd;
          for (int ky = 0; ky < k; ky++) {
            int iy = oy * s + ky - pt; if (iy < 0 || iy >= h) continue;
            for (int kx = 0; kx < k; kx++) {
              int ix = ox * s + kx - pl; if (ix < 0 || ix >= wd) continue;
              accw[ky * k + kx] += g * ip[iy * wd + ix];
            }
          }
        }
        __shared__ float red[256];
        for (int q = 0; q <= k * k; q++) {
          red[threadIdx.x] = q < k * k ? accw[q] : accb;
          __syncthreads();
          for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
            if (threadIdx.x < stride) red[threadIdx.x] += red[threadIdx.x + stride];
            __syncthreads();
          }
          if (threadIdx.x == 0) { if (q < k * k) gw[ch * k * k + q] = red[0]; else gb[ch] = red[0]; }
          __syncthreads();
        }
      }

      extern "C" __global__ void add_into(float* y, const float* x, long len) {
        long i = IDX; if (i >= len) return;
        y[i] += x[i];
      }

      // Keras Adam, as org.samplesize.train.Adam.update (compiled with --fmad=false)
      extern "C" __global__ void adam(float* p, const float* g, float* m, float* v, long len,
                                      float alpha, float b1, float b2, float eps) {
        long i = IDX; if (i >= len) return;
        float gi = g[i];
        float mi = m[i] + (gi - m[i]) * b1;
        float vi = v[i] + (gi * gi - v[i]) * b2;
        m[i] = mi; v[i] = vi;
        p[i] -= (mi * alpha) / (sqrtf(vi) + eps);
      }
      """;
}
