package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link TargetBound} on curves of the committed corpus, against the values of {@code
 * corpus/explore/target_support.py} (SciPy's least_squares from random starts, an independent
 * fitter): its χ² gap and its profile-likelihood upper end at the cutoff F(1, 8) at 90% (3.46).
 */
class TargetBoundTest {
  private static final Path TABLES = Path.of("..", "corpus", "tables");

  /** A corpus curve's rows, each {size, accuracy}, in the table's order. */
  private static List<double[]> rows(String table, String id) throws IOException {
    List<String> lines = Files.readAllLines(TABLES.resolve(table));
    List<String> header = List.of(lines.get(0).split(","));
    int idCol = header.indexOf("curve_id");
    int sizeCol = header.indexOf("size");
    int accCol = header.indexOf("accuracy");
    List<double[]> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (f[idCol].equals(id)) {
        out.add(new double[] {Double.parseDouble(f[sizeCol]), Double.parseDouble(f[accCol])});
      }
    }
    return out;
  }

  /** A corpus curve's size summaries (std with ddof 0, as fit.json's). */
  static List<SizeSummary> curve(String table, String id) throws IOException {
    Map<Double, List<Double>> bySize = new TreeMap<>();
    for (double[] r : rows(table, id)) {
      bySize.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1]);
    }
    List<SizeSummary> out = new ArrayList<>();
    bySize.forEach(
        (size, v) -> {
          double mean = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
          double ss = v.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum();
          out.add(new SizeSummary(size, v.size(), mean, Math.sqrt(ss / v.size())));
        });
    assertTrue(out.size() >= 4, id + " not found in " + table);
    return out;
  }

  @Test
  void theMeansOfAFashionMnistCurveBoundItsTargetWhereThePrototypeDoes() throws IOException {
    List<SizeSummary> c =
        curve(
            "images-fashion_mnist-mobilenetv2-12-fp32-dequant-s3.curves.csv",
            "samplesize-run/fashion_mnist/mobilenetv2-12-fp32-dequant/head/s3");
    TargetBound.Bound b = TargetBound.of(c, 0.8267, 0.9);
    assertNotNull(b);
    assertEquals(8, b.degreesOfFreedom());
    assertEquals(3.458, b.cutoff(), 1e-3);
    // target_support.py: gap 7.82; upper end 6043 at the cutoff 3.46. Its families keep the
    // curve rising and their exponents and offsets in narrower boxes than the engine's, so the
    // engine's constrained fits are at least as good and its end at least as large (6120 here);
    // the margin above it is two percent.
    assertEquals(7.82, b.gap(), 0.05);
    assertTrue(b.size() >= 6043 && b.size() <= 6043 * 1.02, "upper end " + b.size());
  }

  /** The corpus curve as a results table. */
  private static ResultsTable table(String table, String id) throws IOException {
    ResultsTable.Builder b = ResultsTable.builder(id);
    for (double[] r : rows(table, id)) {
      b.add(r[0], r[1]);
    }
    return b.build();
  }

  @Test
  void theDefaultAnswerTakesTheMeansBoundWhereItsIntervalHasNone() throws IOException {
    FitOptions o = FitOptions.defaults().withTargets(List.of(0.8267)).withThreads(2);
    CurveFit fit =
        new LearningCurveFitter(o)
            .fit(
                table(
                    "images-fashion_mnist-mobilenetv2-12-fp32-dequant-s3.curves.csv",
                    "samplesize-run/fashion_mnist/mobilenetv2-12-fp32-dequant/head/s3"))
            .get(0);
    TargetEstimate t = fit.targets().get(0);
    // the interval's lower end levels off below the target (the corpus answer: 3,250 to unbounded)
    assertTrue(t.lo() > 3000 && t.lo() < 3500, t.describe());
    assertEquals(6120, t.hi(), 6120 * 0.01, t.describe());
    assertTrue(
        fit.warnings().stream().anyMatch(w -> w.contains("the size means rule out a curve")),
        String.join("\n", fit.warnings()));
  }

  @Test
  void aTfFlowersCurveThatMayLevelOffKeepsItsUnboundedEnd() throws IOException {
    FitOptions o = FitOptions.defaults().withTargets(List.of(0.8545)).withThreads(2);
    CurveFit fit =
        new LearningCurveFitter(o)
            .fit(
                table(
                    "images-tf_flowers-mobilenetv2-12-fp32-dequant-s3.curves.csv",
                    "samplesize-run/tf_flowers/mobilenetv2-12-fp32-dequant/head/s3"))
            .get(0);
    TargetEstimate t = fit.targets().get(0);
    // the point and the lower end are finite, so the means were asked and did not rule it out
    assertTrue(Double.isFinite(t.n()) && Double.isFinite(t.lo()), t.describe());
    assertEquals(Double.POSITIVE_INFINITY, t.hi());
    assertTrue(fit.warnings().stream().noneMatch(w -> w.contains("size means rule out")));
  }

  @Test
  void aGapBelowTheCutoffGivesNoBound() throws IOException {
    // target_support.py: gap 3.02 for the 2x truth, below 3.46
    List<SizeSummary> c = curve("sklearn.curves.csv", "sklearn/digits/mlp/s2");
    assertNull(TargetBound.of(c, 0.9348, 0.9));
  }
}
