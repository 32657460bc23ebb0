package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * {@link TargetProfile} on curves of the committed corpus, against the values of {@code
 * corpus/explore/target_support.py} (SciPy's least_squares from random starts, an independent
 * fitter): its χ² gap and its profile-likelihood upper end at the cutoff F(1, 8) at 90% (3.46); and
 * the default answer, which leaves such an upper end unbounded.
 */
class TargetProfileTest {
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

  private static final String FM_TABLE =
      "images-fashion_mnist-mobilenetv2-12-fp32-dequant-s3.curves.csv";
  private static final String FM_CURVE =
      "samplesize-run/fashion_mnist/mobilenetv2-12-fp32-dequant/head/s3";

  @Test
  void aFashionMnistCurvesProfileMatchesScipys() throws IOException {
    TargetProfile p = TargetProfile.of(curve(FM_TABLE, FM_CURVE), 0.8267);
    assertNotNull(p);
    assertEquals(8, p.degreesOfFreedom());
    assertEquals(3.458, p.cutoff(0.9), 1e-3);
    // target_support.py: gap 7.82; upper end 6043 at the cutoff 3.46. Its families keep the
    // curve rising and their exponents and offsets in narrower boxes than the engine's, so the
    // engine's constrained fits are at least as good and its end at least as large (6120 here);
    // the margin above it is two percent.
    assertEquals(7.82, p.gap(), 0.05);
    double end = p.upperEnd(p.cutoff(0.9));
    assertTrue(end >= 6043 && end <= 6043 * 1.02, "upper end " + end);
    // the statistic grows with the size, and crosses the cutoff at the end
    assertTrue(p.statisticAt(end * 0.9) < p.cutoff(0.9));
    assertTrue(p.statisticAt(end * 1.1) >= p.cutoff(0.9));
    assertTrue(p.statisticAt(1e9) <= p.gap() + 1e-9);
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
  void theDefaultAnswerLeavesTheUpperEndUnboundedWhereItsIntervalDoes() throws IOException {
    FitOptions o = FitOptions.defaults().withTargets(List.of(0.8267)).withThreads(2);
    CurveFit fit = new LearningCurveFitter(o).fit(table(FM_TABLE, FM_CURVE)).get(0);
    TargetEstimate t = fit.targets().get(0);
    // the interval's lower end levels off below the target (the corpus answer: 3,250 to
    // unbounded); the means' profile end above (6,120) is not used: where the means give one it
    // lies below the true size on most simulated curves (TargetBoundHarness)
    assertTrue(t.lo() > 3000 && t.lo() < 3500, t.describe());
    assertEquals(Double.POSITIVE_INFINITY, t.hi(), t.describe());
  }

  @Test
  void aGapBelowTheCutoffGivesNoEnd() throws IOException {
    // target_support.py: gap 3.02 for the 2x truth, below 3.46; the engine's wider parameter boxes
    // fit the capped curve at least as well (2.00)
    TargetProfile p =
        TargetProfile.of(curve("sklearn.curves.csv", "sklearn/digits/mlp/s2"), 0.9348);
    assertTrue(p.gap() > 0 && p.gap() <= 3.02 + 0.05, "gap " + p.gap());
    assertTrue(Double.isNaN(p.upperEnd(p.cutoff(0.9))));
  }
}
