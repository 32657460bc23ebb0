package org.samplesize.report;

/**
 * The training-set size axis. Logarithmic when the sizes drawn span at least a factor of {@value
 * #LOG_SPAN}, linear otherwise. Learning curves are measured at sizes that grow by factors (the
 * recipe's 10%, 20%, 50% and 100% of the training set) and are asked about at multiples of the
 * largest, while accuracy changes fastest at the small sizes: on a linear axis every size below a
 * tenth of the right end falls into the first tenth of the width, so with a prediction at 6× the
 * largest size all the measured sizes but the largest crowd against the left edge. A logarithmic
 * axis gives each doubling the same width, so the measured sizes and the predictions are both
 * readable. Below a factor of 10 the linear axis loses little and reads more naturally (equal steps
 * are equal numbers of images), and a logarithmic one would hardly have a labelled tick.
 *
 * <p>Its own type, apart from the chart that uses it: it is plain arithmetic on sizes (which ticks
 * get a label, where the grid's points lie, how wide a cap is), with no XChart in it.
 *
 * @param logarithmic whether the axis is logarithmic
 * @param min the axis' left end
 * @param max the axis' right end
 */
record SizeAxis(boolean logarithmic, double min, double max) {
  /** How many sizes a curve is drawn through, from its left end to its right end. */
  static final int GRID_POINTS = 120;

  /** Smallest ratio of the largest size drawn to the smallest that gets a logarithmic axis. */
  static final double LOG_SPAN = 10;

  /**
   * Least space between two upright tick labels, in chart pixels: about the height of a label (seen
   * on the rendered PNGs, panels of the per-class plot included).
   */
  static final double MIN_LABEL_GAP = 12;

  /**
   * @param smallest the smallest size drawn (measured or predicted), positive
   * @param largest the largest size drawn
   * @return the axis: a logarithmic one a little wider than the sizes on both sides, or a linear
   *     one from 0 to a little beyond the largest size
   */
  static SizeAxis of(double smallest, double largest) {
    if (largest >= LOG_SPAN * smallest) {
      double margin = Math.pow(largest / smallest, 0.03);
      return new SizeAxis(true, smallest / margin, largest * margin);
    }
    return new SizeAxis(false, 0, largest * 1.03);
  }

  /**
   * The axis of {@link #of(double, double)}, made linear where a logarithmic one would label only
   * the powers of ten and hold fewer than two of them: a narrow panel of the per-class plot over 2
   * to 60 images read one label, "10". A linear axis labels such a span in even steps.
   *
   * @param smallest the smallest size drawn, positive
   * @param largest the largest size drawn
   * @param plotWidth the width of the plot area, in chart pixels
   * @return the axis
   */
  static SizeAxis of(double smallest, double largest, double plotWidth) {
    SizeAxis a = of(smallest, largest);
    if (a.decadesOnly(plotWidth) && a.powersOfTen() < 2) {
      return new SizeAxis(false, 0, largest * 1.03);
    }
    return a;
  }

  /**
   * @return how many powers of ten lie on the axis, ends included
   */
  int powersOfTen() {
    return (int) (Math.floor(Math.log10(max) + 1e-12) - Math.ceil(Math.log10(min) - 1e-12)) + 1;
  }

  /**
   * Whether a logarithmic axis labels only the powers of ten. It labels 2, 3, ..., 9 times each
   * power too while those labels, drawn upright, do not run into each other: while the space
   * between 8 and 9 times a power, the narrowest, is at least {@value #MIN_LABEL_GAP} pixels.
   *
   * @param plotWidth the width of the plot area, in chart pixels
   * @return whether only the powers of ten get a label
   */
  boolean decadesOnly(double plotWidth) {
    double perDecade = plotWidth / Math.log10(max / min);
    return logarithmic && perDecade * Math.log10(9.0 / 8.0) < MIN_LABEL_GAP;
  }

  /**
   * @param from the first size
   * @param to the last size
   * @return {@value #GRID_POINTS} sizes from {@code from} to {@code to}, evenly spaced on this axis
   *     (geometrically on a logarithmic one, so the curves stay smooth at the small sizes)
   */
  double[] grid(double from, double to) {
    return grid(from, to, GRID_POINTS);
  }

  /**
   * @param from the first size
   * @param to the last size
   * @param points how many sizes, at least 2
   * @return {@code points} sizes from {@code from} to {@code to}, evenly spaced on this axis
   */
  double[] grid(double from, double to, int points) {
    double[] g = new double[points];
    for (int i = 0; i < points; i++) {
      double t = (double) i / (points - 1);
      g[i] = logarithmic ? from * Math.pow(to / from, t) : from + (to - from) * t;
    }
    // the ends exactly, so that bands meet at the largest size
    g[0] = from;
    g[points - 1] = to;
    return g;
  }

  /**
   * @param from a size
   * @param to a larger size
   * @return the share of the axis' width between them
   */
  double share(double from, double to) {
    return logarithmic ? Math.log(to / from) / Math.log(max / min) : (to - from) / (max - min);
  }

  /**
   * @param n a size
   * @return the left and right ends of an error bar's cap at {@code n}, as wide on the page at
   *     every size
   */
  double[] capEnds(double n) {
    if (logarithmic) {
      double f = Math.pow(max / min, 0.006);
      return new double[] {n / f, n * f};
    }
    double cap = 0.006 * max;
    return new double[] {n - cap, n + cap};
  }
}
