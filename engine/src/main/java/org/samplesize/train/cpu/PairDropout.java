package org.samplesize.train.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.samplesize.train.DropoutRng;
import org.samplesize.train.FeatureMatrix;

/**
 * {@link HeadDropout#dropoutRow}'s inverted dropout in plain loops that the JIT vectorises, the
 * same floats: every feature row is kept multiplied by the dropout scale, two floats to a {@code
 * long} ({@code x[2p]} in the low half, as a little-endian machine stores them); a step then only
 * clears the bits of the dropped elements. A dropped element {@code x·0} of a finite {@code x} is a
 * zero with the sign of {@code x}, i.e. of {@code x·scale}: clearing all but the sign bit of the
 * scaled float gives it.
 *
 * <p>Written so that C2 vectorises it on JDK 17, where a plain loop is vectorised only when all its
 * elements have one size (no {@code long} to {@code float} conversions) and its arrays are indexed
 * alike (so the kernels take whole row arrays, never offsets). The mask of a row is two loops: the
 * SplitMix64 draws, one per pair of elements (each draw serves four elements, so every draw is
 * computed twice: cheaper in eight-lane vectors than one scalar draw), then the pairs' masks. The
 * Vector API kernel of the same operation is faster only once C2 has compiled it, which costs more
 * than a whole plan of the usual size.
 *
 * <p>Holds a copy of the features (the scaled pairs): {@link #of} declines when that does not fit
 * comfortably, when a feature is not finite, when rows have an odd length or on big-endian
 * machines; the caller then runs the float loops.
 */
final class PairDropout {
  /** All but the sign bit of each float of a pair. */
  private static final long LOW_MAGNITUDE = 0x7FFFFFFFL;

  private static final long HIGH_MAGNITUDE = 0x7FFFFFFF00000000L;

  private final long[][] scaled;
  private final long[] drawSteps;
  private final long[] highHalf;
  private final long threshold;

  private PairDropout(long[][] scaled, int pairs, int threshold) {
    this.scaled = scaled;
    this.threshold = threshold;
    this.drawSteps = new long[pairs];
    this.highHalf = new long[pairs];
    for (int p = 0; p < pairs; p++) {
      // Pair p holds elements 2p and 2p + 1, served by draw p / 2: its high 32 bits for even p
      // (elements 4q, 4q + 1), its low 32 bits for odd p.
      drawSteps[p] = (p >> 1) * DropoutRng.GOLDEN;
      highHalf[p] = (p & 1) == 0 ? 0xFFFFFFFFL : 0L;
    }
  }

  /**
   * {@link #of(float[], int, int, int, float, long, int, Consumer)} on the calling thread.
   *
   * @param x feature rows, {@code rows × cols} row-major
   * @param rows rows
   * @param cols features per row
   * @param threshold from {@link DropoutRng#dropThreshold(double)}
   * @param scale multiplier of kept elements
   * @param freeBytes heap the copy may take at most
   * @return the kernel, or null when it does not apply
   */
  static PairDropout of(float[] x, int rows, int cols, int threshold, float scale, long freeBytes) {
    return of(x, rows, cols, threshold, scale, freeBytes, 1, PairDropout::runHere);
  }

  /**
   * @param x feature rows, {@code rows × cols} row-major
   * @param rows rows
   * @param cols features per row
   * @param threshold from {@link DropoutRng#dropThreshold(double)}
   * @param scale multiplier of kept elements
   * @param freeBytes heap the copy may take at most
   * @param parts how many tasks build the copy
   * @param runner runs the tasks and returns when all are done (the backend's threads)
   * @return the kernel, or null when it does not apply (odd {@code cols}, a non-finite feature, a
   *     big-endian machine, a copy larger than {@code freeBytes})
   */
  static PairDropout of(
      float[] x,
      int rows,
      int cols,
      int threshold,
      float scale,
      long freeBytes,
      int parts,
      Consumer<List<Callable<Void>>> runner) {
    return of(FeatureMatrix.of(x, rows, cols), threshold, scale, freeBytes, parts, runner, null);
  }

