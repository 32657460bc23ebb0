package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.Examples;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;

class LearningCurvePlotTest {
  @TempDir Path dir;

  @Test
  void writesPngAndSvgWithDataCurvesBandAndAxes() throws Exception {
    FitOptions o = FitOptions.defaults().withBootstrap(50).withThreads(2);
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
    assertEquals("Model accuracy", chart.getYAxisTitle());
    var names = chart.getSeriesMap().keySet();
    assertTrue(names.contains("mean ± std of repeats"), names.toString());
    assertTrue(names.contains("predicted"), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("90% interval")), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.contains("(chosen)")), names.toString());
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
    assertTrue(chart.getSeriesMap().containsKey("c7: mean ± std of repeats"));
  }
}
