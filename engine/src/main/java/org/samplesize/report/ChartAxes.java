package org.samplesize.report;

import java.util.List;
import java.util.Locale;
import org.knowm.xchart.style.XYStyler;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.Prediction;

/**
 * The learning-curve chart's axes: how their numbers are written, the size axis' kind, ends and
 * labels, and the metric axis' range. Apart from the series ({@link CurveSeries}) because it
 * decides where things land and how the ticks read, whatever is drawn.
 */
final class ChartAxes {
  private ChartAxes() {}

  /** The y axis' tick labels: percent, as the sentences write the metric ({@code 85%}). */
  static final String Y_AXIS_PATTERN = "0.#%";

  /**
   * Writes the axes' numbers in the project's way, whatever the JVM's locale.
   *
   * @param st the chart's styler
   */
  static void numberFormats(XYStyler st) {
    // The axes' numbers as everywhere else (0.85, 3,303), whatever the JVM's locale: XChart
    // formats them in the default locale, which under a German one wrote 0,85 and 3.303.
    st.setLocale(Locale.ROOT);
    st.setDecimalPattern("#,##0.###");
    st.setXAxisDecimalPattern("#,###");
    // The metric in percent, as the answers, the report and the console write it (the axis read
    // 0.85 beside "85.0%" in the sentences). The values stay fractions: "%" multiplies by 100.
    st.setYAxisDecimalPattern(Y_AXIS_PATTERN);
  }

  /**
   * Sets the size axis to cover every size drawn.
   *
   * @param st the chart's styler
   * @param shown the curves drawn
   * @param plotWidth the width of the plot area, in chart pixels
   * @return the axis set
   */
  static SizeAxis sizeAxis(XYStyler st, List<CurveFit> shown, double plotWidth) {
    // The sizes drawn: every measured size and every predicted one, on the same axis for all
    // curves.
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = 0;
    for (CurveFit fit : shown) {
      xMin = Math.min(xMin, fit.sizes().get(0).size());
      xMax = Math.max(xMax, fit.largestSize());
      for (Prediction p : fit.predictions()) {
        xMin = Math.min(xMin, p.n());
        xMax = Math.max(xMax, p.n());
      }
    }
    SizeAxis axis = SizeAxis.of(xMin, xMax, plotWidth);
    st.setXAxisLogarithmic(axis.logarithmic());
    boolean decadesOnly = axis.decadesOnly(plotWidth);
    st.setXAxisLogarithmicDecadeOnly(decadesOnly);
    if (axis.logarithmic() && !decadesOnly) {
      // Upright labels are narrower than the space between 8 and 9 times a power of ten.
      st.setXAxisLabelRotation(90);
    }
    st.setXAxisMin(axis.min());
    st.setXAxisMax(axis.max());
    return axis;
  }

  /**
   * Sets the metric axis to the range of what is drawn, padded, and kept within 0 and 1.
   *
   * @param st the chart's styler
   * @param yLo the lowest value drawn
   * @param yHi the highest value drawn
   */
  static void metricRange(XYStyler st, double yLo, double yHi) {
    double pad = Math.max(0.01, 0.08 * (yHi - yLo));
    st.setYAxisMin(Math.max(0, yLo - pad));
    st.setYAxisMax(Math.min(1, yHi + pad));
  }
}
