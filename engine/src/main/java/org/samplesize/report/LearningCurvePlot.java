package org.samplesize.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.samplesize.SamplesizeException;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.SizeSummary;

/**
 * Draws the learning curve like the recipe's figure, with XChart: per size the mean and ± one
 * standard deviation of the repeats (error bars), the chosen family's curve with its bootstrap
 * interval band, the predicted points marked, labelled axes. With one curve the other fitted
 * families are drawn too (thin lines); with several curves each gets its chosen fit, up to {@value
 * #MAX_CURVES} curves.
 */
public final class LearningCurvePlot {
  /** PNG file name. */
  public static final String PNG = "learning-curve.png";

  /** SVG file name. */
  public static final String SVG = "learning-curve.svg";

  /** At most this many curves are drawn in one figure. */
  public static final int MAX_CURVES = 8;

  private static final int GRID = 120;

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

  private LearningCurvePlot() {}

  /**
   * Writes {@value #PNG} and {@value #SVG} into {@code dir}.
   *
   * @param fits the curve fits (the first {@value #MAX_CURVES} are drawn)
   * @param metric the metric's name, for the y axis
   * @param dir the output directory (created when missing)
   * @return the two files written
   * @throws SamplesizeException when the files cannot be written
   */
  public static List<Path> write(List<CurveFit> fits, String metric, Path dir) {
    XYChart chart = chart(fits, metric);
    try {
      Files.createDirectories(dir);
      Path png = dir.resolve(PNG);
      Path svg = dir.resolve(SVG);
      BitmapEncoder.saveBitmapWithDPI(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG, 144);
      VectorGraphicsEncoder.saveVectorGraphic(
          chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      return List.of(png, svg);
    } catch (IOException e) {
      throw new SamplesizeException("cannot write the plot into " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Builds the chart without writing it.
   *
   * @param fits the curve fits
   * @param metric the metric's name, for the y axis
   * @return the chart
   */
  public static XYChart chart(List<CurveFit> fits, String metric) {
    List<CurveFit> shown = fits.subList(0, Math.min(MAX_CURVES, fits.size()));
    String title = "Learning curve: " + metric + " vs training-set size";
    if (fits.size() > shown.size()) {
      title += " (first " + shown.size() + " of " + fits.size() + " curves)";
    }
    XYChart chart =
        new XYChartBuilder()
            .width(1200)
            .height(650)
            .title(title)
            .xAxisTitle("Training-set size (images)")
            .yAxisTitle("Model " + metric)
            .build();
    XYStyler st = chart.getStyler();
    st.setLegendPosition(Styler.LegendPosition.InsideSE);
    st.setPlotGridLinesVisible(true);
    st.setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    chart.getStyler().setDecimalPattern("#,##0.###");
    chart.getStyler().setXAxisDecimalPattern("#,###");

    double yLo = Double.POSITIVE_INFINITY;
    double yHi = Double.NEGATIVE_INFINITY;
    double xMax = 0;
    boolean single = shown.size() == 1;
    for (int c = 0; c < shown.size(); c++) {
      CurveFit fit = shown.get(c);
      Color color = PALETTE[c % PALETTE.length];
      String prefix = single ? "" : fit.curve() + ": ";
      double[] xs = fit.sizes().stream().mapToDouble(SizeSummary::size).toArray();
      double[] ys = fit.sizes().stream().mapToDouble(SizeSummary::mean).toArray();
      double[] es = fit.sizes().stream().mapToDouble(SizeSummary::std).toArray();
      for (int i = 0; i < ys.length; i++) {
        yLo = Math.min(yLo, ys[i] - es[i]);
        yHi = Math.max(yHi, ys[i] + es[i]);
      }
      FamilyFit chosen = fit.chosenFit();
      double right = xs[xs.length - 1];
      if (chosen != null) {
        for (Prediction p : chosen.predictions()) {
          right = Math.max(right, p.n());
        }
      }
      xMax = Math.max(xMax, right);
      double[] grid = grid(xs[0], right);
      if (chosen != null && chosen.bootstrapReplicates() > 0) {
        double[] bx = new double[2 * GRID];
        double[] by = new double[2 * GRID];
        for (int i = 0; i < GRID; i++) {
          double[] iv = chosen.interval(grid[i]);
          bx[i] = grid[i];
          by[i] = iv[1];
          bx[2 * GRID - 1 - i] = grid[i];
          by[2 * GRID - 1 - i] = iv[0];
          yLo = Math.min(yLo, iv[0]);
          yHi = Math.max(yHi, iv[1]);
        }
        XYSeries band =
            chart.addSeries(
                prefix
                    + String.format(
                        Locale.ROOT, "%.0f%% interval (%s)", 100 * chosen.level(), chosen.family()),
                bx,
                by);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
        band.setLineColor(new Color(0, 0, 0, 0));
        band.setMarker(SeriesMarkers.NONE);
      }
      if (single) {
        int k = 0;
        for (FamilyFit f : fit.families()) {
          if (!f.fitted() || f == chosen) {
            continue;
          }
          XYSeries s = chart.addSeries(f.family().id(), grid, values(f, grid));
          s.setMarker(SeriesMarkers.NONE);
          s.setLineWidth(1f);
          s.setLineColor(soft(PALETTE[(++k) % PALETTE.length]));
          s.setLineStyle(
              new BasicStroke(
                  1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        }
      }
      if (chosen != null) {
        double[] cv = values(chosen, grid);
        XYSeries s =
            chart.addSeries(
                prefix + "fitted " + chosen.family() + " (chosen): " + chosen.family().formula(),
                grid,
                cv);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(2.5f);
      }
      XYSeries obs = chart.addSeries(prefix + "mean ± std of repeats", xs, ys, es);
      obs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      obs.setMarker(SeriesMarkers.CIRCLE);
      obs.setMarkerColor(color);
      obs.setLineColor(color);
      if (chosen != null && !chosen.predictions().isEmpty()) {
        double[] px = chosen.predictions().stream().mapToDouble(Prediction::n).toArray();
        double[] py = chosen.predictions().stream().mapToDouble(Prediction::accuracy).toArray();
        XYSeries pred = chart.addSeries(prefix + "predicted", px, py);
        pred.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        pred.setMarker(SeriesMarkers.DIAMOND);
        pred.setMarkerColor(color.darker());
        for (double v : py) {
          yLo = Math.min(yLo, v);
          yHi = Math.max(yHi, v);
        }
      }
    }
    double pad = Math.max(0.01, 0.08 * (yHi - yLo));
    st.setYAxisMin(Math.max(0, yLo - pad));
    st.setYAxisMax(Math.min(1, yHi + pad));
    st.setXAxisMin(0.0);
    st.setXAxisMax(xMax * 1.03);
    return chart;
  }

  private static double[] grid(double from, double to) {
    double[] g = new double[GRID];
    for (int i = 0; i < GRID; i++) {
      g[i] = from + (to - from) * i / (GRID - 1);
    }
    return g;
  }

  private static double[] values(FamilyFit f, double[] grid) {
    double[] v = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      v[i] = f.predict(grid[i]);
    }
    return v;
  }

  private static Color soft(Color c) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 150);
  }
}
