package org.samplesize.train.cuda;

import static org.samplesize.train.cuda.CudaStatus.checkCuda;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.FloatPointer;
import org.samplesize.train.Adam;
import org.samplesize.train.DeviceHeadStack;
import org.samplesize.train.DropoutRng;
import org.samplesize.train.FeatureMatrix;
import org.samplesize.train.HeadOptions;

/**
 * Heads on the GPU, stacked: every minibatch step is five launches serving all models at once
 * (dropout gather, batched forward GEMM, softmax gradient, batched weight-gradient GEMM, Adam).
 * Owns all its device memory; {@code close()} frees it.
 */
final class CudaHeadStack extends DeviceHeadStack {
  private final FloatPointer one = new FloatPointer(1f);
  private final FloatPointer zero = new FloatPointer(0f);

  private final CudaBackend backend;
  private final KernelModule kernels;
  private final Adam adam;
  private final int dropThreshold;
  private final float dropScale;
  private final long[] iterations;
  private final List<DeviceBuffer> owned = new ArrayList<>();
  private final DeviceBuffer x;
  private final DeviceBuffer labels;
  private final DeviceBuffer w;
  private final DeviceBuffer bias;
  private final DeviceBuffer mw;
  private final DeviceBuffer vw;
  private final DeviceBuffer mb;
  private final DeviceBuffer vb;
  private final DeviceBuffer bestW;
  private final DeviceBuffer bestB;
  private final DeviceBuffer xd;
  private final DeviceBuffer logits;
  private final DeviceBuffer g;
  private final DeviceBuffer dw;
  private final DeviceBuffer keys;
  private final DeviceBuffer iter0;
  private final DeviceBuffer lens;
  private DeviceBuffer order;
  private DeviceBuffer alphaTable;
  private int alphaEntries;
  private DeviceBuffer pairModel;
  private DeviceBuffer pairRow;
  private DeviceBuffer probs;
  private DeviceBuffer counts;

