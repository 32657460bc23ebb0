package org.samplesize.classes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.LearningCurveFitter;

/**
 * Makes the {@link LabellingPlan} of one curve for one target accuracy from its classes' fitted
 * recall curves: the cheapest additions of training images, found greedily, that bring the expected
 * accuracy (each class's recall weighed by its test share) to the target, from the point curves and
 * from each end of their intervals.
 *
 * <p>Apart from {@link ClassCurves}, which fits the curves: the plan reads only the fitted curves
 * and the classes' shares and counts, so the allocation can be checked on curves given in closed
 * form.
 */
final class LabellingPlanner {

  /** Each greedy step of the plan adds this share of a class's images (at least one image). */
  static final double STEP = 0.05;

  private LabellingPlanner() {}

  /**
   * The class's recall curve as its answer reads it ({@link CurveFit#value}: the mean of the
   * families by default, which never falls beyond the largest size; the chosen family when families
   * are named), held beyond the largest size at least at its value there, within [0, 1]. The plan
   * reads the same curve as the class's "recall with all its images", so that the two agree.
   */
  static DoubleUnaryOperator pointCurve(CurveFit fit) {
    double largest = fit.largestSize();
    double atLargest = fit.value(largest);
    return n -> clamp(n > largest ? Math.max(fit.value(n), atLargest) : fit.value(n));
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }

  /** A class without a curve because it has no test image: its weight in the accuracy is 0. */
  private static boolean untested(ClassAnswer a) {
    return a.fit() == null && a.notFitted() != null && a.share() == 0;
  }

  static LabellingPlan plan(String curve, List<ClassAnswer> answers, double target, double level) {
    List<String> names = answers.stream().map(ClassAnswer::className).toList();
    List<Long> have = answers.stream().map(ClassAnswer::images).toList();
    for (ClassAnswer a : answers) {
      if ((a.fit() == null || a.fit().chosenFit() == null) && !untested(a)) {
        return new LabellingPlan(
            curve,
            target,
            names,
            have,
            List.of(),
            Double.NaN,
            Double.NaN,
            false,
            Double.NaN,
            -1,
            -1,
            List.of(),
            List.of(),
            level,
            "class '" + a.className() + "' has no curve: " + a.notFitted());
      }
    }
    int k = answers.size();
    double[] w = new double[k];
    long[] n0 = new long[k];
    DoubleUnaryOperator[] point = new DoubleUnaryOperator[k];
    DoubleUnaryOperator[] lo = new DoubleUnaryOperator[k];
    DoubleUnaryOperator[] hi = new DoubleUnaryOperator[k];
    boolean intervals = true;
    for (int c = 0; c < k; c++) {
      ClassAnswer a = answers.get(c);
      w[c] = a.share();
      n0[c] = Math.max(1, a.images());
      if (untested(a)) {
        // no test image: it weighs nothing in the accuracy, and images of it add nothing
        point[c] = n -> 0;
        lo[c] = point[c];
        hi[c] = point[c];
        continue;
      }
      point[c] = pointCurve(a.fit());
      CurveFit fit = a.fit();
      if (fit.interval(n0[c]) == null) {
        intervals = false;
      } else {
        // Each end holds the point curve, as every interval's does where it is printed: beyond
        // the measured sizes a low --level's band can pass beside it, and a plan from the upper
        // ends then needed more images than the plan from the point.
        DoubleUnaryOperator pc = point[c];
        lo[c] = n -> Math.min(clamp(fit.interval(n)[0]), pc.applyAsDouble(n));
        hi[c] = n -> Math.max(clamp(fit.interval(n)[1]), pc.applyAsDouble(n));
      }
    }
    Allocation p = allocate(w, n0, point, target);
    Allocation optimistic = intervals ? allocate(w, n0, hi, target) : null;
    Allocation pessimistic = intervals ? allocate(w, n0, lo, target) : null;
    return new LabellingPlan(
        curve,
        target,
        names,
        have,
        p.reachable ? boxed(p.add) : List.of(),
        p.before,
        p.reachable ? p.after : Double.NaN,
        p.reachable,
        p.reachable ? Double.NaN : p.ceiling,
        optimistic != null && optimistic.reachable ? optimistic.total() : -1,
        pessimistic != null && pessimistic.reachable ? pessimistic.total() : -1,
        optimistic != null && optimistic.reachable ? boxed(optimistic.add) : List.of(),
        pessimistic != null && pessimistic.reachable ? boxed(pessimistic.add) : List.of(),
        level,
        null);
  }

