package org.samplesize.benchmarks.corpus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scores of one method on a set of curves at one factor: error of the point, coverage, width
 * and skew of the interval, and the same questions asked the other way round ({@code --target}: the
 * truth accuracy as the target, the truth size as the answer). Accuracies in percentage points (pp)
 * in the getters.
 */
public final class Scores {
  private final List<Double> errors = new ArrayList<>();
  private final List<Double> widths = new ArrayList<>();
  private final List<Double> ups = new ArrayList<>();
  private final List<Double> downs = new ArrayList<>();
  private final List<Double> logRatios = new ArrayList<>();
  private int withInterval;
  private int covered;
  private int missing;
  private int targets;
  private int targetIntervals;
  private int targetCovered;
  private int targetBounded;
  private int targetMissing;

  /**
   * Adds one curve's answer at a truth.
   *
   * @param truth the measured truth
   * @param point the method's prediction there, null when it gave none
   * @param size the method's size for the truth accuracy, null when it gave none
   */
  public void add(CorpusCurve.Truth truth, Answer.Point point, Answer.Size size) {
    if (point == null) {
      missing++;
    } else {
      errors.add(point.accuracy() - truth.accuracy());
      if (!Double.isNaN(point.lo()) && !Double.isNaN(point.hi())) {
        withInterval++;
        if (point.lo() <= truth.accuracy() && truth.accuracy() <= point.hi()) {
          covered++;
        }
        widths.add(point.hi() - point.lo());
        ups.add(point.hi() - point.accuracy());
        downs.add(point.accuracy() - point.lo());
      }
    }
    if (size == null) {
      targetMissing++;
    } else {
      targets++;
      logRatios.add(Math.abs(Math.log(size.n() / truth.size()) / Math.log(2)));
      if (!Double.isNaN(size.lo()) && !Double.isNaN(size.hi())) {
        targetIntervals++;
        if (size.lo() <= truth.size() && truth.size() <= size.hi()) {
          targetCovered++;
        }
        if (Double.isFinite(size.hi())) {
          targetBounded++;
        }
      }
    }
  }

  /**
   * @return curves with a prediction
   */
  public int count() {
    return errors.size();
  }

  /**
   * @return curves the method gave no prediction for
   */
  public int missing() {
    return missing;
  }

  /**
   * @return median |point − truth|, pp
   */
  public double medianAbsError() {
    return 100 * median(errors.stream().mapToDouble(Math::abs).toArray());
  }

  /**
   * @return mean signed error (point − truth), pp; negative = too low
   */
  public double meanError() {
    return 100 * errors.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /**
   * @return median signed error, pp
   */
  public double medianError() {
    return 100 * median(errors.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * @return predictions with an interval
   */
  public int withInterval() {
    return withInterval;
  }

  /**
   * @return intervals that hold the truth
   */
  public int covered() {
    return covered;
  }

  /**
   * @return share of intervals that hold the truth, NaN without intervals
   */
  public double coverage() {
    return withInterval == 0 ? Double.NaN : (double) covered / withInterval;
  }

  /**
   * @return median width of the interval, pp
   */
  public double medianWidth() {
    return 100 * median(toArray(widths));
  }

  /**
   * @return median distance from the point to the upper end, pp
   */
  public double medianUp() {
    return 100 * median(toArray(ups));
  }

  /**
   * @return median distance from the point to the lower end, pp
   */
  public double medianDown() {
    return 100 * median(toArray(downs));
  }

  /**
   * @return target answers given
   */
  public int targets() {
    return targets;
  }

  /**
   * @return target answers with an interval
   */
  public int targetIntervals() {
    return targetIntervals;
  }

  /**
   * @return target intervals that hold the truth size
   */
  public int targetCovered() {
    return targetCovered;
  }

  /**
   * @return target intervals with a finite upper end
   */
  public int targetBounded() {
    return targetBounded;
  }

  /**
   * @return truths the method gave no target answer for (truth accuracy 1, or no answer)
   */
  public int targetMissing() {
    return targetMissing;
  }

  /**
   * @return median |log2(size answered / truth size)|; +infinity when most points never reach
   */
  public double targetMedianAbsLog2() {
    return median(toArray(logRatios));
  }

  /**
   * The median; the mean of the middle two for an even count. NaN values are left out; an empty
   * input gives NaN.
   *
   * @param values any values, infinities allowed
   * @return the median
   */
  public static double median(double[] values) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int h = v.length / 2;
    if (v.length % 2 == 1) {
      return v[h];
    }
    if (v[h - 1] == v[h]) {
      return v[h];
    }
    return (v[h - 1] + v[h]) / 2;
  }

  private static double[] toArray(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
