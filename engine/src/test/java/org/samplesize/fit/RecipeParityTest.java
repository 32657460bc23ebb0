package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The values stated in the issue for the recipe's table, to the stated digits. */
class RecipeParityTest {

  @Test
  void recipeGradientDescentReproducesTheRecipeBitForBit() {
    CurveData c = Examples.recipeTable().curves().get(0);
    double[] means = new double[4];
    for (int i = 0; i < 4; i++) {
      means[i] = c.mean(i);
    }
    float[] ab = RecipeGradientDescent.fit(c.sizes(), means);
    assertEquals(0.6445642f, ab[0], 0f);
    assertEquals(0.048097413f, ab[1], 0f);
    // what the recipe printed (float32 values shown as doubles)
    assertEquals(0.6445642113685608, (double) ab[0], 0);
    assertEquals(0.048097413033246994, (double) ab[1], 0);
  }

  @Test
  void recipeMethodGivesTheRecipesPredictionAndMae() {
    FitOptions o =
        FitOptions.defaults()
            .withMethod(FitMethod.RECIPE)
            .withBootstrap(0)
            .withPredict(List.of(new SampleSize(3303, false)));
    CurveFit fit = new LearningCurveFitter(o).fit(Examples.recipeTable()).get(0);
    assertEquals(1, fit.families().size());
    FamilyFit pow2 = fit.chosenFit();
    assertEquals(CurveFamily.POW2, pow2.family());
    assertEquals(FitMethod.RECIPE, pow2.method());
    assertEquals(0.6445642, pow2.params().get("a"), 5e-8);
    assertEquals(0.048097413, pow2.params().get("b"), 5e-10);
    assertEquals(0.95174, pow2.predictions().get(0).accuracy(), 5e-6);
    assertEquals(0.016099, pow2.mae(), 5e-7);
    assertEquals(2.8007e-4, pow2.mse(), 5e-9);
  }

  @Test
  void leastSquaresPow2FindsTheTrueOptimum() {
    FitOptions o =
        FitOptions.defaults()
            .withFamilies(List.of(CurveFamily.POW2))
            .withBootstrap(0)
            .withPredict(List.of(new SampleSize(3303, false)));
    FamilyFit pow2 = new LearningCurveFitter(o).fit(Examples.recipeTable()).get(0).chosenFit();
    assertEquals(0.65261, pow2.params().get("a"), 5e-6);
    assertEquals(0.046173, pow2.params().get("b"), 5e-7);
    assertEquals(0.94871, pow2.predictions().get(0).accuracy(), 5e-6);
    assertEquals(2.7785e-4, pow2.mse(), 5e-9);
  }
}