  private static List<Long> boxed(long[] a) {
    List<Long> out = new ArrayList<>(a.length);
    for (long x : a) {
      out.add(x);
    }
    return out;
  }

  /** The greedy allocation's outcome. */
  static final class Allocation {
    final long[] add;
    final double before;
    final double after;
    final boolean reachable;
    final double ceiling;

    Allocation(long[] add, double before, double after, boolean reachable, double ceiling) {
      this.add = add;
      this.before = before;
      this.after = after;
      this.reachable = reachable;
      this.ceiling = ceiling;
    }

    long total() {
      long s = 0;
      for (long x : add) {
        s += x;
      }
      return s;
    }
  }

  /**
   * The cheapest additions found greedily: each step adds {@value #STEP} of a class's current
   * images (at least one) to the class whose step gains the most expected accuracy per image; the
   * step that reaches the target is cut to the fewest images that do.
   *
   * @param w each class's weight (test-set share)
   * @param n0 each class's images now (at least 1)
   * @param recall each class's recall curve (non-decreasing is assumed for the cut)
   * @param target the overall accuracy to reach
   * @return the additions, or not reachable with the accuracy at {@link
   *     LearningCurveFitter#MAX_SIZE} images per class
   */
  static Allocation allocate(double[] w, long[] n0, DoubleUnaryOperator[] recall, double target) {
    int k = w.length;
    long[] add = new long[k];
    double before = 0;
    double ceiling = 0;
    for (int c = 0; c < k; c++) {
      before += w[c] * recall[c].applyAsDouble(n0[c]);
      ceiling += w[c] * recall[c].applyAsDouble(Math.max(n0[c], LearningCurveFitter.MAX_SIZE));
    }
    double acc = before;
    if (acc >= target) {
      return new Allocation(add, before, acc, true, ceiling);
    }
    if (ceiling < target) {
      return new Allocation(add, before, Double.NaN, false, ceiling);
    }
    while (true) {
      int best = -1;
      double bestRate = 0;
      long bestStep = 0;
      double bestGain = 0;
      for (int c = 0; c < k; c++) {
        long n = n0[c] + add[c];
        long step = Math.max(1, (long) Math.ceil(STEP * n));
        if (n + step > LearningCurveFitter.MAX_SIZE) {
          continue;
        }
        double gain = w[c] * (recall[c].applyAsDouble(n + step) - recall[c].applyAsDouble(n));
        double rate = gain / step;
        if (rate > bestRate) {
          best = c;
          bestRate = rate;
          bestStep = step;
          bestGain = gain;
        }
      }
      if (best < 0) {
        // No step gains anything: the curves are flat before the target (the ceiling is reached
        // only at the largest size searched).
        return new Allocation(add, before, Double.NaN, false, acc);
      }
      if (acc + bestGain >= target) {
        long n = n0[best] + add[best];
        double base = acc - w[best] * recall[best].applyAsDouble(n);
        long lo = 0;
        long hi = bestStep;
        while (hi - lo > 1) {
          long mid = (lo + hi) >>> 1;
          if (base + w[best] * recall[best].applyAsDouble(n + mid) >= target) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        add[best] += hi;
        double after = base + w[best] * recall[best].applyAsDouble(n + hi);
        return new Allocation(add, before, after, true, ceiling);
      }
      add[best] += bestStep;
      acc += bestGain;
    }
  }
}
