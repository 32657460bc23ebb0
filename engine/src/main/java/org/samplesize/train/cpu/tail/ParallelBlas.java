package org.samplesize.train.cpu.tail;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas.cblas_scopy;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas.cblas_sgemv;

import org.bytedeco.javacpp.FloatPointer;

/**
 * OpenBLAS products on {@link NativeBuffer}s, each split across a {@link WorkerPool} into
 * single-threaded OpenBLAS calls (OpenBLAS's own thread count is process-wide and kept at 1). The
 * split never divides a reduction and makes the same calls whatever the thread count ({@link
 * #BLOCK}), so the result does not depend on it.
 */
final class ParallelBlas {
  private final WorkerPool pool;

  /**
   * @param pool the workers; owned by the caller
   */
  ParallelBlas(WorkerPool pool) {
    this.pool = pool;
  }

  /**
   * {@code c = op(a)·op(b) + beta·c}, row-major, {@code op(a)} is {@code m×k}, split across the
   * workers, each calling single-threaded OpenBLAS on its slice: by columns of {@code c} when
   * {@code b} is not transposed (activations); when it is (weight gradients, whose long dimension
   * is the reduction), along the larger of {@code c}'s two dimensions. That gives the most blocks
   * to share out (a projection's 96 output channels are two blocks of 64, one worker's 64 against
   * the other's 32, while its 384 input channels are six), and each call packs the whole of only
   * the smaller operand again. Threads park between calls instead of spinning, which matters on a
   * shared machine.
   */
  void gemm(
      boolean transA,
      boolean transB,
      int mRows,
      int ncols,
      int k,
      NativeBuffer na,
      NativeBuffer nb,
      float beta,
      NativeBuffer nc) {
    if (transA && transB) {
      throw new IllegalArgumentException("gemm with both operands transposed is not used");
    }
    final int lda = transA ? mRows : k;
    final int ldb = transB ? k : ncols;
    final int opA = transA ? CblasTrans : CblasNoTrans;
    final int opB = transB ? CblasTrans : CblasNoTrans;
    if (!transB || ncols > mRows) {
      // By columns of c: columns of b, or rows of b where it is transposed.
      final long bStep = transB ? ldb : 1;
      inBlocks(
          ncols,
          (from, to) ->
              cblas_sgemm(
                  CblasRowMajor,
                  opA,
                  opB,
                  mRows,
                  to - from,
                  k,
                  1f,
                  na.pointer,
                  lda,
                  view(nb, from * bStep),
                  ldb,
                  beta,
                  view(nc, from),
                  ncols));
    } else {
      inBlocks(
          mRows,
          (from, to) ->
              cblas_sgemm(
                  CblasRowMajor,
                  opA,
                  opB,
                  to - from,
                  ncols,
                  k,
                  1f,
                  view(na, (long) from * lda),
                  lda,
                  nb.pointer,
                  ldb,
                  beta,
                  view(nc, (long) from * ncols),
                  ncols));
    }
  }

  /** {@code out[r] = Σ_j a[r][j]} for an {@code rows × cols} matrix, split by rows. */
  void rowSums(int rows, int cols, NativeBuffer na, NativeBuffer no, NativeBuffer ones) {
    inBlocks(
        rows,
        (from, to) ->
            cblas_sgemv(
                CblasRowMajor,
                CblasNoTrans,
                to - from,
                cols,
                1f,
                view(na, (long) from * cols),
                cols,
                ones.pointer,
                1,
                0f,
                view(no, from),
                1));
  }

  /**
   * Rows or columns per OpenBLAS call. The calls are the same whatever the thread count: OpenBLAS
   * computes the edge of a matrix whose size is not a multiple of its kernel's width with other
   * kernels, in another order of additions, so slices that follow the thread count (a half, a
   * third) gave results that differed in the last bits with the threads (on AVX2 CPUs).
   */
  static final int BLOCK = 64;

  /** A slice {@code [from, to)} of rows or columns. */
  @FunctionalInterface
  interface Slice {
    void run(int from, int to);
  }

  /** {@code slice} over {@code [0, count)} in blocks of {@link #BLOCK}, the blocks shared out. */
  private void inBlocks(int count, Slice slice) {
    int blocks = (count + BLOCK - 1) / BLOCK;
    pool.parallelFor(
        blocks,
        (worker, first, last) -> {
          for (int b = first; b < last; b++) {
            slice.run(b * BLOCK, Math.min(count, (b + 1) * BLOCK));
          }
        });
  }

  /** A non-owning pointer to {@code buffer} at {@code offset} floats (one per call and thread). */
  private static FloatPointer view(NativeBuffer buffer, long offset) {
    return new FloatPointer(buffer.pointer).position(offset);
  }

  /** {@code to[0..floats) = from[0..floats)}. */
  static void copy(long floats, NativeBuffer from, NativeBuffer to) {
    cblas_scopy(Math.toIntExact(floats), from.pointer, 1, to.pointer, 1);
  }

  /** {@code into[0..floats) += from[0..floats)}. */
  static void addInto(long floats, NativeBuffer from, NativeBuffer into) {
    cblas_saxpy(Math.toIntExact(floats), 1f, from.pointer, 1, into.pointer, 1);
  }
}
