package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.samplesize.classes.ClassAnswer;
import org.samplesize.classes.ClassReport;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.Examples;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.Prediction;

class ClassCurvesPlotTest {
  /**
   * The per-class plot is drawn and marked at 144 dpi as the learning curve's PNG is, and the page
   * shows it at the panels' size: it was drawn at 72 dpi without a resolution chunk, blurred on
   * sharp screens and in print beside the learning curve.
   */
  @Test
  void drawnAtTheLearningCurvesResolutionAndShownAtThePanelsSize() throws Exception {
    CurveFit fit =
        new LearningCurveFitter(FitOptions.defaults().withBootstrap(0))
            .fit(Examples.recipeTable())
            .get(0);
    List<ClassAnswer> answers = List.of(answer("roses", fit), answer("tulips", fit));

    byte[] png = ClassCurvesPlot.render(answers);

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(2 * 420 * 2, image.getWidth(), "two panels of 420 chart pixels, at 144 dpi");
    assertEquals(300 * 2, image.getHeight());
    assertEquals(
        5669,
        LearningCurvePlotTest.pngPixelsPerMetre(png),
        "pHYs says 144 dpi: 144 / 0.0254 per metre");
    assertEquals(840, ChartImages.cssWidth(png));

    StringBuilder html = new StringBuilder();
    PerClassSection.write(
        html, new ClassReport("results.csv", null, 0.9, answers, List.of(), null), png);
    assertTrue(html.toString().contains("style=\"max-width:100%\" width=\"840\""), html.toString());
  }

  private static ClassAnswer answer(String name, CurveFit fit) {
    Prediction recall = new Prediction(577, 0.85, 0.8, 0.9);
    return new ClassAnswer(
        "head",
        name,
        577,
        ClassAnswer.FROM_TRAINING_SET,
        0.5,
        289,
        0.81,
        0.88,
        recall,
        null,
        fit,
        null,
        recall);
  }
}
