package org.samplesize.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.samplesize.fit.CurveFamily;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.SizeSummary;

/**
 * The series of the learning-curve chart, each added and styled: colours, line widths, dash
 * patterns, markers and legend names of the measured points, the answer's curve, the other
 * families, the bands, the predictions with their intervals and the targets. Apart from the chart's
 * building ({@link LearningCurvePlot} decides what is drawn and where the axes go) so that a change
 * of look touches this class alone.
 */
final class CurveSeries {
  private CurveSeries() {}

  /** One colour per curve drawn, in order (Tableau 10). */
  private static final Color[] PALETTE = {
    new Color(31, 119, 180),
    new Color(214, 39, 40),
    new Color(44, 160, 44),
    new Color(148, 103, 189),
    new Color(255, 127, 14),
    new Color(140, 86, 75),
    new Color(227, 119, 194),
    new Color(23, 190, 207)
  };

  /**
   * One colour per family for the thin dashed lines of the other families (Tableau 10 without its
   * blue, which the chosen curve of a single-curve plot uses), in {@link CurveFamily} order: no two
   * families share a colour.
   */
  private static final Color[] FAMILY_COLORS = {
    new Color(255, 127, 14), // pow2 orange
    new Color(44, 160, 44), // pow3 green
    new Color(214, 39, 40), // pow4 red
    new Color(148, 103, 189), // exp3 purple
    new Color(140, 86, 75), // log2 brown
    new Color(227, 119, 194), // vap3 pink
    new Color(127, 127, 127), // mmf4 grey
    new Color(188, 189, 34), // wbl4 olive
    new Color(23, 190, 207) // last1 cyan
  };

  /**
   * @param c the index of a curve among those drawn
   * @return its colour
   */
  static Color curveColor(int c) {
    return PALETTE[c % PALETTE.length];
  }

  /**
   * @param f a family
   * @return the colour its line gets when it is not the chosen one
   */
  static Color familyColor(CurveFamily f) {
    return FAMILY_COLORS[f.ordinal() % FAMILY_COLORS.length];
  }

  /** The targets' lines and points: dark grey, apart from the curves' palette. */
  private static final Color TARGET_COLOR = new Color(90, 90, 90);

  /**
   * The targets' dash patterns, one per target in order (dashes, dots, dash-dot, long dashes): the
   * lines share a colour, so the dash tells them apart, in the figure and in the legend.
   */
  static final float[][] TARGET_DASHES = {{8f, 4f}, {2f, 3f}, {8f, 3f, 2f, 3f}, {14f, 4f}};

  /**
   * The legend's name of the measured points: their mean and sample standard deviation (n − 1, as
   * the report's table of measured points) where some size has repeats; where none has, each point
   * is one model and no bar is drawn, so it says that.
   *
   * @param sizes the curve's measured sizes
   * @return e.g. {@code mean ± sd (n−1) of repeats} or {@code measured (one model per size)}
   */
  static String measuredLabel(List<SizeSummary> sizes) {
    return sizes.stream().anyMatch(s -> s.repeats() > 1)
        ? "mean ± sd (n−1) of repeats"
        : "measured (one model per size)";
  }

  /**
   * The other families' dash patterns, by {@link CurveFamily} order (dashes, dots, dash-dot, long
   * dashes): thin lines of one pattern read as the same grey whatever their colour, so neighbours
   * in the legend differ in stroke too.
   */
  static final float[][] FAMILY_DASHES = {
    {6f, 3f}, {1.5f, 2.5f}, {7f, 2.5f, 1.5f, 2.5f}, {13f, 4f}
  };

  /**
   * @param f a family
   * @return the dash pattern its line gets when it is not the chosen one
   */
  static float[] familyDash(CurveFamily f) {
    return FAMILY_DASHES[f.ordinal() % FAMILY_DASHES.length];
  }

