package org.samplesize.train.cpu.tail;

import static org.bytedeco.openblas.global.openblas.blas_set_num_threads;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.samplesize.train.Adam;
import org.samplesize.train.Precision;
import org.samplesize.train.cpu.CpuVectors;
import org.samplesize.train.cpu.onednn.Bf16Matmul;
import org.samplesize.train.cpu.onednn.OneDnn;
import org.samplesize.train.tail.InvertedResidualSpec;
import org.samplesize.train.tail.TailDeviceOps;
import org.samplesize.train.tail.TailLayout;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;

/**
 * The tail's device work on the CPU. Each 1×1 convolution of a batch is one OpenBLAS {@code sgemm}
 * and each bias gradient one {@code sgemv}, split across a fixed pool of worker threads ({@link
 * ParallelBlas}). Depthwise convolutions, ReLU6 masks, bias adds and pooling run in Java, split by
 * channel. Buffers are native memory, freed by {@link #close()}.
 *
 * <p>The master copy of the convolution tensors is a heap {@link TailParameters}: the depthwise
 * kernels read it, the Adam update runs there and the 1×1 weights are copied into native memory
 * afterwards.
 */
final class CpuTailOps implements TailDeviceOps {
  private final TailSpec spec;
  private final TailLayout layout;
  private final int threads;
  private final Adam adam;
  private final WorkerPool pool;
  private final ParallelBlas blas;

  /** Whether the Vector API kernels run the depthwise layers and their activations. */
  private final boolean vectorKernels;

  /** The bf16 products, or null for fp32 (OpenBLAS). */
  private final Bf16Matmul bf16;

  private final List<NativeBuffer> owned = new ArrayList<>();

  /** Per parameter index: the 1×1 convolution whose weight sits there, else null. */
  private final Pointwise[] pointwise;

  private final DepthwisePlanes[][] planes;
  private final NativeBuffer ones;
  private final float[][] rowScratch;
  private final float[][] rowScratch2;
  private final float[][] rowScratch3;
  private final TailParameters params;
  private final TailParameters grads;
  private final TailParameters m;
  private final TailParameters v;
  private boolean closed;

  /** A 1×1 convolution's native weight and gradients. */
  private static final class Pointwise {
    final NativeBuffer weight;
    final NativeBuffer weightGrad;
    final NativeBuffer biasGrad;

    Pointwise(long in, long out, CpuTailOps owner) {
      weight = owner.allocate("weight", in * out);
      weightGrad = owner.allocate("weight gradient", in * out);
      biasGrad = owner.allocate("bias gradient", out);
    }
  }

