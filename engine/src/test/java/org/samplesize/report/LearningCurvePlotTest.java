package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.samplesize.fit.CurveFamily;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.Examples;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;

class LearningCurvePlotTest {
  @TempDir Path dir;

  @Test
  void writesPngAndSvgWithDataCurvesBandAndAxes() throws Exception {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(50)
            .withThreads(2)
            .withPredict(List.of(org.samplesize.fit.SampleSize.parse("2x")));
    List<CurveFit> fits = new LearningCurveFitter(o).fit(Examples.recipeTable());
    List<Path> files = LearningCurvePlot.write(fits, "accuracy", dir.resolve("plots"));
    assertEquals(2, files.size());
    byte[] png = Files.readAllBytes(files.get(0));
    assertTrue(png.length > 10_000, "png " + png.length + " bytes");
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), "PNG signature");
    String svg = Files.readString(files.get(1));
    assertTrue(svg.contains("<svg"), "svg");
    assertTrue(svg.length() > 10_000, "svg " + svg.length() + " chars");

    XYChart chart = LearningCurvePlot.chart(fits, "accuracy");
    assertEquals("Training-set size (images)", chart.getXAxisTitle());
    // fit's table need not hold images
    assertEquals(
        "Training-set size (examples)",
        LearningCurvePlot.chart(fits, "accuracy", "examples").getXAxisTitle());
    assertEquals("Model accuracy", chart.getYAxisTitle());
    var names = chart.getSeriesMap().keySet();
    assertTrue(names.contains("mean ± sd (n−1) of repeats"), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("predicted")), names.toString());
    assertTrue(names.contains("90% band of pow3"), names.toString());
    assertTrue(names.contains("90% band of the answer"), names.toString());
    // the predicted point's interval is drawn as an error bar, kept out of the legend
    var whisker = chart.getSeriesMap().get("predicted interval 1");
    assertFalse(whisker.isShowInLegend());
    double[] wy = whisker.getYData();
    CurveFit f = fits.get(0);
    assertEquals(f.predictions().get(0).lo(), Arrays.stream(wy).min().orElseThrow(), 1e-12);
    assertEquals(f.predictions().get(0).hi(), Arrays.stream(wy).max().orElseThrow(), 1e-12);
    assertTrue(names.contains("answer (mean of 8 families)"), names.toString());
  }

  /**
   * The chosen family's band and the answer's were two tints of one blue, and the other families'
   * thin lines shared one dash pattern, several of them reading as the same grey: the answer's band
   * has another hue, the family lines several dash patterns, and a per-class panel draws them
   * alike.
   */
  @Test
  void theTwoBandsAndTheFamilyLinesCanBeToldApart() {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(50)
            .withThreads(2)
            .withPredict(List.of(org.samplesize.fit.SampleSize.parse("2x")));
    List<CurveFit> fits = new LearningCurveFitter(o).fit(Examples.recipeTable());
    XYChart chart = LearningCurvePlot.chart(fits, "accuracy");
    Color family = chart.getSeriesMap().get("90% band of pow3").getFillColor();
    Color answer = chart.getSeriesMap().get("90% band of the answer").getFillColor();
    float hf = Color.RGBtoHSB(family.getRed(), family.getGreen(), family.getBlue(), null)[0];
    float ha = Color.RGBtoHSB(answer.getRed(), answer.getGreen(), answer.getBlue(), null)[0];
    double apart = Math.min(Math.abs(hf - ha), 1 - Math.abs(hf - ha));
    assertTrue(apart > 0.2, "hues " + hf + " and " + ha + " of " + family + " and " + answer);

    Set<String> dashes = new HashSet<>();
    Set<String> looks = new HashSet<>();
    int lines = 0;
    for (CurveFamily f : CurveFamily.values()) {
      var s = chart.getSeriesMap().get(f.id());
      if (s == null) {
        continue;
      }
      lines++;
      String dash = Arrays.toString(((java.awt.BasicStroke) s.getLineStyle()).getDashArray());
      dashes.add(dash);
      looks.add(dash + s.getLineColor());
    }
    assertTrue(lines >= 5, chart.getSeriesMap().keySet().toString());
    assertTrue(dashes.size() >= 3, "dash patterns " + dashes);
    assertEquals(lines, looks.size(), "each family line its own colour and dash");

    XYChart panel = LearningCurvePlot.chart(fits, "recall", 420, 300, false);
    assertEquals(answer, panel.getSeriesMap().get("90% band of the answer").getFillColor());
    assertEquals(family, panel.getSeriesMap().get("90% band of pow3").getFillColor());
  }

  @Test
  void theExtrapolatedPartOfTheAnswerIsDashedAlsoWithoutABand() {
    // --bootstrap 0 draws no band: the answer's line was solid from the smallest size to the
    // prediction, and nothing showed where the measured sizes end.
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(0)
            .withThreads(2)
            .withPredict(List.of(org.samplesize.fit.SampleSize.parse("4x")));
    List<CurveFit> fits = new LearningCurveFitter(o).fit(Examples.recipeTable());
    CurveFit f = fits.get(0);
    XYChart chart = LearningCurvePlot.chart(fits, "accuracy");
    var names = chart.getSeriesMap().keySet();
    assertFalse(names.stream().anyMatch(n -> n.contains("band")), names.toString());
    double largest = f.largestSize();
    double[] measured = chart.getSeriesMap().get("answer (mean of 8 families)").getXData();
    assertEquals(f.sizes().get(0).size(), measured[0], 1e-9);
    assertEquals(largest, measured[measured.length - 1], 1e-9);
    var extrapolated = chart.getSeriesMap().get(CurveSeries.EXTRAPOLATED);
    assertTrue(extrapolated != null, names.toString());
    assertTrue(extrapolated.isShowInLegend());
    double[] ex = extrapolated.getXData();
    assertEquals(largest, ex[0], 1e-9);
    assertEquals(f.predictions().get(0).n(), ex[ex.length - 1], 1e-9);
    // the same curve, continued: the two parts meet
    double[] my = chart.getSeriesMap().get("answer (mean of 8 families)").getYData();
    assertEquals(my[my.length - 1], extrapolated.getYData()[0], 1e-12);
    assertEquals(f.value(ex[ex.length - 1]), extrapolated.getYData()[ex.length - 1], 1e-12);
    assertTrue(extrapolated.getLineStyle().getDashArray() != null, "dashed");
    // XChart restarts the dash in every segment: the 120-point grid's 3-pixel segments drew it
    // solid. Each segment is two dash periods (28 pixels) or longer: the extrapolated part
    // (1651 to 6604 of a 141 to 7200 log axis, 840 pixels wide) is 300 pixels.
    assertTrue(ex.length >= 5 && ex.length <= 12, "points " + ex.length);
    assertEquals(
        chart.getSeriesMap().get("answer (mean of 8 families)").getLineColor(),
        extrapolated.getLineColor());
  }

  @Test
  void theAxesNumbersDoNotFollowTheDefaultLocale() throws Exception {
    // Under a German locale the tick labels read 0,85 and 3.303 (XChart formats them in the
    // default locale); the SVG draws them as glyphs, so the whole file is compared.
    List<CurveFit> fits =
        new LearningCurveFitter(
                FitOptions.defaults()
                    .withBootstrap(0)
                    .withPredict(List.of(org.samplesize.fit.SampleSize.parse("3303"))))
            .fit(Examples.recipeTable());
    java.util.Locale before = java.util.Locale.getDefault();
    String root;
    String german;
    try {
      java.util.Locale.setDefault(java.util.Locale.ROOT);
      root = Files.readString(LearningCurvePlot.write(fits, "accuracy", dir.resolve("r")).get(1));
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      german = Files.readString(LearningCurvePlot.write(fits, "accuracy", dir.resolve("g")).get(1));
    } finally {
      java.util.Locale.setDefault(before);
    }
    assertEquals(root.replaceAll("clip\\d+", "clip"), german.replaceAll("clip\\d+", "clip"));
  }

  /** The widest legend label, in chart pixels, in the legend's own font. */
  private static double widestLegendLabel(XYChart chart) {
    java.awt.Graphics2D g =
        new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
            .createGraphics();
    try {
      java.awt.FontMetrics fm = g.getFontMetrics(chart.getStyler().getLegendFont());
      return chart.getSeriesMap().values().stream()
          .filter(s -> s.isShowInLegend())
          .mapToDouble(s -> fm.stringWidth(s.getName()))
          .max()
          .orElse(0);
    } finally {
      g.dispose();
    }
  }

  @Test
  void eachTargetIsALineAndTheAnswerReachingItAPointOnIt() {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(50)
            .withThreads(2)
            .withPredict(List.of(org.samplesize.fit.SampleSize.parse("2x")));
    CurveFit first = new LearningCurveFitter(o).fit(Examples.recipeTable()).get(0);
    // a target the answer reaches between the measured sizes, so on the axis
    double reached = Math.floor(1000 * first.value(first.largestSize())) / 1000 - 0.01;
    CurveFit f =
        new LearningCurveFitter(o.withTargets(List.of(reached, 0.995)))
            .fit(Examples.recipeTable())
            .get(0);
    XYChart chart = LearningCurvePlot.chart(List.of(f), "accuracy");
    String name = FitOptions.levelPercent(reached);
    var line = chart.getSeriesMap().get("target " + name);
    assertTrue(line != null, chart.getSeriesMap().keySet().toString());
    assertArrayEquals(new double[] {reached, reached}, line.getYData(), 0);
    assertEquals(chart.getStyler().getXAxisMin(), line.getXData()[0], 0);
    assertEquals(chart.getStyler().getXAxisMax(), line.getXData()[1], 0);
    // where the answer reaches it, a point marks it (out of the legend)
    var at = chart.getSeriesMap().get("reaches target " + name);
    assertTrue(at != null, chart.getSeriesMap().keySet().toString());
    assertEquals(f.targets().get(0).n(), at.getXData()[0], 0);
    assertTrue(at.getXData()[0] < f.largestSize());
    assertFalse(at.isShowInLegend());
    // the y axis reaches up to the highest target, even one far above the curve, which is not
    // reached on the axis
    assertTrue(chart.getSeriesMap().containsKey("target 99.5%"));
    assertFalse(chart.getSeriesMap().containsKey("reaches target 99.5%"));
    assertTrue(chart.getStyler().getYAxisMax() >= 0.995, "" + chart.getStyler().getYAxisMax());
  }

  @Test
  void theLegendIsNarrowAndTheSizeAxisLogarithmicWhenThePredictionIsFarOut() {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(50)
            .withThreads(2)
            .withPredict(List.of(org.samplesize.fit.SampleSize.parse("10000")));
    List<CurveFit> fits = new LearningCurveFitter(o).fit(Examples.recipeTable());
    XYChart chart = LearningCurvePlot.chart(fits, "accuracy");
    // The legend's labels were up to two thirds of the figure's width (the answer's description).
    double widest = widestLegendLabel(chart);
    assertTrue(widest < 0.2 * chart.getWidth(), "widest legend label " + widest + " px");
    assertEquals(
        org.knowm.xchart.style.Styler.LegendPosition.OutsideE,
        chart.getStyler().getLegendPosition());
    // Measured 165..1651, predicted at 10000: on a linear axis the measured sizes sat in the left
    // sixth of the plot.
    assertTrue(chart.getStyler().isXAxisLogarithmic());
    double lo = chart.getStyler().getXAxisMin();
    double hi = chart.getStyler().getXAxisMax();
    assertTrue(lo > 100 && lo < 165, "left end " + lo);
    assertTrue(hi > 10000 && hi < 13000, "right end " + hi);
    // the largest measured size sits near the middle of the axis, not at its first sixth
    double at1651 = Math.log(1651 / lo) / Math.log(hi / lo);
    assertTrue(at1651 > 0.4 && at1651 < 0.7, "1651 at " + at1651 + " of the width");
    // 1.9 decades on the full figure: every tick labelled, the labels upright
    assertFalse(chart.getStyler().isXAxisLogarithmicDecadeOnly());
    assertEquals(90, chart.getStyler().getXAxisLabelRotation());
    // the curves are drawn on a grid even on that axis: as many points in the first doubling as in
    // the last
    double[] answer = chart.getSeriesMap().get(CurveSeries.EXTRAPOLATED).getXData(); // 1651..10000
    long firstDoubling = Arrays.stream(answer).filter(x -> x <= 3302).count();
    long lastDoubling = Arrays.stream(answer).filter(x -> x >= 5000).count();
    assertTrue(Math.abs(firstDoubling - lastDoubling) <= 1, firstDoubling + " vs " + lastDoubling);
    // the per-class plot's narrow panels label only the powers of ten at that span
    XYChart panel = LearningCurvePlot.chart(fits, "recall", 420, 300, false);
    assertTrue(panel.getStyler().isXAxisLogarithmic());
    assertTrue(panel.getStyler().isXAxisLogarithmicDecadeOnly());
    assertFalse(panel.getStyler().isLegendVisible());
  }

  @Test
  void theSizeAxisIsLinearWhenTheSizesSpanLessThanAFactorOfTen() {
    ResultsTable.Builder b = ResultsTable.builder("narrow");
    for (int r = 0; r < 3; r++) {
      b.add("c", 500, 0.80 + 0.002 * r, 0)
          .add("c", 1000, 0.85 - 0.002 * r, 0)
          .add("c", 2000, 0.88 + 0.001 * r, 0);
    }
    List<CurveFit> fits =
        new LearningCurveFitter(
                FitOptions.defaults()
                    .withBootstrap(0)
                    .withPredict(List.of(org.samplesize.fit.SampleSize.parse("2x"))))
            .fit(b.build());
    XYChart chart = LearningCurvePlot.chart(fits, "accuracy");
    assertFalse(chart.getStyler().isXAxisLogarithmic());
    assertEquals(0.0, chart.getStyler().getXAxisMin());
    assertEquals(4000 * 1.03, chart.getStyler().getXAxisMax(), 1e-9);
    assertTrue(
        chart.getSeriesMap().containsKey("answer (mean of 5 families)"),
        chart.getSeriesMap().keySet().toString());
  }

  /**
   * A narrow per-class panel over 2 to 60 images: a logarithmic axis there labelled only "10". A
   * linear one labels it in even steps; a wide figure over the same sizes keeps every logarithmic
   * label.
   */
  @Test
  void aNarrowPanelOverLessThanTwoPowersOfTenGetsALinearAxis() {
    ResultsTable.Builder b = ResultsTable.builder("small class");
    double[] sizes = {2, 7, 20, 60};
    double[] recall = {0.2, 0.45, 0.62, 0.71};
    for (int r = 0; r < 3; r++) {
      for (int i = 0; i < sizes.length; i++) {
        b.add("c", sizes[i], recall[i] + 0.01 * r, 0);
      }
    }
    // No prediction beyond the measured sizes, as a class's panel draws it.
    List<CurveFit> fits =
        new LearningCurveFitter(FitOptions.defaults().withBootstrap(0).withPredict(List.of()))
            .fit(b.build());
    XYChart panel = LearningCurvePlot.chart(fits, "recall", 420, 300, false);
    assertFalse(panel.getStyler().isXAxisLogarithmic());
    assertEquals(60 * 1.03, panel.getStyler().getXAxisMax(), 1e-9);
    XYChart wide = LearningCurvePlot.chart(fits, "recall", 1600, 600, false);
    assertTrue(wide.getStyler().isXAxisLogarithmic());
    assertFalse(wide.getStyler().isXAxisLogarithmicDecadeOnly());
  }

  @Test
  void aPredictionBelowTheMeasuredSizesIsOnTheAxisAndTheCurveReachesIt() {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(0)
            .withPredict(List.of(org.samplesize.fit.SampleSize.parse("20")));
    List<CurveFit> fits = new LearningCurveFitter(o).fit(Examples.recipeTable());
    XYChart chart = LearningCurvePlot.chart(fits, "accuracy");
    assertTrue(chart.getStyler().isXAxisLogarithmic());
    assertTrue(chart.getStyler().getXAxisMin() < 20, "" + chart.getStyler().getXAxisMin());
    // below the measured sizes the curve is extrapolated, dashed
    double[] answer = chart.getSeriesMap().get(CurveSeries.EXTRAPOLATED).getXData();
    assertEquals(20, answer[0], 1e-9);
    assertEquals(fits.get(0).sizes().get(0).size(), answer[answer.length - 1], 1e-9);
  }

  @Test
  void thePngAndTheSvgReplaceTheEarlierOnesTogetherOrNotAtAll() throws Exception {
    List<CurveFit> fits =
        new LearningCurveFitter(FitOptions.defaults().withBootstrap(0)).fit(Examples.recipeTable());
    Path png = dir.resolve(LearningCurvePlot.PNG);
    Files.writeString(png, "the earlier plot");
    // The SVG cannot be written (its name is taken by a folder): the PNG must not change alone.
    Files.createDirectories(dir.resolve(LearningCurvePlot.SVG).resolve("x"));
    // A user error naming the folder in the way.
    org.junit.jupiter.api.Assertions.assertThrows(
        org.samplesize.InvalidInputException.class,
        () -> LearningCurvePlot.write(fits, "accuracy", dir));
    assertEquals("the earlier plot", Files.readString(png));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary file left");
    }

    Files.delete(dir.resolve(LearningCurvePlot.SVG).resolve("x"));
    Files.delete(dir.resolve(LearningCurvePlot.SVG));
    LearningCurvePlot.Rendered plot = LearningCurvePlot.render(fits, "accuracy");
    LearningCurvePlot.write(fits, "accuracy", dir);
    assertEquals(plot.svg(), Files.readString(dir.resolve(LearningCurvePlot.SVG)));
    java.awt.image.BufferedImage image =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(plot.png()));
    assertEquals(2400, image.getWidth(), "144 dpi: twice the chart's 1200 pixels");
    assertEquals(1300, image.getHeight());
    assertEquals(5669, pngPixelsPerMetre(plot.png()), "pHYs says 144 dpi: 144 / 0.0254 per metre");
  }

  /**
   * The SVG is the chart painted first, before the PNG: painting a chart keeps layout from the last
   * painting, and an SVG painted after the PNG placed its plot area a fraction of a pixel lower
   * than the SVG the plot always had.
   */
  @Test
  void theSvgIsTheChartAsPaintedFirst() throws Exception {
    List<CurveFit> fits =
        new LearningCurveFitter(FitOptions.defaults().withBootstrap(0)).fit(Examples.recipeTable());
    String fresh = ChartImages.svg(LearningCurvePlot.chart(fits, "accuracy"));
    String rendered = LearningCurvePlot.render(fits, "accuracy").svg();
    // The clip paths' ids differ from chart to chart.
    assertEquals(fresh.replaceAll("clip[0-9]+", "clip"), rendered.replaceAll("clip[0-9]+", "clip"));
  }

  /** The x resolution of a PNG's pHYs chunk, read from the bytes; -1 without one. */
  static long pngPixelsPerMetre(byte[] png) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png); // big-endian, as PNG
    int at = 8; // after the signature
    while (at + 8 <= png.length) {
      int length = b.getInt(at);
      String type = new String(png, at + 4, 4, StandardCharsets.US_ASCII);
      if (type.equals("pHYs")) {
        assertEquals(1, png[at + 16], "unit: metre");
        assertEquals(b.getInt(at + 8), b.getInt(at + 12), "square pixels");
        return Integer.toUnsignedLong(b.getInt(at + 8));
      }
      at += 12 + length;
    }
    return -1;
  }

  @Test
  void theYAxisIsInPercentAsTheSentencesAre() {
    List<CurveFit> fits =
        new LearningCurveFitter(FitOptions.defaults().withBootstrap(0)).fit(Examples.recipeTable());
    XYChart chart = LearningCurvePlot.chart(fits, "accuracy");
    String pattern = chart.getStyler().getYAxisDecimalPattern();
    assertTrue(pattern != null, "the y axis has no pattern of its own: it reads 0.85");
    java.text.DecimalFormat f =
        new java.text.DecimalFormat(
            pattern, java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
    assertEquals("85%", f.format(0.85));
    assertEquals("92.5%", f.format(0.925));
  }

  @Test
  void withoutRepeatsTheLegendSaysEachPointIsOneModel() {
    ResultsTable.Builder one = ResultsTable.builder("one");
    one.add("head", 100, 0.70, 0).add("head", 200, 0.76, 0).add("head", 400, 0.80, 0);
    one.add("head", 800, 0.83, 0);
    XYChart chart =
        LearningCurvePlot.chart(
            new LearningCurveFitter(FitOptions.defaults().withBootstrap(0)).fit(one.build()),
            "accuracy");
    var names = chart.getSeriesMap().keySet();
    assertTrue(names.contains("measured (one model per size)"), names.toString());
    assertFalse(names.contains("mean ± sd (n−1) of repeats"), names.toString());
    // with repeats at some size, the bars are their standard deviation
    one.add("head", 800, 0.84, 0);
    chart =
        LearningCurvePlot.chart(
            new LearningCurveFitter(FitOptions.defaults().withBootstrap(0)).fit(one.build()),
            "accuracy");
    assertTrue(
        chart.getSeriesMap().containsKey("mean ± sd (n−1) of repeats"),
        chart.getSeriesMap().keySet().toString());
    // the bar is the sample standard deviation, as the report's table shows it: 0.83 and 0.84 give
    // 0.00707 (n − 1), not fit.json's 0.005 (n)
    double[] bars = chart.getSeriesMap().get("mean ± sd (n−1) of repeats").getExtraValues();
    assertEquals(Math.sqrt(0.00005), bars[bars.length - 1], 1e-9);
    assertEquals(0, bars[0], 0);
  }

  @Test
  void twoTargetsAreDrawnSoThatTheirLegendEntriesDiffer() {
    CurveFit f =
        new LearningCurveFitter(
                FitOptions.defaults().withBootstrap(0).withTargets(List.of(0.9, 0.97)))
            .fit(Examples.recipeTable())
            .get(0);
    XYChart chart = LearningCurvePlot.chart(List.of(f), "accuracy");
    var a = chart.getSeriesMap().get("target 90%");
    var b = chart.getSeriesMap().get("target 97%");
    assertTrue(a != null && b != null, chart.getSeriesMap().keySet().toString());
    assertTrue(a.isShowInLegend() && b.isShowInLegend());
    assertFalse(
        Arrays.equals(a.getLineStyle().getDashArray(), b.getLineStyle().getDashArray())
            && a.getLineColor().equals(b.getLineColor()),
        "the two targets' lines look alike");
  }

  @Test
  void everyFamilyHasItsOwnColour() {
    Set<Color> seen = new HashSet<>();
    for (CurveFamily f : CurveFamily.values()) {
      assertTrue(seen.add(CurveSeries.familyColor(f)), f.id());
    }
  }

  @Test
  void manyCurvesShowTheFirstFew() {
    ResultsTable.Builder b = ResultsTable.builder("many");
    for (int c = 0; c < 10; c++) {
      b.add("c" + c, 100, 0.7, 0).add("c" + c, 200, 0.75, 0).add("c" + c, 400, 0.78 + c * 0.001, 0);
    }
    List<CurveFit> fits =
        new LearningCurveFitter(FitOptions.defaults().withBootstrap(0)).fit(b.build());
    XYChart chart = LearningCurvePlot.chart(fits, "accuracy");
    assertTrue(chart.getTitle().contains("first 8 of 10 curves"), chart.getTitle());
    assertTrue(chart.getSeriesMap().containsKey("c7: measured (one model per size)"));
  }
}
