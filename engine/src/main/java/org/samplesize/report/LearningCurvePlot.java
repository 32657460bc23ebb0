package org.samplesize.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.samplesize.SamplesizeException;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.SizeSummary;
import org.samplesize.fit.TargetEstimate;
import org.samplesize.io.AtomicFiles;

/**
 * Draws the learning curve like the recipe's figure, with XChart: per size the mean and ± one
 * standard deviation of the repeats (error bars), the answer's curve (solid over the measured
 * sizes, dashed where it is extrapolated), the chosen family's curve with its own bootstrap band
 * over the observed sizes and, beyond the largest size, the band of the answer's interval in
 * another fill (amber on a plot of one curve; selection-aware when a family was selected, see
 * {@link CurveFit#interval()}), the predicted points marked with their intervals as error bars,
 * labelled axes (the metric in percent), each target a grey line with its own dash pattern. With
 * one curve the other fitted families are drawn too (thin lines, one colour and dash pattern per
 * family); with several curves each gets its chosen fit, up to {@value #MAX_CURVES} curves.
 *
 * <p>The size axis is logarithmic when the sizes drawn span a factor of 10 or more ({@link
 * SizeAxis} says why), linear otherwise. The legend sits to the right of the plot with short labels
 * (the families' names, "answer", "90% band of pow3", ...); what the answer is made of and how its
 * interval is made are written in {@code fit.json} and on stdout, not in the legend.
 *
 * <p>This class decides what is drawn; {@link CurveSeries} styles each series, {@link ChartAxes}
 * sets the axes and {@link ChartImages} turns the chart into PNG and SVG.
 */
public final class LearningCurvePlot {
  /** PNG file name. */
  public static final String PNG = "learning-curve.png";

  /** SVG file name. */
  public static final String SVG = "learning-curve.svg";

  /** At most this many curves are drawn in one figure. */
  public static final int MAX_CURVES = 8;

  /**
   * The chart's size in chart pixels (72 per inch; the PNG has twice as many, see {@link
   * ChartImages}).
   */
  private static final int WIDTH = 1200;

  private static final int HEIGHT = 650;

  /** About how wide the legend with its short labels and the y axis are, in chart pixels. */
  private static final int LEGEND_WIDTH = 280;

  private static final int Y_AXIS_WIDTH = 80;

  private LearningCurvePlot() {}

  /**
   * The plot rendered in memory, ready to be written (and embedded in a report without reading it
   * back from disk).
   *
   * @param png {@value #PNG}'s bytes
   * @param svg {@value #SVG}'s text
   */
  public record Rendered(byte[] png, String svg) {
    /** Checks that both are there. */
    public Rendered {
      java.util.Objects.requireNonNull(png, "png");
      java.util.Objects.requireNonNull(svg, "svg");
    }
  }

  /**
   * Renders the plot as PNG and SVG in memory.
   *
   * @param fits the curve fits (the first {@value #MAX_CURVES} are drawn)
   * @param metric the metric's name, for the y axis
   * @return the two renderings
   * @throws SamplesizeException when a rendering fails
   */
  public static Rendered render(List<CurveFit> fits, String metric) {
    return render(fits, metric, "images");
  }

  /**
   * Renders the plot as PNG and SVG in memory, its size axis counting {@code unit}.
   *
   * @param fits the curve fits (the first {@value #MAX_CURVES} are drawn)
   * @param metric the metric's name, for the y axis
   * @param unit what a size counts, for the x axis: {@code images} for a run, {@code examples} for
   *     a results table, which need not hold images
   * @return the two renderings
   * @throws SamplesizeException when a rendering fails
   */
  public static Rendered render(List<CurveFit> fits, String metric, String unit) {
    XYChart chart = chart(fits, metric, unit, WIDTH, HEIGHT, true);
    try {
      // The SVG first, as it always was: painting a chart keeps layout from the last painting,
      // and the SVG painted after the PNG placed its plot area a fraction of a pixel lower.
      String svg = ChartImages.svg(chart);
      return new Rendered(ChartImages.png(chart), svg);
    } catch (IOException e) {
      throw new SamplesizeException("cannot render the plot: " + e.getMessage(), e);
    }
  }

  /**
   * Stages {@value #PNG} and {@value #SVG} into {@code dir} in {@code batch}: they replace the
   * earlier files when the batch is committed, together with the rest of it.
   *
   * @param plot the rendered plot
   * @param dir the output directory (must exist)
   * @param batch where the files are staged
   * @return the two files (their final names)
   * @throws IOException naming the file when it cannot be staged
   */
  public static List<Path> stage(Rendered plot, Path dir, AtomicFiles.Batch batch)
      throws IOException {
    Path png = dir.resolve(PNG);
    Path svg = dir.resolve(SVG);
    batch.stage(png, out -> out.write(plot.png()));
    batch.stageString(svg, plot.svg());
    return List.of(png, svg);
  }