  /**
   * The fill of the band of a curve's answer beyond its largest measured size, beside the chosen
   * family's own band (the curve's colour, {@link #FAMILY_BAND_ALPHA}) over the measured sizes. On
   * a plot of one curve it is amber, another hue than the curve's blue: two tints of one blue read
   * as one band. With several curves each keeps its own colour, lighter, so that it is clear whose
   * it is.
   *
   * @param curve the curve's colour
   * @param single whether the plot shows one curve
   * @return the fill
   */
  static Color answerBandColor(Color curve, boolean single) {
    return single
        ? new Color(255, 165, 40, 80)
        : new Color(curve.getRed(), curve.getGreen(), curve.getBlue(), 28);
  }

  /** The alpha of the chosen family's band over the measured sizes, in the curve's colour. */
  static final int FAMILY_BAND_ALPHA = 50;

  /**
   * A fitted family other than the answer's, on one curve's plot: a thin line in the family's
   * colour and dash pattern.
   */
  static void otherFamily(XYChart chart, FamilyFit f, double[] grid) {
    XYSeries s = chart.addSeries(f.family().id(), grid, values(f, grid));
    s.setMarker(SeriesMarkers.NONE);
    s.setLineWidth(1.3f);
    s.setLineColor(soft(familyColor(f.family())));
    s.setLineStyle(
        new BasicStroke(
            1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, familyDash(f.family()), 0f));
  }

  /** The measured points: per size the mean, with ± one sample standard deviation as error bars. */
  static void measured(
      XYChart chart,
      String prefix,
      List<SizeSummary> sizes,
      double[] xs,
      double[] ys,
      double[] es,
      Color color) {
    XYSeries obs = chart.addSeries(prefix + measuredLabel(sizes), xs, ys, es);
    obs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    obs.setMarker(SeriesMarkers.CIRCLE);
    obs.setMarkerColor(color);
    obs.setLineColor(color);
  }

  /** The predicted points, as diamonds (their intervals are {@link #whisker}s). */
  static void predicted(XYChart chart, String name, double[] px, double[] py, Color color) {
    XYSeries pred = chart.addSeries(name, px, py);
    pred.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    pred.setMarker(SeriesMarkers.DIAMOND);
    pred.setMarkerColor(color);
  }

  /** A target as a grey line across the axis, the {@code k}-th target's dash pattern. */
  static void targetLine(XYChart chart, double target, int k, SizeAxis axis) {
    XYSeries line =
        chart.addSeries(
            "target " + FitOptions.levelPercent(target),
            new double[] {axis.min(), axis.max()},
            new double[] {target, target});
    line.setMarker(SeriesMarkers.NONE);
    line.setLineColor(TARGET_COLOR);
    line.setLineWidth(1.5f);
    // Each target its own dash, so that its legend entry tells which line it is: two targets
    // drawn alike had two legend entries that looked the same.
    line.setLineStyle(
        new BasicStroke(
            1.5f,
            BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER,
            10f,
            TARGET_DASHES[k % TARGET_DASHES.length],
            0f));
  }

  /** Where the single curve drawn reaches a target: a grey square, kept out of the legend. */
  static void reachesTarget(XYChart chart, double target, double n) {
    XYSeries at =
        chart.addSeries(
            "reaches target " + FitOptions.levelPercent(target),
            new double[] {n},
            new double[] {target});
    at.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    at.setMarker(SeriesMarkers.SQUARE);
    at.setMarkerColor(TARGET_COLOR);
    at.setShowInLegend(false);
  }

  /**
   * A predicted point's interval as an error bar: a vertical line from lo to hi with short caps,
   * kept out of the legend (XChart's own error bars are symmetric; these intervals are not).
   */
  static void whisker(XYChart chart, String name, Prediction p, SizeAxis axis, Color c) {
    double[] cap = axis.capEnds(p.n());
    double[] x = {cap[0], cap[1], p.n(), p.n(), cap[0], cap[1]};
    double[] y = {p.lo(), p.lo(), p.lo(), p.hi(), p.hi(), p.hi()};
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(c);
    s.setLineStyle(new BasicStroke(1.8f));
    s.setShowInLegend(false);
  }