  /**
   * @param spec the tail
   * @param layout its parameter layout
   * @param numClasses classes of the head (for the parameter shape)
   * @param maxBatch largest batch
   * @param threads worker threads for the Java kernels and for OpenBLAS, at least 1
   * @param adam the optimiser
   * @param bf16 whether the 1×1 convolutions' products run in bf16 (oneDNN) instead of fp32
   *     (OpenBLAS); the caller has checked that this CPU can
   */
  CpuTailOps(
      TailSpec spec,
      TailLayout layout,
      int numClasses,
      int maxBatch,
      int threads,
      Adam adam,
      boolean bf16) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads = " + threads + ", expected >= 1");
    }
    this.spec = spec;
    this.layout = layout;
    this.threads = threads;
    this.adam = adam;
    this.vectorKernels = CpuVectors.enabled();
    blas_set_num_threads(1);
    this.pool = new WorkerPool(threads);
    this.blas = new ParallelBlas(pool);
    Bf16Matmul matmul = null;
    if (bf16) {
      try {
        matmul = new Bf16Matmul();
      } catch (RuntimeException | Error e) {
        pool.close();
        throw e;
      }
    }
    this.bf16 = matmul;
    List<InvertedResidualSpec> blocks = spec.blocks();
    this.pointwise = new Pointwise[layout.head()];
    this.planes = new DepthwisePlanes[blocks.size()][threads];
    try {
      long maxRow = (long) maxBatch * spec.inHeight() * spec.inWidth();
      for (int b = 0; b < blocks.size(); b++) {
        InvertedResidualSpec s = blocks.get(b);
        if (s.expand() != null) {
          pointwise[layout.expand(b)] =
              new Pointwise(s.expand().inChannels(), s.expand().outChannels(), this);
        }
        pointwise[layout.project(b)] =
            new Pointwise(s.project().inChannels(), s.project().outChannels(), this);
        for (int t = 0; t < threads; t++) {
          planes[b][t] =
              new DepthwisePlanes(s.depthwise(), s.inHeight(), s.inWidth(), vectorKernels, bf16);
        }
        maxRow = Math.max(maxRow, (long) maxBatch * s.inHeight() * s.inWidth());
      }
      pointwise[layout.lastConv()] =
          new Pointwise(spec.lastConv().inChannels(), spec.lastConv().outChannels(), this);
      ones = allocate("ones", maxRow);
      for (long i = 0; i < maxRow; i++) {
        ones.buffer.put((int) i, 1f);
      }
      // a vector of slack: the depthwise kernels' row copies read and write whole vectors
      int rowLength = Math.toIntExact(maxRow + 16);
      rowScratch = new float[threads][rowLength];
      rowScratch2 = new float[threads][rowLength];
      rowScratch3 = new float[threads][rowLength];
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
    int hw = numClasses * spec.featureDim();
    params = TailParameters.of(spec, numClasses, new float[hw], new float[numClasses]);
    grads = TailParameters.zerosLike(params);
    m = TailParameters.zerosLike(params);
    v = TailParameters.zerosLike(params);
  }

  @Override
  public String name() {
    String workers = org.samplesize.train.cpu.CpuBackend.threads(threads) + ", ";
    return bf16 == null
        ? "cpu (" + workers + "OpenBLAS)"
        : "cpu (" + workers + Precision.BF16_BACKEND_MARK + ": oneDNN " + OneDnn.version() + ")";
  }

  @Override
  public NativeBuffer allocate(String what, long floats) {
    NativeBuffer b = new NativeBuffer(Math.max(1, floats));
    owned.add(b);
    return b;
  }

  @Override
  public Buffer weight(int index) {
    return pointwise[index].weight;
  }

  @Override
  public Buffer gradient(int index) {
    Pointwise pw = pointwise[index];
    return pw != null ? pw.weightGrad : pointwise[index - 1].biasGrad;
  }

  @Override
  public void loadParameters(TailParameters parameters) {
    for (int i = 0; i < layout.head(); i++) {
      float[] t = parameters.tensor(i);
      System.arraycopy(t, 0, params.tensor(i), 0, t.length);
    }
    uploadPointwiseWeights();
  }

  @Override
  public void readParameters(TailParameters destination) {
    for (int i = 0; i < layout.head(); i++) {
      float[] t = params.tensor(i);
      System.arraycopy(t, 0, destination.tensor(i), 0, t.length);
    }
  }

  @Override
  public void readGradients(TailParameters destination) {
    downloadPointwiseGradients();
    for (int i = 0; i < layout.head(); i++) {
      float[] t = grads.tensor(i);
      System.arraycopy(t, 0, destination.tensor(i), 0, t.length);
    }
  }

  @Override
  public void resetMoments() {
    for (int i = 0; i < layout.head(); i++) {
      Arrays.fill(m.tensor(i), 0f);
      Arrays.fill(v.tensor(i), 0f);
    }
  }

  @Override
  public void adamStep(float alpha) {
    downloadPointwiseGradients();
    for (int i = 0; i < layout.head(); i++) {
      float[] p = params.tensor(i);
      adam.update(p, 0, grads.tensor(i), 0, m.tensor(i), v.tensor(i), 0, p.length, alpha);
    }
    uploadPointwiseWeights();
  }

  private void uploadPointwiseWeights() {
    for (int i = 0; i < pointwise.length; i++) {
      if (pointwise[i] != null) {
        float[] w = params.tensor(i);
        pointwise[i].weight.buffer.put(0, w, 0, w.length);
      }
    }
  }

  private void downloadPointwiseGradients() {
    for (int i = 0; i < pointwise.length; i++) {
      if (pointwise[i] != null) {
        float[] gw = grads.tensor(i);
        pointwise[i].weightGrad.buffer.get(0, gw, 0, gw.length);
        float[] gb = grads.tensor(i + 1);
        pointwise[i].biasGrad.buffer.get(0, gb, 0, gb.length);
      }
    }
  }

  @Override
  public void loadInput(float[] trunk, int n, Buffer input) {
    // OpenBLAS's thread count is process-wide: keep each call single-threaded (we split the work)
    blas_set_num_threads(1);
    final int c0 = spec.inChannels();
    final int px0 = spec.inHeight() * spec.inWidth();
    final FloatBuffer in = nat(input).buffer;
    pool.parallelFor(
        c0,
        (worker, from, to) -> {
          for (int c = from; c < to; c++) {
            for (int img = 0; img < n; img++) {
              in.put((c * n + img) * px0, trunk, (img * c0 + c) * px0, px0);
            }
          }
        });
  }

  @Override
  public void depthwiseForward(int block, Buffer in, Buffer out, int n) {
    InvertedResidualSpec s = spec.blocks().get(block);
    final int inPixels = s.inHeight() * s.inWidth();
    final int outPixels = s.outHeight() * s.outWidth();
    final int colsIn = n * inPixels;
    final int colsOut = n * outPixels;
    final NativeBuffer src = nat(in);
    final NativeBuffer dst = nat(out);
    final boolean activateInput = s.expand() != null;
    final float[] expandBias = activateInput ? params.tensor(layout.expand(block) + 1) : null;
    final float[] dwWeight = params.tensor(layout.depthwise(block));
    final float[] dwBias = params.tensor(layout.depthwise(block) + 1);
    final int kk = s.depthwise().kernel() * s.depthwise().kernel();
    pool.parallelFor(
        s.hiddenChannels(),
        (worker, from, to) -> {
          float[] rowIn = rowScratch[worker];
          float[] rowOut = rowScratch2[worker];
          DepthwisePlanes plane = planes[block][worker];
          for (int c = from; c < to; c++) {
            src.buffer.get(c * colsIn, rowIn, 0, colsIn);
            if (activateInput) {
              float bias = expandBias[c];
              if (vectorKernels) {
                DepthwiseVectors.biasRelu6(rowIn, colsIn, bias);
              } else {
                for (int j = 0; j < colsIn; j++) {
                  rowIn[j] = Math.min(Math.max(rowIn[j] + bias, 0f), 6f);
                }
              }
              src.buffer.put(c * colsIn, rowIn, 0, colsIn);
            }
            plane.forwardChannel(rowIn, dwWeight, c * kk, dwBias[c], rowOut, n);
            dst.buffer.put(c * colsOut, rowOut, 0, colsOut);
          }
        });
  }

  @Override
  public void fillBias(int biasIndex, Buffer residual, int channels, int cols, Buffer out) {
    final float[] bias = params.tensor(biasIndex);
    final NativeBuffer x = residual == null ? null : nat(residual);
    final NativeBuffer o = nat(out);
    pool.parallelFor(
        channels,
        (worker, from, to) -> {
          float[] row = rowScratch[worker];
          for (int c = from; c < to; c++) {
            float b = bias[c];
            if (x != null) {
              x.buffer.get(c * cols, row, 0, cols);
              for (int j = 0; j < cols; j++) {
                row[j] += b;
              }
            } else {
              Arrays.fill(row, 0, cols, b);
            }
            o.buffer.put(c * cols, row, 0, cols);
          }
        });
  }

  @Override
  public void reluPool(
      Buffer lastOut, int biasIndex, int channels, int n, int pixels, float[] pooled) {
    final NativeBuffer out = nat(lastOut);
    final int cols = n * pixels;
    final float[] bias = params.tensor(biasIndex);
    final float inv = 1f / pixels;
    pool.parallelFor(
        channels,
        (worker, from, to) -> {
          float[] row = rowScratch[worker];
          for (int c = from; c < to; c++) {
            out.buffer.get(c * cols, row, 0, cols);
            float b = bias[c];
            for (int img = 0; img < n; img++) {
              float sum = 0;
              int o = img * pixels;
              for (int p = 0; p < pixels; p++) {
                float val = Math.min(Math.max(row[o + p] + b, 0f), 6f);
                row[o + p] = val;
                sum += val;
              }
              pooled[img * channels + c] = sum * inv;
            }
            out.buffer.put(c * cols, row, 0, cols);
          }
        });
  }

  @Override
  public void poolBackward(
      Buffer lastOut, float[] dPooled, int channels, int n, int pixels, Buffer grad) {
    final NativeBuffer out = nat(lastOut);
    final NativeBuffer g = nat(grad);
    final int cols = n * pixels;
    final float inv = 1f / pixels;
    pool.parallelFor(
        channels,
        (worker, from, to) -> {
          float[] row = rowScratch[worker];
          for (int c = from; c < to; c++) {
            out.buffer.get(c * cols, row, 0, cols);
            for (int img = 0; img < n; img++) {
              float gc = dPooled[img * channels + c] * inv;
              int o = img * pixels;
              for (int p = 0; p < pixels; p++) {
                float val = row[o + p];
                row[o + p] = gc * Math.min(val * (6f - val) * 1e38f * 1e38f, 1f);
              }
            }
            g.buffer.put(c * cols, row, 0, cols);
          }
        });
  }

  @Override
  public void depthwiseBackward(
      int block, Buffer gradOut, Buffer out, Buffer in, Buffer gradIn, int n) {
    InvertedResidualSpec s = spec.blocks().get(block);
    final int inPixels = s.inHeight() * s.inWidth();
    final int outPixels = s.outHeight() * s.outWidth();
    final int colsIn = n * inPixels;
    final int colsOut = n * outPixels;
    final boolean hasExpand = s.expand() != null;
    final NativeBuffer gD = nat(gradOut);
    final NativeBuffer dw = nat(out);
    final NativeBuffer dwIn = nat(in);
    final NativeBuffer gIn = gradIn == null ? null : nat(gradIn);
    final int wi = layout.depthwise(block);
    final float[] dwWeight = params.tensor(wi);
    final float[] gDwWeight = grads.tensor(wi);
    final float[] gDwBias = grads.tensor(wi + 1);
    final int kk = s.depthwise().kernel() * s.depthwise().kernel();
    pool.parallelFor(
        s.hiddenChannels(),
        (worker, from, to) -> {
          float[] rowG = rowScratch[worker];
          float[] rowIn = rowScratch2[worker];
          float[] rowGIn = rowScratch3[worker];
          // the depthwise output is only needed for the mask, before rowGIn is written
          float[] rowD = rowGIn;
          DepthwisePlanes plane = planes[block][worker];
          for (int c = from; c < to; c++) {
            gD.buffer.get(c * colsOut, rowG, 0, colsOut);
            dw.buffer.get(c * colsOut, rowD, 0, colsOut);
            mask(rowD, rowG, colsOut);
            dwIn.buffer.get(c * colsIn, rowIn, 0, colsIn);
            gDwBias[c] =
                plane.backwardChannel(
                    rowG,
                    rowIn,
                    dwWeight,
                    c * kk,
                    gIn == null ? null : rowGIn,
                    hasExpand,
                    n,
                    gDwWeight);
            if (gIn != null) {
              gIn.buffer.put(c * colsIn, rowGIn, 0, colsIn);
            }
          }
        });
  }

  /** {@link #relu6Mask}, with the Vector API when it runs the depthwise layers. */
  private void mask(float[] y, float[] g, int len) {
    if (vectorKernels) {
      DepthwiseVectors.relu6Mask(y, g, len);
    } else {
      relu6Mask(y, g, len);
    }
  }

  /**
   * {@code g[j] = 0} where the ReLU6 output {@code y[j]} is 0 or 6, branch-free so that the JIT
   * vectorises it: for {@code y} in {@code [0, 6]}, {@code y·(6 − y)} is 0 exactly at the ends and
   * at least ~1e-44 inside, which {@code ·1e76} (overflowing to infinity) lifts above 1.
   */
  static void relu6Mask(float[] y, float[] g, int len) {
    for (int j = 0; j < len; j++) {
      float val = y[j];
      g[j] = g[j] * Math.min(val * (6f - val) * 1e38f * 1e38f, 1f);
    }
  }

  @Override
  public void copy(Buffer from, Buffer to, long floats) {
    ParallelBlas.copy(floats, nat(from), nat(to));
  }

  @Override
  public void addInto(Buffer from, Buffer into, long floats) {
    ParallelBlas.addInto(floats, nat(from), nat(into));
  }

  @Override
  public void gemm(
      boolean transA,
      boolean transB,
      int mRows,
      int ncols,
      int k,
      Buffer a,
      Buffer b,
      float beta,
      Buffer c) {
    if (bf16 != null) {
      bf16.gemm(
          transA, transB, mRows, ncols, k, nat(a).pointer, nat(b).pointer, beta, nat(c).pointer);
    } else {
      blas.gemm(transA, transB, mRows, ncols, k, nat(a), nat(b), beta, nat(c));
    }
  }

  @Override
  public void rowSums(int rows, int cols, Buffer a, Buffer out) {
    blas.rowSums(rows, cols, nat(a), nat(out), ones);
  }

  private static NativeBuffer nat(Buffer b) {
    return (NativeBuffer) b;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (pool != null) {
      pool.close();
    }
    if (bf16 != null) {
      bf16.close();
    }
    for (NativeBuffer b : owned) {
      b.pointer.close();
    }
    owned.clear();
  }
}