  /**
   * Writes {@value #PNG} and {@value #SVG} into {@code dir}, both or neither: each is written in
   * full to a temporary file before either replaces an earlier one ({@link AtomicFiles#batch()}).
   *
   * @param fits the curve fits (the first {@value #MAX_CURVES} are drawn)
   * @param metric the metric's name, for the y axis
   * @param dir the output directory (created when missing)
   * @return the two files written
   * @throws SamplesizeException when the files cannot be written
   */
  public static List<Path> write(List<CurveFit> fits, String metric, Path dir) {
    Rendered plot = render(fits, metric);
    try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
      Files.createDirectories(dir);
      List<Path> files = stage(plot, dir, batch);
      batch.commit();
      return files;
    } catch (IOException e) {
      throw new SamplesizeException("cannot write the plot into " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Builds the chart without writing it, at the size {@link #render} draws it, with its legend.
   *
   * @param fits the curve fits
   * @param metric the metric's name, for the y axis
   * @return the chart
   */
  public static XYChart chart(List<CurveFit> fits, String metric) {
    return chart(fits, metric, "images", WIDTH, HEIGHT, true);
  }

  /**
   * Builds the chart as {@link #chart(List, String)} does, its size axis counting {@code unit}.
   *
   * @param fits the curve fits
   * @param metric the metric's name, for the y axis
   * @param unit what a size counts, for the x axis, e.g. {@code examples}
   * @return the chart
   */
  public static XYChart chart(List<CurveFit> fits, String metric, String unit) {
    return chart(fits, metric, unit, WIDTH, HEIGHT, true);
  }

  /**
   * Builds the chart at a given size: the size decides which ticks of a logarithmic size axis get a
   * label.
   *
   * @param fits the curve fits
   * @param metric the metric's name, for the y axis
   * @param width the width it is drawn at, in chart pixels
   * @param height the height
   * @param legend whether it has a legend (on its right)
   * @return the chart
   */
  static XYChart chart(List<CurveFit> fits, String metric, int width, int height, boolean legend) {
    return chart(fits, metric, "images", width, height, legend);
  }

  private static XYChart chart(
      List<CurveFit> fits, String metric, String unit, int width, int height, boolean legend) {
    List<CurveFit> shown = fits.subList(0, Math.min(MAX_CURVES, fits.size()));
    String title = "Learning curve: " + metric + " vs training-set size";
    if (fits.size() > shown.size()) {
      title += " (first " + shown.size() + " of " + fits.size() + " curves)";
    }
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle("Training-set size (" + unit + ")")
            .yAxisTitle("Model " + metric)
            .build();
    XYStyler st = chart.getStyler();
    // Short legend labels keep the legend narrow beside the plot; the long descriptions are in
    // fit.json and on stdout.
    st.setLegendPosition(Styler.LegendPosition.OutsideE);
    st.setLegendVisible(legend);
    st.setPlotGridLinesVisible(true);
    st.setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    ChartAxes.numberFormats(st);

    double plotWidth = width - (legend ? LEGEND_WIDTH : 0) - Y_AXIS_WIDTH;
    SizeAxis axis = ChartAxes.sizeAxis(st, shown, plotWidth);

    double yLo = Double.POSITIVE_INFINITY;
    double yHi = Double.NEGATIVE_INFINITY;
    boolean single = shown.size() == 1;
    for (int c = 0; c < shown.size(); c++) {
      CurveFit fit = shown.get(c);
      Color color = CurveSeries.curveColor(c);
      String prefix = single ? "" : fit.curve() + ": ";
      double[] xs = fit.sizes().stream().mapToDouble(SizeSummary::size).toArray();
      double[] ys = fit.sizes().stream().mapToDouble(SizeSummary::mean).toArray();
      // The repeats' sample standard deviation, as the report's table of measured points shows it
      // (fit.json's std divides by the repeats, as the recipe's error bars did).
      double[] es = fit.sizes().stream().mapToDouble(s -> Math.sqrt(s.sampleVariance())).toArray();
      for (int i = 0; i < ys.length; i++) {
        yLo = Math.min(yLo, ys[i] - es[i]);
        yHi = Math.max(yHi, ys[i] + es[i]);
      }
      FamilyFit chosen = fit.chosenFit();
      double left = xs[0];
      double right = xs[xs.length - 1];
      for (Prediction p : fit.predictions()) {
        left = Math.min(left, p.n());
        right = Math.max(right, p.n());
      }
      double[] grid = axis.grid(left, right);
      if (chosen != null && chosen.bootstrapReplicates() > 0) {
        boolean selection =
            CurveFit.INTERVAL_SELECTION.equals(fit.interval())
                || CurveFit.INTERVAL_MEAN.equals(fit.interval());
        double largest = xs[xs.length - 1];
        // Over the observed sizes: the chosen family's own interval. Beyond them, where the
        // answers are: the answer's interval (selection-aware when a family was selected).
        double[] inside = selection ? axis.grid(left, largest) : grid;
        double[] lim =
            CurveSeries.band(
                chart,
                prefix
                    + FitOptions.levelPercent(chosen.level())
                    + " band of "
                    + chosen.family().id(),
                inside,
                chosen::interval,
                new Color(
                    color.getRed(),
                    color.getGreen(),
                    color.getBlue(),
                    CurveSeries.FAMILY_BAND_ALPHA));
        yLo = Math.min(yLo, lim[0]);
        yHi = Math.max(yHi, lim[1]);
        if (selection && right > largest) {
          double[] beyond = axis.grid(largest, right);
          lim =
              CurveSeries.band(
                  chart,
                  prefix + FitOptions.levelPercent(chosen.level()) + " band of the answer",
                  beyond,
                  fit::interval,
                  CurveSeries.answerBandColor(color, single));
          yLo = Math.min(yLo, lim[0]);
          yHi = Math.max(yHi, lim[1]);
        }
      }
      if (single) {
        for (FamilyFit f : fit.families()) {
          if (!f.fitted() || f == chosen && fit.mean() == null) {
            continue;
          }
          CurveSeries.otherFamily(chart, f, grid);
        }
      }
      if (fit.mean() != null) {
        CurveSeries.answerLine(
            chart,
            prefix,
            "answer (mean of " + fit.mean().familyIds().size() + " families)",
            axis,
            left,
            right,
            xs,
            fit::value,
            color,
            plotWidth);
      } else if (chosen != null) {
        CurveSeries.answerLine(
            chart,
            prefix,
            chosen.family() + " (chosen)",
            axis,
            left,
            right,
            xs,
            chosen::predict,
            color,
            plotWidth);
      }
      CurveSeries.measured(chart, prefix, fit.sizes(), xs, ys, es, color);
      if (chosen != null && !fit.predictions().isEmpty()) {
        List<Prediction> preds = fit.predictions();
        double[] px = preds.stream().mapToDouble(Prediction::n).toArray();
        double[] py = preds.stream().mapToDouble(Prediction::accuracy).toArray();
        for (int i = 0; i < preds.size(); i++) {
          Prediction p = preds.get(i);
          yLo = Math.min(yLo, p.accuracy());
          yHi = Math.max(yHi, p.accuracy());
          if (p.hasInterval()) {
            CurveSeries.whisker(
                chart, prefix + "predicted interval " + (i + 1), p, axis, color.darker());
            yLo = Math.min(yLo, p.lo());
            yHi = Math.max(yHi, p.hi());
          }
        }
        CurveSeries.predicted(
            chart,
            prefix
                + (preds.get(0).hasInterval()
                    ? "predicted (" + FitOptions.levelPercent(chosen.level()) + " interval)"
                    : "predicted"),
            px,
            py,
            color.darker());
      }
    }
    List<double[]> targets = targets(shown, axis);
    for (int k = 0; k < targets.size(); k++) {
      double[] t = targets.get(k);
      yLo = Math.min(yLo, t[0]);
      yHi = Math.max(yHi, t[0]);
      CurveSeries.targetLine(chart, t[0], k, axis);
      if (!Double.isNaN(t[1])) {
        CurveSeries.reachesTarget(chart, t[0], t[1]);
      }
    }
    ChartAxes.metricRange(st, yLo, yHi);
    return chart;
  }

  /**
   * The targets asked of the curves drawn, each once, in order: {@code {accuracy, size}}, the size
   * where the single curve drawn reaches it when that lies on the axis, NaN otherwise (with several
   * curves each reaches it elsewhere; their sizes are in the report's table).
   */
  static List<double[]> targets(List<CurveFit> shown, SizeAxis axis) {
    List<double[]> out = new ArrayList<>();
    for (CurveFit fit : shown) {
      for (TargetEstimate t : fit.targets()) {
        if (out.stream().anyMatch(o -> o[0] == t.accuracy())) {
          continue;
        }
        boolean onAxis =
            shown.size() == 1 && t.reachable() && t.n() >= axis.min() && t.n() <= axis.max();
        out.add(new double[] {t.accuracy(), onAxis ? t.n() : Double.NaN});
      }
    }
    return out;
  }
}