  /**
   * As {@link #of(float[], int, int, int, float, long, int, Consumer)}, the rows read straight from
   * {@code features} (no float copy of them needed).
   *
   * @param features feature rows
   * @param threshold from {@link DropoutRng#dropThreshold(double)}
   * @param scale multiplier of kept elements
   * @param freeBytes heap the copy may take at most
   * @param parts how many tasks build the copy
   * @param runner runs the tasks and returns when all are done (the backend's threads)
   * @param spare rows of an earlier kernel to overwrite where their shape fits ({@link #rows()}),
   *     or null
   * @return the kernel, or null when it does not apply
   */
  static PairDropout of(
      FeatureMatrix features,
      int threshold,
      float scale,
      long freeBytes,
      int parts,
      Consumer<List<Callable<Void>>> runner,
      long[][] spare) {
    int rows = features.rows();
    int cols = features.cols();
    if (cols % 2 != 0
        || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN
        || 4L * rows * cols > freeBytes) {
      return null;
    }
    int pairs = cols / 2;
    long[][] scaled = spare != null && spare.length >= rows ? spare : new long[rows][];
    AtomicBoolean finite = new AtomicBoolean(true);
    int chunk = Math.max(1, (rows + parts - 1) / parts);
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int from = 0; from < rows; from += chunk) {
      int first = from;
      int end = Math.min(rows, from + chunk);
      tasks.add(
          () -> {
            // Floats become longs through a native-order buffer (two bulk copies), the rest in
            // loops that C2 vectorises.
            ByteBuffer bytes = ByteBuffer.allocateDirect(4 * cols).order(ByteOrder.nativeOrder());
            FloatBuffer floats = bytes.asFloatBuffer();
            LongBuffer longs = bytes.asLongBuffer();
            float[] row = new float[cols];
            for (int r = first; r < end && finite.get(); r++) {
              features.copyRow(r, row, 0);
              if (!allFinite(row)) {
                finite.set(false);
                break;
              }
              scale(row, scale);
              floats.put(0, row);
              long[] out =
                  scaled[r] != null && scaled[r].length == pairs ? scaled[r] : new long[pairs];
              longs.get(0, out);
              scaled[r] = out;
            }
            return null;
          });
    }
    runner.accept(tasks);
    return finite.get() ? new PairDropout(scaled, pairs, threshold) : null;
  }

  private static void runHere(List<Callable<Void>> tasks) {
    try {
      for (Callable<Void> task : tasks) {
        task.call();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether no value is infinite or NaN ({@code v - v} is 0 for the others, NaN for these). */
  static boolean allFinite(float[] v) {
    float min = 0f;
    for (int i = 0; i < v.length; i++) {
      min = Math.min(min, v[i] - v[i]);
    }
    return min == 0f;
  }

  private static void scale(float[] v, float scale) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
  }

  /**
   * @return the scaled rows, for a later {@link #of} to overwrite once this kernel is no longer
   *     used
   */
  long[][] rows() {
    return scaled;
  }

  /**
   * @return longs per row (half the features)
   */
  int pairs() {
    return drawSteps.length;
  }

  /**
   * One row after dropout, as {@link HeadDropout#dropoutRow} computes it, in pairs.
   *
   * @param row feature row
   * @param dst receives {@link #pairs()} longs, two floats each
   * @param key the model's dropout key
   * @param counterBase the row's first draw counter, {@code (t * batch + b) * drawsPerRow}
   * @param draws scratch of {@link #pairs()} longs
   */
  void row(int row, long[] dst, long key, long counterBase, long[] draws) {
    mix(draws, drawSteps, key + (counterBase + 1) * DropoutRng.GOLDEN);
    mask(scaled[row], dst, draws, highHalf, threshold);
  }

  /** {@code draws[p] = mix64(base + steps[p])}. */
  static void mix(long[] draws, long[] steps, long base) {
    for (int p = 0; p < draws.length; p++) {
      long z = base + steps[p];
      z = (z ^ (z >>> 30)) * DropoutRng.MIX1;
      z = (z ^ (z >>> 27)) * DropoutRng.MIX2;
      draws[p] = z ^ (z >>> 31);
    }
  }

  /**
   * {@code dst[p] = scaled[p]} with the magnitude of each float cleared where its 16 random bits
   * are below the threshold: the high 16 bits of the pair's 32 serve its low float.
   */
  static void mask(long[] scaled, long[] dst, long[] draws, long[] highHalf, long threshold) {
    for (int p = 0; p < dst.length; p++) {
      long z = draws[p];
      long half = highHalf[p];
      long bits = ((z >>> 32) & half) | (z & (half ^ 0xFFFFFFFFL));
      long dropLow = ((bits >>> 16) - threshold) >>> 63;
      long dropHigh = ((bits & 0xFFFFL) - threshold) >>> 63;
      long clear = (-dropLow & LOW_MAGNITUDE) | (-dropHigh & HIGH_MAGNITUDE);
      dst[p] = scaled[p] & ~clear;
    }
  }
}