  /**
   * The answer's curve: solid over the measured sizes, dashed where it is extrapolated (beyond the
   * largest size measured, or below the smallest), so that the part no model was trained at reads
   * as such also without a band ({@code --bootstrap 0}), where nothing else marked it.
   */
  static void answerLine(
      XYChart chart,
      String prefix,
      String name,
      SizeAxis axis,
      double left,
      double right,
      double[] measured,
      java.util.function.DoubleUnaryOperator curve,
      Color color,
      double plotWidth) {
    double smallest = measured[0];
    double largest = measured[measured.length - 1];
    double[] inside = axis.grid(smallest, largest);
    XYSeries s = chart.addSeries(prefix + name, inside, apply(curve, inside));
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setLineWidth(2.5f);
    // XChart draws a line segment by segment and starts the dash pattern afresh in each: segments
    // shorter than a dash and its gap (the 120-point grid's, about 3 pixels) drew a solid line.
    List<double[]> outside = new ArrayList<>();
    if (right > largest) {
      outside.add(axis.grid(largest, right, dashedPoints(axis, largest, right, plotWidth)));
    }
    if (left < smallest) {
      outside.add(axis.grid(left, smallest, dashedPoints(axis, left, smallest, plotWidth)));
    }
    for (int i = 0; i < outside.size(); i++) {
      double[] g = outside.get(i);
      XYSeries e =
          chart.addSeries(
              prefix + EXTRAPOLATED + (i == 0 ? "" : " " + (i + 1)), g, apply(curve, g));
      e.setMarker(SeriesMarkers.NONE);
      e.setLineColor(color);
      e.setLineWidth(2.5f);
      e.setLineStyle(
          new BasicStroke(
              2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, EXTRAPOLATED_DASH, 0f));
      e.setShowInLegend(i == 0);
    }
  }

  /** Length of one dash and its gap on the extrapolated part, in chart pixels. */
  private static final float[] EXTRAPOLATED_DASH = {9f, 5f};

  /**
   * Points of a dashed line from {@code from} to {@code to}: as many as leave each segment at least
   * two dash periods long, so that every segment shows its gaps; at most the grid's.
   */
  static int dashedPoints(SizeAxis axis, double from, double to, double plotWidth) {
    double pixels = axis.share(from, to) * plotWidth;
    double period = EXTRAPOLATED_DASH[0] + EXTRAPOLATED_DASH[1];
    int segments = (int) Math.floor(pixels / (2 * period));
    return Math.max(2, Math.min(SizeAxis.GRID_POINTS, segments + 1));
  }

  /** The legend's name of the answer's curve where it is extrapolated. */
  static final String EXTRAPOLATED = "answer, extrapolated";

  private static double[] apply(java.util.function.DoubleUnaryOperator f, double[] grid) {
    double[] v = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      v[i] = f.applyAsDouble(grid[i]);
    }
    return v;
  }

  /** Draws the intervals over the grid as a shaded band; returns {min lo, max hi}. */
  static double[] band(
      XYChart chart, String name, double[] grid, DoubleFunction<double[]> interval, Color fill) {
    int k = grid.length;
    double[] bx = new double[2 * k];
    double[] by = new double[2 * k];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      double[] iv = interval.apply(grid[i]);
      lo = Math.min(lo, iv[0]);
      hi = Math.max(hi, iv[1]);
      bx[i] = grid[i];
      by[i] = iv[1];
      bx[2 * k - 1 - i] = grid[i];
      by[2 * k - 1 - i] = iv[0];
    }
    XYSeries band = chart.addSeries(name, bx, by);
    band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
    band.setFillColor(fill);
    band.setLineColor(new Color(0, 0, 0, 0));
    band.setMarker(SeriesMarkers.NONE);
    return new double[] {lo, hi};
  }

  private static double[] values(FamilyFit f, double[] grid) {
    double[] v = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      v[i] = f.predict(grid[i]);
    }
    return v;
  }

  private static Color soft(Color c) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 200);
  }
}
