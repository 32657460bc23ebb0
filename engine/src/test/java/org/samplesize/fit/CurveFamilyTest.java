package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.samplesize.InvalidInputException;

class CurveFamilyTest {
  static final double[] SIZES = {100, 200, 400, 800, 1600, 3200};

  /** True parameters (of the formula in n) per family, chosen to look like accuracy curves. */
  static final Map<CurveFamily, double[]> TRUTH =
      Map.of(
          CurveFamily.POW2, new double[] {0.6, 0.05},
          CurveFamily.POW3, new double[] {0.95, 2.0, 0.5},
          CurveFamily.POW4, new double[] {0.95, 3.0, 0.6, 50},
          CurveFamily.EXP3, new double[] {-0.3, 0.002, 0.92},
          CurveFamily.LOG2, new double[] {-0.04, 0.6},
          CurveFamily.VAP3, new double[] {-0.12, -60, 0.01},
          CurveFamily.MMF4, new double[] {0.3, 200, 0.93, 1.0},
          CurveFamily.WBL4, new double[] {0.01, 0.5, 0.93, 0.7});

  static FamilyFit fitOnly(CurveFamily f, CurveData data) {
    FitOptions o = FitOptions.defaults().withFamilies(List.of(f)).withBootstrap(0).withThreads(1);
    return new LearningCurveFitter(o).fit(data).family(f.id());
  }

  @ParameterizedTest
  @EnumSource(value = CurveFamily.class, names = "LAST1", mode = EnumSource.Mode.EXCLUDE)
  void recoversParametersFromNoiselessCurve(CurveFamily f) {
    double[] truth = TRUTH.get(f);
    CurveData data = Examples.synthetic(f, truth, SIZES, 3, 0, new SplittableRandom(1));
    FamilyFit fit = fitOnly(f, data);
    assertTrue(fit.fitted(), () -> f + " skipped: " + fit.skipped());
    int i = 0;
    for (Map.Entry<String, Double> e : fit.params().entrySet()) {
      double want = truth[i++];
      assertEquals(want, e.getValue(), 1e-3 * Math.abs(want) + 1e-9, f + " " + e.getKey());
    }
    assertTrue(fit.sse() < 1e-12, () -> f + " sse " + fit.sse());
  }

  @ParameterizedTest
  @EnumSource(value = CurveFamily.class, names = "LAST1", mode = EnumSource.Mode.EXCLUDE)
  void recoversCurveAndParametersFromNoisyCurve(CurveFamily f) {
    double[] truth = TRUTH.get(f);
    double sigma = 0.003;
    CurveData data = Examples.synthetic(f, truth, SIZES, 20, sigma, new SplittableRandom(7));
    FamilyFit fit = fitOnly(f, data);
    assertTrue(fit.fitted(), () -> f + " skipped: " + fit.skipped());
    // The curve over the observed range is within a few standard errors of the size means.
    double se = sigma / Math.sqrt(20);
    for (double n = SIZES[0]; n <= SIZES[SIZES.length - 1]; n *= 1.25) {
      assertEquals(f.value(n, truth), fit.predict(n), 4 * se, f + " at n=" + n);
    }
    // The parameters come back loosely: exactly for the 2-parameter families, within 30 % for
    // 3 parameters; 4-parameter families trade parameters off, so only the curve is held there.
    if (f.parameterCount() <= 3) {
      int i = 0;
      double tol = f.parameterCount() == 2 ? 0.02 : 0.3;
      for (Map.Entry<String, Double> e : fit.params().entrySet()) {
        double want = truth[i++];
        assertEquals(want, e.getValue(), tol * Math.abs(want), f + " " + e.getKey());
      }
    }
  }

  @Test
  void lastObservedMeanIsTheBaseline() {
    CurveData data = Examples.recipeTable().curves().get(0);
    FamilyFit fit = fitOnly(CurveFamily.LAST1, data);
    assertEquals(data.mean(3), fit.params().get("a"), 1e-15);
    assertEquals(data.mean(3), fit.predict(1e6), 1e-15);
  }

  @Test
  void asymptotesStayAtMostOne() {
    // A curve still climbing steeply at the last size would like an asymptote above 1.
    double[] sizes = {100, 200, 400, 800};
    double[][] v = {{0.5}, {0.7}, {0.85}, {0.98}};
    CurveData data = new CurveData("steep", sizes, v, new int[4][1]);
    // Four sizes support every family, so a skip is a failure, not a pass.
    for (CurveFamily f :
        List.of(
            CurveFamily.POW3,
            CurveFamily.POW4,
            CurveFamily.EXP3,
            CurveFamily.MMF4,
            CurveFamily.WBL4)) {
      FamilyFit fit = fitOnly(f, data);
      assertTrue(fit.fitted(), () -> f + " skipped: " + fit.skipped());
      assertTrue(f.asymptote(fit.scaledParams()) <= 1.0, f + " " + fit.params());
    }
  }

  @Test
  void namesRoundTripAndUnknownNamesAreUserErrors() {
    for (CurveFamily f : CurveFamily.values()) {
      assertEquals(f, CurveFamily.byId(f.id().toUpperCase(java.util.Locale.ROOT)));
    }
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> CurveFamily.byId("pow9"));
    assertTrue(e.getMessage().contains("pow9") && e.getMessage().contains("wbl4"));
  }

  @Test
  void naturalParametersDescribeTheSameCurveAsScaledOnes() {
    SplittableRandom rng = new SplittableRandom(3);
    for (CurveFamily f : TRUTH.keySet()) {
      double[] nat = TRUTH.get(f);
      CurveData data = Examples.synthetic(f, nat, SIZES, 1, 0, rng);
      FamilyFit fit = fitOnly(f, data);
      double[] back = f.toNatural(fit.scaledParams(), fit.scale());
      for (double n : new double[] {150, 1000, 5000}) {
        assertEquals(f.value(n, back), fit.predict(n), 1e-9, f.id());
      }
      // The reported parameters are exactly these natural ones.
      double[] reported = fit.params().values().stream().mapToDouble(Double::doubleValue).toArray();
      org.junit.jupiter.api.Assertions.assertArrayEquals(back, reported, 0, f.id());
    }
  }
}