  CudaHeadStack(
      CudaBackend backend,
      FeatureMatrix features,
      int[] labelValues,
      int numClasses,
      int models,
      HeadOptions options) {
    super(features, labelValues, numClasses, models, options);
    this.backend = backend;
    this.adam = Adam.of(options);
    this.dropThreshold = DropoutRng.dropThreshold(options.dropout());
    this.dropScale = (float) (1.0 / (1.0 - options.dropout()));
    this.iterations = new long[models];
    this.kernels = backend.kernels(cols, classes, batch);
    long params = (long) models * classes * cols;
    try {
      x = own(DeviceBuffer.floats("features", (long) rows * cols));
      float[] row = new float[cols];
      // Upload in slabs of rows so a memory-mapped cache is never copied whole onto the heap.
      int slab = Math.max(1, (1 << 22) / cols);
      for (int r0 = 0; r0 < rows; r0 += slab) {
        int n = Math.min(slab, rows - r0);
        float[] buf = new float[n * cols];
        for (int r = 0; r < n; r++) {
          features.copyRow(r0 + r, row, 0);
          System.arraycopy(row, 0, buf, r * cols, cols);
        }
        x.upload(buf, (long) r0 * cols);
      }
      labels = own(DeviceBuffer.allocate("labels", rows * 4L));
      labels.upload(labelValues);
      w = own(DeviceBuffer.floats("weights", params));
      bias = own(DeviceBuffer.floats("bias", (long) models * classes));
      mw = own(DeviceBuffer.floats("adam m weights", params));
      vw = own(DeviceBuffer.floats("adam v weights", params));
      mb = own(DeviceBuffer.floats("adam m bias", (long) models * classes));
      vb = own(DeviceBuffer.floats("adam v bias", (long) models * classes));
      bestW = own(DeviceBuffer.floats("best weights", params));
      bestB = own(DeviceBuffer.floats("best bias", (long) models * classes));
      xd = own(DeviceBuffer.floats("dropped-out batch", (long) models * batch * cols));
      logits = own(DeviceBuffer.floats("logits", (long) models * batch * classes));
      g = own(DeviceBuffer.floats("logit gradients", (long) models * batch * classes));
      dw = own(DeviceBuffer.floats("weight gradients", params));
      keys = own(DeviceBuffer.allocate("dropout keys", models * 8L));
      iter0 = own(DeviceBuffer.allocate("iterations", models * 8L));
      lens = own(DeviceBuffer.allocate("epoch lengths", models * 4L));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private DeviceBuffer own(DeviceBuffer b) {
    owned.add(b);
    return b;
  }

  private DeviceBuffer grow(DeviceBuffer current, String what, long bytes) {
    if (current != null && current.bytes() >= bytes) {
      return current;
    }
    if (current != null) {
      owned.remove(current);
      current.close();
    }
    return own(
        DeviceBuffer.allocate(what, Math.max(bytes, current == null ? 0 : current.bytes() * 2)));
  }

  @Override
  protected void doSetParameters(int model, float[] weights, float[] b) {
    w.upload(weights, (long) model * classes * cols);
    bias.upload(b, (long) model * classes);
  }

  @Override
  protected void doGetParameters(int model, float[] weights, float[] b) {
    w.download(weights, (long) model * classes * cols);
    bias.download(b, (long) model * classes);
  }

  @Override
  protected void doSaveBest(int model) {
    long kd = (long) classes * cols;
    DeviceBuffer.copy(w, model * kd, bestW, model * kd, kd);
    DeviceBuffer.copy(bias, (long) model * classes, bestB, (long) model * classes, classes);
  }

  @Override
  protected void doRestoreBest(int model) {
    long kd = (long) classes * cols;
    DeviceBuffer.copy(bestW, model * kd, w, model * kd, kd);
    DeviceBuffer.copy(bestB, (long) model * classes, bias, (long) model * classes, classes);
  }

  @Override
  protected void doTrainEpoch(int[][] orders, long[] dropoutKeys) {
    int maxLen = 0;
    long maxIteration = 0;
    int[] len = new int[models];
    for (int m = 0; m < models; m++) {
      if (orders[m] != null) {
        len[m] = orders[m].length;
        maxLen = Math.max(maxLen, len[m]);
        maxIteration = Math.max(maxIteration, iterations[m] + steps(len[m]));
      }
    }
    if (maxLen == 0) {
      return;
    }
    int[] flat = new int[Math.multiplyExact(models, maxLen)];
    for (int m = 0; m < models; m++) {
      if (orders[m] != null) {
        System.arraycopy(orders[m], 0, flat, m * maxLen, len[m]);
      }
    }
    order = grow(order, "epoch orders", flat.length * 4L);
    order.upload(flat);
    lens.upload(len);
    iter0.upload(iterations.clone());
    keys.upload(dropoutKeys.clone());
    ensureAlpha(maxIteration);

    int steps = steps(maxLen);
    int gatherBlocks =
        HeadKernels.blocks(HeadKernels.dropoutThreads(models, batch, cols), HeadKernels.BLOCK);
    int softmaxBlocks = HeadKernels.blocks((long) models * batch, HeadKernels.BLOCK);
    int adamBlocks =
        HeadKernels.blocks(HeadKernels.adamThreads(models, classes, cols), HeadKernels.BLOCK);
    for (int s = 0; s < steps; s++) {
      kernels.launch(
          "dropout_gather",
          gatherBlocks,
          HeadKernels.BLOCK,
          x,
          order,
          lens,
          keys,
          iter0,
          s,
          models,
          maxLen,
          dropThreshold,
          dropScale,
          xd);
      // logits[m] (B×K row-major) = xd[m] (B×D) · w[m]^T; column-major: L^T = op_T(w) · xd^T
      checkCuda(
          cublas.cublasSgemmStridedBatched(
              backend.blas(),
              cublas.CUBLAS_OP_T,
              cublas.CUBLAS_OP_N,
              classes,
              batch,
              cols,
              one,
              w.floatsAt(0),
              cols,
              (long) classes * cols,
              xd.floatsAt(0),
              cols,
              (long) batch * cols,
              zero,
              logits.floatsAt(0),
              classes,
              (long) batch * classes,
              models),
          "cublasSgemmStridedBatched");
      kernels.launch(
          "softmax_grad",
          softmaxBlocks,
          HeadKernels.BLOCK,
          logits,
          bias,
          order,
          lens,
          labels,
          s,
          models,
          maxLen,
          g);
      // dw[m] (K×D row-major) = g[m]^T (K×B) · xd[m] (B×D); column-major: dw^T = xd^T · op_T(g^T)
      checkCuda(
          cublas.cublasSgemmStridedBatched(
              backend.blas(),
              cublas.CUBLAS_OP_N,
              cublas.CUBLAS_OP_T,
              cols,
              classes,
              batch,
              one,
              xd.floatsAt(0),
              cols,
              (long) batch * cols,
              g.floatsAt(0),
              classes,
              (long) batch * classes,
              zero,
              dw.floatsAt(0),
              cols,
              (long) classes * cols,
              models),
          "cublasSgemmStridedBatched");
      kernels.launch(
          "adam_step",
          adamBlocks,
          HeadKernels.BLOCK,
          w,
          bias,
          mw,
          vw,
          mb,
          vb,
          dw,
          g,
          lens,
          iter0,
          alphaTable,
          s,
          models,
          adam.oneMinusBeta1(),
          adam.oneMinusBeta2(),
          adam.epsilon());
    }
    checkCuda(cudart.cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    for (int m = 0; m < models; m++) {
      iterations[m] += steps(len[m]);
    }
  }

  private int steps(int length) {
    return (length + batch - 1) / batch;
  }

  private void ensureAlpha(long needed) {
    if (needed <= alphaEntries) {
      return;
    }
    int n = (int) Math.max(needed, 2L * alphaEntries);
    float[] table = new float[n];
    for (int t = 0; t < n; t++) {
      table[t] = adam.alpha(t + 1L);
    }
    alphaTable = grow(alphaTable, "adam step sizes", n * 4L);
    alphaTable.upload(table, 0);
    alphaEntries = n;
  }

  /** Scores all (model, row) pairs on the device; returns the pair count (probs stay there). */
  private int scorePairs(int[][] rowSets) {
    int pairs = 0;
    for (int m = 0; m < models; m++) {
      if (rowSets[m] != null) {
        checkRows(rowSets[m], m);
        pairs = Math.addExact(pairs, rowSets[m].length);
      }
    }
    if (pairs == 0) {
      return 0;
    }
    int[] pm = new int[pairs];
    int[] pr = new int[pairs];
    int p = 0;
    for (int m = 0; m < models; m++) {
      if (rowSets[m] != null) {
        for (int r : rowSets[m]) {
          pm[p] = m;
          pr[p++] = r;
        }
      }
    }
    pairModel = grow(pairModel, "pair models", pairs * 4L);
    pairRow = grow(pairRow, "pair rows", pairs * 4L);
    probs = grow(probs, "probabilities", (long) pairs * classes * 4);
    pairModel.upload(pm);
    pairRow.upload(pr);
    kernels.launch(
        "predict", pairs, HeadKernels.PREDICT_BLOCK, x, w, bias, pairModel, pairRow, pairs, probs);
    return pairs;
  }

  @Override
  protected void doPredict(int[][] rowSets, float[][] probabilities) {
    int pairs = scorePairs(rowSets);
    if (pairs == 0) {
      return;
    }
    float[] all = new float[pairs * classes];
    probs.download(all, 0);
    int off = 0;
    for (int m = 0; m < models; m++) {
      if (rowSets[m] != null) {
        int n = rowSets[m].length * classes;
        System.arraycopy(all, off, probabilities[m], 0, n);
        off += n;
      }
    }
  }

  @Override
  public long[][] kerasAucCounts(
      int[][] rowSets, int[] labelValues, int numClasses, int thresholds) {
    checkOpen();
    if (numClasses != classes || rowSets.length != models) {
      throw new IllegalArgumentException(
          "numClasses = "
              + numClasses
              + " / rows for "
              + rowSets.length
              + " models; stack has "
              + classes
              + " classes and "
              + models
              + " models");
    }
    long[][] out = new long[models][];
    int pairs = scorePairs(rowSets);
    if (pairs == 0) {
      return out;
    }
    int size = Math.multiplyExact(models, 2 * thresholds);
    counts = grow(counts, "auc counts", size * 4L);
    counts.zero();
    kernels.launch(
        "auc_histogram",
        HeadKernels.blocks((long) pairs * classes, HeadKernels.BLOCK),
        HeadKernels.BLOCK,
        probs,
        pairModel,
        pairRow,
        labels,
        pairs,
        thresholds,
        counts);
    int[] host = new int[size];
    counts.download(host);
    for (int m = 0; m < models; m++) {
      if (rowSets[m] != null) {
        out[m] = new long[2 * thresholds];
        for (int i = 0; i < 2 * thresholds; i++) {
          out[m][i] = Integer.toUnsignedLong(host[m * 2 * thresholds + i]);
        }
      }
    }
    return out;
  }

  @Override
  protected void release() {
    RuntimeException first = null;
    for (DeviceBuffer b : owned) {
      try {
        b.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    owned.clear();
    one.close();
    zero.close();
    if (first != null) {
      throw first;
    }
  }

  @Override
  protected void ensureDeviceOpen() {
    backend.ensureOpen();
  }
}
