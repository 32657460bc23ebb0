package org.samplesize.classes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.samplesize.fit.FitOptions;

/** Per-class curves and the labelling plan on constructed tables. */
public class ClassCurvesTest {

  /** Recall of the steep class: 0.98 - 0.9 n^-0.5 (reaches 0.9 at n = (0.9/0.08)^2 = 126.6). */
  static double steep(double n) {
    return 0.98 - 0.9 / Math.sqrt(n);
  }

  /**
   * Two classes, 4 fractions x 5 repeats of 400 images each: "steep" rises as {@link #steep},
   * "flat" sits at 0.70 whatever its size.
   */
  static ClassTable table(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<ClassTable.Row> rows = new ArrayList<>();
    long line = 2;
    for (double f : new double[] {0.05, 0.1, 0.25, 0.5}) {
      int n = (int) Math.round(400 * f);
      for (int r = 0; r < 5; r++) {
        double s = steep(n) + 0.004 * (rnd.nextDouble() - 0.5);
        double flat = 0.70 + 0.004 * (rnd.nextDouble() - 0.5);
        rows.add(
            new ClassTable.Row(
                "head",
                f,
                line++,
                new int[] {n, n},
                new int[] {100, 100},
                new double[] {s, flat},
                new double[] {0.8, 0.8}));
      }
    }
    return new ClassTable("constructed", List.of("steep", "flat"), rows, null);
  }

  static FitOptions options() {
    return FitOptions.defaults().withBootstrap(200).withThreads(1);
  }

  @Test
  void aSteepClassGetsItsSizeAndAFlatOneIsNotReachableAndComesFirst() {
    ClassReport r =
        ClassCurves.analyse(table(1), options(), 0.9, List.of(), Map.of("steep", 400, "flat", 400));
    assertTrue(r.present());
    List<ClassAnswer> a = r.answers("head");
    assertEquals(2, a.size());
    ClassAnswer flat = a.get(0);
    ClassAnswer steep = a.get(1);
    assertEquals("flat", flat.className(), "the class that cannot reach the target comes first");
    assertFalse(flat.target().reachable());
    // The default answer is the mean of the families; those without a ceiling (pow2, log2) fitted
    // to noise still drift up a little by 10^9 images, so the level reads slightly above 0.70.
    assertEquals(0.70, flat.target().levelsOffAt(), 0.02);
    assertTrue(Double.isInfinite(flat.moreNeeded()));
    assertTrue(steep.target().reachable());
    // The truth is 126.6: the fit of nearly noise-free pow-shaped data lands close.
    assertEquals(127, steep.target().n(), 8);
    assertEquals(0, steep.moreNeeded(), "400 images are more than the 127 needed");
    assertEquals(steep(400), steep.atAll().accuracy(), 0.01);
    // Precision is constant at 0.8 in the table: its curve is flat there.
    assertEquals(0.8, steep.precisionAtAll().accuracy(), 0.01);
    assertEquals(0.8, flat.precisionAtAll().accuracy(), 0.01);
    assertTrue(
        steep.precisionAtAll().lo() <= 0.8 + 1e-6 && 0.8 - 1e-6 <= steep.precisionAtAll().hi());
    assertEquals(0.5, steep.share(), 1e-12);
    assertEquals(ClassAnswer.FROM_TRAINING_SET, steep.imagesFrom());
    String line = ClassCurves.mostNeededLine(r, "head");
    assertTrue(
        line.contains("'flat' is not expected to reach 90% recall by more images alone"), line);
    assertTrue(line.matches(".*levels off at 7[01]\\.[0-9]%.*"), line);
  }

  /**
   * A class's size far beyond its largest measured one: the line read "about 7,460 of its own" for
   * a class measured up to 49 images beside only the caution about its few test images; the overall
   * answer and the labelling plan say how far beyond the data a figure is, and so does this line
   * now.
   */
  @Test
  void aClassSizeFarBeyondItsLargestMeasuredOneSaysSo() {
    List<ClassTable.Row> rows = new ArrayList<>();
    long line = 2;
    for (ClassTable.Row r : table(1).rows()) {
      rows.add(
          new ClassTable.Row(
              r.curve(),
              r.fraction(),
              line++,
              r.trainCount(),
              r.testCount(),
              new double[] {r.recall()[0], r.recall()[0]},
              r.precision()));
    }
    ClassTable t = new ClassTable("constructed", List.of("steep", "twin"), rows, null);
    ClassReport r =
        ClassCurves.analyse(t, options(), 0.97, List.of(), Map.of("steep", 400, "twin", 400));
    String text = ClassCurves.mostNeededLine(r, "head");
    // 0.97 is reached at (0.9 / 0.01)^2 = 8,100 images, about 40 times the largest size, 200.
    assertTrue(text.contains("needs the most images"), text);
    assertTrue(
        text.matches(
            ".* That is [34][0-9] times its largest measured size \\(200\\), beyond the 8 times the"
                + " intervals were checked on real curves: a rough guide\\..*"),
        text);
    // Within 8 times, nothing is added.
    ClassReport near =
        ClassCurves.analyse(t, options(), 0.9, List.of(), Map.of("steep", 100, "twin", 100));
    assertFalse(ClassCurves.mostNeededLine(near, "head").contains("times its largest"));
  }

  private static ClassAnswer answered(
      org.samplesize.fit.Prediction atAll, org.samplesize.fit.TargetEstimate target) {
    return new ClassAnswer(
        "head",
        "tulips",
        719,
        ClassAnswer.FROM_TRAINING_SET,
        0.218,
        359,
        0.9,
        0.81,
        atAll,
        target,
        null,
        null,
        atAll);
  }

  /**
   * On two sizes the per-class curves are pow2 and log2, which keep rising: tf_flowers' plan for
   * 90% at 165 and 330 images read "nothing to add: the per-class curves expect 98.8% overall",
   * where four sizes expect 91.8%, with no word of it.
   */
  @Test
  void aPlanFromTwoSizesSaysItsFiguresAreOptimistic() {
    String note =
        " The per-class curves come from 2 sizes and keep rising: read the accuracies they expect"
            + " as upper figures and the images to add as lower ones.";
    List<ClassTable.Row> two =
        table(1).rows().stream().filter(row -> row.fraction() <= 0.1).toList();
    ClassReport r =
        ClassCurves.analyse(
            new ClassTable("constructed", List.of("steep", "flat"), two, null),
            options(),
            0.75,
            List.of(0.75),
            Map.of("steep", 400, "flat", 400));
    ClassAnswer steep =
        r.answers("head").stream().filter(a -> a.className().equals("steep")).findFirst().get();
    assertTrue(steep.fit().risingOnly());
    String plan = ClassCurves.planLine(r, r.plans().get(0));
    assertTrue(plan.endsWith(note), plan);
    assertEquals("only 2 sizes", steep.cautionLabel());
    // fit.json: the class's target read "376" where its own fit's read "more than 376: ...".
    com.fasterxml.jackson.databind.node.ObjectNode root =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    ClassReport high =
        ClassCurves.analyse(
            new ClassTable("constructed", List.of("steep", "flat"), two, null),
            options(),
            0.95,
            List.of(0.95),
            Map.of("steep", 400, "flat", 400));
    org.samplesize.report.FitJsonWriter.addPerClass(root, high);
    com.fasterxml.jackson.databind.JsonNode steepJson = null;
    for (com.fasterxml.jackson.databind.JsonNode c : root.get("per_class").get("classes")) {
      steepJson = c.get("class").asText().equals("steep") ? c : steepJson;
    }
    String text = steepJson.get("target").get("text").asText();
    assertTrue(text.startsWith("more than "), text);
    assertEquals(steepJson.get("fit").get("targets").get(0).get("text").asText(), text);
    ClassReport four =
        ClassCurves.analyse(
            table(1), options(), 0.75, List.of(0.75), Map.of("steep", 400, "flat", 400));
    assertFalse(ClassCurves.planLine(four, four.plans().get(0)).contains("2 sizes"));
  }

  /**
   * A plan that takes a class far beyond the images it was measured with says so, as the overall
   * answer warns beyond 8 times its largest size: a plan for 88% on Fashion-MNIST added 12,400,000
   * images to classes measured up to about 300 each without a word. Here "steep" (measured up to
   * 200) needs several thousand for the 0.97 recall an overall 83.5% asks of it.
   */
  @Test
  void aPlanFarBeyondTheMeasuredSizesSaysSo() {
    ClassReport r =
        ClassCurves.analyse(
            table(1), options(), 0.835, List.of(0.835), Map.of("steep", 400, "flat", 400));
    String plan = ClassCurves.planLine(r, r.plans().get(0));
    assertTrue(
        plan.matches(
            ".* 'steep' would then have [0-9]+ times its largest measured size, beyond the 8 times"
                + " the intervals were checked on real curves: read the plan as a rough guide\\."),
        plan);
    ClassReport near =
        ClassCurves.analyse(
            table(1), options(), 0.80, List.of(0.80), Map.of("steep", 400, "flat", 400));
    assertFalse(ClassCurves.planLine(near, near.plans().get(0)).contains("rough guide"));
  }

  /** A target in the per-class and plan lines read 100.0% for 0.9995: another number. */
  @Test
  void perClassAndPlanLinesNameTheTargetWithTheDigitsGiven() {
    ClassReport r =
        ClassCurves.analyse(
            table(3), options(), 0.9995, List.of(0.9995), Map.of("steep", 50, "flat", 400));
    String line = ClassCurves.mostNeededLine(r, "head");
    assertTrue(line.contains("reach 99.95% recall"), line);
    assertFalse(line.contains("100.0%"), line);
    String plan = ClassCurves.planLine(r.plans().get(0));
    assertTrue(plan.startsWith("Labelling plan for 99.95% accuracy: "), plan);
    assertTrue(plan.contains("below 99.95%"), plan);
  }

  /** The per-class line prints its interval as every other text does: its ends rounded outwards. */
  @Test
  void aClassNeverRecognisedAtAnySizeIsSaidToBeSoNotToLevelOffAtZero() {
    // "steep" as in table(1); "never": recall 0 at every size, as a class of 15 images among
    // hundreds of another gets
    List<ClassTable.Row> rows = new ArrayList<>();
    for (ClassTable.Row r : table(1).rows()) {
      rows.add(
          new ClassTable.Row(
              r.curve(),
              r.fraction(),
              r.line(),
              r.trainCount(),
              r.testCount(),
              new double[] {r.recall()[0], 0.0},
              new double[] {r.precision()[0], 0.0}));
    }
    ClassTable t = new ClassTable("constructed", List.of("steep", "never"), rows, null);
    ClassReport r =
        ClassCurves.analyse(t, options(), 0.9, List.of(), Map.of("steep", 400, "never", 400));
    ClassAnswer never =
        r.answers("head").stream().filter(a -> a.className().equals("never")).findFirst().get();
    assertNotNull(never.fit(), "the class is fitted");
    assertTrue(never.neverRecognised());
    String line = ClassCurves.mostNeededLine(r, "head");
    assertEquals(
        "Per class: 'never' was never recognised: its recall was 0 at every measured size (up to"
            + " 200 of its training images), so its curve cannot say how many images it needs;"
            + " add images of it (it has 400 training images).",
        line);
    assertFalse(
        r.answers("head").stream()
            .filter(a -> a.className().equals("steep"))
            .findFirst()
            .get()
            .neverRecognised());
  }

  @Test
  void theLowestRecallLinesIntervalRoundsOutwards() {
    ClassAnswer a =
        answered(new org.samplesize.fit.Prediction(719, 0.8994, 0.87759, 0.91741), null);
    ClassReport r = new ClassReport("results.csv", null, 0.9, List.of(a), List.of(), null);
    assertEquals(
        "Per class: 'tulips' has the lowest expected recall with all its 719 images: 89.9% (90%"
            + " interval 87.7–91.8%).",
        ClassCurves.mostNeededLine(r, "head"));
  }

  /**
   * The per-class line without an interval names the same causes as the overall answer: it said "no
   * interval without the bootstrap" on a run of two sizes, whose bootstrap was on (1000).
   */
  @Test
  void theLowestRecallLineWithoutAnIntervalNamesEveryCause() {
    ClassAnswer a =
        answered(new org.samplesize.fit.Prediction(719, 0.954, Double.NaN, Double.NaN), null);
    ClassReport r = new ClassReport("results.csv", null, 0.9, List.of(a), List.of(), null);
    assertEquals(
        "Per class: 'tulips' has the lowest expected recall with all its 719 images: 95.4% (no"
            + " interval: intervals need --bootstrap above 0, repeats at some size and, for the default answer, 3 sizes or"
            + " more).",
        ClassCurves.mostNeededLine(r, "head"));
  }

  /** A lower end at the class's smallest measured size reads "at most" that size. */
  @Test
  void aLowerEndAtTheSmallestSizeReadsAtMost() {
    ClassAnswer a =
        answered(
            new org.samplesize.fit.Prediction(719, 0.8994, 0.87759, 0.91741),
            new org.samplesize.fit.TargetEstimate(
                0.86, 1200, 36, Double.POSITIVE_INFINITY, true, Double.NaN, true));
    ClassReport r = new ClassReport("results.csv", 0.86, 0.9, List.of(a), List.of(), null);
    assertTrue(
        ClassCurves.mostNeededLine(r, "head").endsWith("; 90% interval at most 36 to unbounded)."),
        ClassCurves.mostNeededLine(r, "head"));
  }

  @Test
  void whenEveryClassHasTheImagesItNeedsTheLineSaysSoInsteadOfNamingOneAsNeedingMore() {
    ClassReport r =
        ClassCurves.analyse(
            table(1), options(), 0.6, List.of(), Map.of("steep", 4000, "flat", 4000));
    String line = ClassCurves.mostNeededLine(r, "head");
    assertTrue(
        line.startsWith("Per class: every class is expected to reach 60% recall with the images"),
        line);
    assertTrue(line.contains("it has 4,000 training images"), line);
  }

  /**
   * tf_flowers with --target 0.5: every class has what it needs; tulips (lowest recall with all its
   * images, 88.3%) needs 4 of its images and roses (89.0%) 32. The line said "'tulips' needs the
   * most: about 4".
   */
  @Test
  void whenEveryClassHasWhatItNeedsTheOneNeedingTheMostImagesIsNamed() {
    ClassAnswer tulips =
        klass(
            "tulips",
            719,
            new org.samplesize.fit.Prediction(719, 0.883, 0.81, 0.948),
            new org.samplesize.fit.TargetEstimate(0.5, 4, 4, 36, true, Double.NaN, false));
    ClassAnswer roses =
        klass(
            "roses",
            577,
            new org.samplesize.fit.Prediction(577, 0.890, 0.61, 1.0),
            new org.samplesize.fit.TargetEstimate(0.5, 32, 29, 146, true, Double.NaN, true));
    List<ClassAnswer> sorted = ClassCurves.byNeed(List.of(tulips, roses));
    assertEquals("roses", sorted.get(0).className());
    ClassReport r = new ClassReport("results.csv", 0.5, 0.9, sorted, List.of(), null);
    String line = ClassCurves.mostNeededLine(r, "head");
    assertTrue(line.contains("'roses' needs the most: about 32 of its own"), line);
  }

  private static ClassAnswer klass(
      String name,
      long images,
      org.samplesize.fit.Prediction atAll,
      org.samplesize.fit.TargetEstimate target) {
    return new ClassAnswer(
        "head",
        name,
        images,
        ClassAnswer.FROM_TRAINING_SET,
        0.2,
        images / 2.0,
        0.9,
        0.9,
        atAll,
        target,
        null,
        null,
        atAll);
  }

  @Test
  void aClassNoModelWasTrainedOnIsNamedInsteadOfCountedAsReachingTheTarget() {
    // "steep" and "flat" as in table(1), and "absent": no training image in any model, recall 0
    List<ClassTable.Row> rows = new ArrayList<>();
    for (ClassTable.Row r : table(1).rows()) {
      rows.add(
          new ClassTable.Row(
              r.curve(),
              r.fraction(),
              r.line(),
              new int[] {r.trainCount()[0], r.trainCount()[1], 0},
              new int[] {100, 100, 100},
              new double[] {r.recall()[0], r.recall()[1], 0},
              new double[] {0.8, 0.8, 0}));
    }
    ClassTable t = new ClassTable("constructed", List.of("steep", "flat", "absent"), rows, null);
    ClassReport r =
        ClassCurves.analyse(
            t, options(), 0.6, List.of(), Map.of("steep", 4000, "flat", 4000, "absent", 0));
    String line = ClassCurves.mostNeededLine(r, "head");
    // it said "every class is expected to reach 60% recall with the images it has" and no word of
    // 'absent', whose recall is 0
    assertFalse(line.contains("every class is expected"), line);
    assertTrue(
        line.startsWith(
            "Per class: every class with a curve is expected to reach 60% recall with the images"),
        line);
    assertTrue(
        line.endsWith(" 'absent' has no curve: no model was trained on an image of this class."),
        line);
  }

  /**
   * A class the split left out of the test set (tf_flowers' roses cut to 15 images, --split
   * recipe): its recall is 0 of 0, written as 0, and its curve said "'roses' needs the most images:
   * its recall curve levels off at 0.0%". It has no curve now, and weighs nothing in the labelling
   * plan.
   */
  @Test
  void aClassWithoutTestImagesHasNoCurveAndDoesNotStopThePlan() {
    List<ClassTable.Row> rows = new ArrayList<>();
    for (ClassTable.Row r : table(1).rows()) {
      int n = r.trainCount()[0];
      rows.add(
          new ClassTable.Row(
              r.curve(),
              r.fraction(),
              r.line(),
              new int[] {n, r.trainCount()[1], Math.max(1, n / 20)},
              new int[] {100, 100, 0},
              new double[] {r.recall()[0], r.recall()[1], 0},
              new double[] {0.8, 0.8, 0}));
    }
    ClassTable t = new ClassTable("constructed", List.of("steep", "flat", "untested"), rows, null);
    ClassReport r =
        ClassCurves.analyse(
            t, options(), 0.9, List.of(0.8), Map.of("steep", 400, "flat", 400, "untested", 20));
    ClassAnswer untested =
        r.answers("head").stream()
            .filter(a -> a.className().equals("untested"))
            .findFirst()
            .orElseThrow();
    assertNotNull(untested.notFitted());
    assertTrue(
        untested.notFitted().startsWith("no test image of this class"), untested.notFitted());
    String line = ClassCurves.mostNeededLine(r, "head");
    assertTrue(line.startsWith("Per class: 'flat' is not expected to reach 90%"), line);
    assertTrue(line.endsWith("'untested' has no curve: " + untested.notFitted() + "."), line);
    LabellingPlan plan = r.plans().get(0);
    assertEquals(null, plan.missing(), plan.toString());
  }

  /** A tf_flowers row (its test counts); {@link #numbered} gives it its line. */
  private static ClassTable.Row flowerRow(
      double fraction, int[] train, double[] recall, double[] precision) {
    return new ClassTable.Row(
        "head", fraction, 0, train, new int[] {63, 90, 64, 70, 80}, recall, precision);
  }

  /** The rows with the lines they would have in a table: 2, 3, ... below the header. */
  private static List<ClassTable.Row> numbered(List<ClassTable.Row> rows) {
    List<ClassTable.Row> out = new ArrayList<>();
    for (ClassTable.Row r : rows) {
      out.add(
          new ClassTable.Row(
              r.curve(),
              r.fraction(),
              out.size() + 2,
              r.trainCount(),
              r.testCount(),
              r.recall(),
              r.precision()));
    }
    return out;
  }

  /**
   * tf_flowers, 4 fractions x 2 repeats, --level 0.5 --target 0.95: the plan from the classes'
   * upper ends needed more images than the plan from their curves, and the line read "add about
   * 31,383 training images (50% interval 146,012 to unbounded)". The interval holds its point, as
   * every other interval does. (Since the plan reads each class's answer, the mean of the families,
   * 95% is out of reach on these rows; 93% is within it.)
   */
  @Test
  void theLabellingPlansIntervalHoldsItsPoint() {
    List<ClassTable.Row> rows =
        numbered(
            List.of(
                flowerRow(
                    0.05,
                    new int[] {29, 40, 29, 31, 36},
                    new double[] {0.793651, 0.800000, 0.625000, 0.714286, 0.875000},
                    new double[] {0.806452, 0.935065, 0.769231, 0.862069, 0.593220}),
                flowerRow(
                    0.05,
                    new int[] {29, 40, 29, 31, 36},
                    new double[] {0.714286, 0.866667, 0.359375, 0.685714, 0.875000},
                    new double[] {0.775862, 0.829787, 0.676471, 0.738462, 0.603448}),
                flowerRow(
                    0.1,
                    new int[] {57, 81, 57, 63, 72},
                    new double[] {0.825397, 0.900000, 0.593750, 0.828571, 0.912500},
                    new double[] {0.896552, 0.861702, 0.904762, 0.920635, 0.663636}),
                flowerRow(
                    0.1,
                    new int[] {57, 81, 57, 63, 72},
                    new double[] {0.777778, 0.877778, 0.578125, 0.757143, 0.912500},
                    new double[] {0.890909, 0.806122, 0.787234, 0.913793, 0.669725}),
                flowerRow(
                    0.25,
                    new int[] {142, 202, 144, 157, 180},
                    new double[] {0.857143, 0.888889, 0.703125, 0.914286, 0.912500},
                    new double[] {0.947368, 0.898876, 0.900000, 0.831169, 0.776596}),
                flowerRow(
                    0.25,
                    new int[] {142, 202, 144, 157, 180},
                    new double[] {0.857143, 0.922222, 0.890625, 0.942857, 0.825000},
                    new double[] {0.964286, 0.882979, 0.838235, 0.891892, 0.880000}),
                flowerRow(
                    0.5,
                    new int[] {285, 404, 289, 314, 359},
                    new double[] {0.920635, 0.911111, 0.890625, 0.957143, 0.875000},
                    new double[] {0.950820, 0.953488, 0.863636, 0.905405, 0.875000}),
                flowerRow(
                    0.5,
                    new int[] {285, 404, 289, 314, 359},
                    new double[] {0.952381, 0.911111, 0.765625, 0.957143, 0.900000},
                    new double[] {0.952381, 0.964706, 0.890909, 0.917808, 0.791209})));
    ClassTable t =
        new ClassTable(
            "flowers", List.of("daisy", "dandelion", "roses", "sunflowers", "tulips"), rows, null);
    ClassReport r =
        ClassCurves.analyse(
            t,
            options().withLevel(0.5),
            0.9,
            List.of(0.93),
            Map.of("daisy", 570, "dandelion", 808, "roses", 577, "sunflowers", 629, "tulips", 719));
    LabellingPlan plan = r.plans().get(0);
    assertTrue(plan.reachable(), plan.toString());
    assertTrue(plan.totalLo() >= 0 && plan.totalLo() <= plan.total(), plan.toString());
    assertTrue(plan.totalHi() < 0 || plan.totalHi() >= plan.total(), plan.toString());
  }

  @Test
  void withoutTheTrainingSetTheImagesAreEstimatedFromTheLargestFraction() {
    ClassReport r = ClassCurves.analyse(table(2), options(), null, List.of(), null);
    ClassAnswer a = r.answers("head").get(0);
    assertEquals(400, a.images());
    assertEquals(ClassAnswer.FROM_FRACTION, a.imagesFrom());
    assertEquals(null, a.target());
    // Without a target recall: the lowest expected recall first.
    assertEquals("flat", a.className());
    // fit estimated the count (the mean count at the largest fraction over the fraction): the
    // line says so, rather than stating a count the table does not hold.
    String line = ClassCurves.mostNeededLine(r, "head");
    assertTrue(
        line.startsWith(
            "Per class: 'flat' has the lowest expected recall with all its images"
                + " (about 400): "),
        line);
    ClassReport withTarget = ClassCurves.analyse(table(2), options(), 0.5, List.of(), null);
    String needs = ClassCurves.mostNeededLine(withTarget, "head");
    assertTrue(needs.contains("it has about 400 training images"), needs);
  }

  @Test
  void aClassThatLevelsOffBelowTheTargetGivesTheUpperEndThatReachesIt() {
    // fit.json's text says "90% interval [530, unbounded]": the stdout line must not say "not
    // expected to reach" alone, as the overall answer does not.
    ClassAnswer a =
        answered(
            new org.samplesize.fit.Prediction(719, 0.8789, 0.80, 0.95),
            new org.samplesize.fit.TargetEstimate(
                0.95, Double.NaN, 530, Double.POSITIVE_INFINITY, false, 0.879));
    ClassReport r = new ClassReport("results.csv", null, 0.9, List.of(a), List.of(), null);
    assertEquals(
        "Per class: 'tulips' is not expected to reach 95% recall by more images alone: its recall"
            + " curve levels off at 87.9%, below 95%, though the upper end of its 90% interval"
            + " reaches 95% at about 530 images (it has 719 training images).",
        ClassCurves.mostNeededLine(r, "head"));
  }

  @Test
  void sizesInTheLineAreRoundedAsTheOverallSentencesRoundThem() {
    // A sentence rounds 1843 (1201–3310) as the overall answer does, "about 1,840 ... interval
    // 1,200 to 3,310"; the report's table shows the numbers themselves.
    ClassAnswer a =
        answered(
            new org.samplesize.fit.Prediction(719, 0.8789, 0.80, 0.95),
            new org.samplesize.fit.TargetEstimate(0.95, 1843, 1201, 3301, true, Double.NaN));
    ClassReport r = new ClassReport("results.csv", null, 0.9, List.of(a), List.of(), null);
    String line = ClassCurves.mostNeededLine(r, "head");
    assertTrue(line.contains("about 1,840 of its own"), line);
    assertTrue(line.contains("90% interval 1,200 to 3,310"), line);
    // not reachable, its interval's lower end: rounded down as the table's
    ClassAnswer b =
        answered(
            new org.samplesize.fit.Prediction(719, 0.8789, 0.80, 0.95),
            new org.samplesize.fit.TargetEstimate(
                0.95, Double.NaN, 599574, Double.POSITIVE_INFINITY, false, 0.815));
    String far =
        ClassCurves.mostNeededLine(
            new ClassReport("results.csv", null, 0.9, List.of(b), List.of(), null), "head");
    assertTrue(far.contains("reaches 95% at about 599,000 images"), far);
  }

  /**
   * A class whose recall fell (20% at 1 image, 0% at 2 and 5): its line said "its recall curve
   * levels off at 20.0%" while the same output said its expected recall with all its 11 images was
   * 0.0%. Its curve's highest value is not where it levels off.
   */
  /**
   * Two classes, 3 fractions x 5 repeats: "tulips" (1 test image) read 100% once at 1 image and 0%
   * at every other model, 2 and 5 images; "roses" (12 test images) rises slowly.
   */
  public static ClassReport fellAnalysed() {
    return fellAnalysed(options());
  }

  /** {@link #fellAnalysed()} fitted with {@code o}. */
  static ClassReport fellAnalysed(FitOptions o) {
    List<ClassTable.Row> rows = new ArrayList<>();
    long line = 2;
    double[] fractions = {0.1, 0.2, 0.5};
    int[] counts = {1, 2, 5};
    for (int f = 0; f < fractions.length; f++) {
      for (int r = 0; r < 5; r++) {
        double fell = f == 0 && r == 0 ? 1 : 0;
        rows.add(
            new ClassTable.Row(
                "head",
                fractions[f],
                line++,
                new int[] {counts[f], 4 * counts[f]},
                new int[] {1, 12},
                new double[] {fell, 0.5 + 0.05 * f + 0.01 * r},
                new double[] {0.5, 0.8}));
      }
    }
    ClassTable table = new ClassTable("constructed", List.of("tulips", "roses"), rows, null);
    return ClassCurves.analyse(table, o, 0.9, List.of(), Map.of("tulips", 11, "roses", 40));
  }

  @Test
  void aClassWhoseRecallFellIsNotSaidToLevelOffAtItsHighest() {
    ClassReport r = fellAnalysed();
    ClassAnswer tulips = r.answers("head").get(0);
    assertEquals("tulips", tulips.className());
    assertFalse(tulips.target().reachable());
    assertTrue(tulips.target().falls(), tulips.target().toString());
    String said = ClassCurves.mostNeededLine(r, "head");
    assertFalse(said.contains("levels off"), said);
    assertTrue(
        said.matches(
            ".*its recall curve never rises above \\d+\\.\\d%, below 90%, and reads 0\\.0% with all"
                + " its 11 images\\..*"),
        said);
    assertTrue(tulips.target().describe().startsWith("not reachable: the curve never rises"));
  }

  /**
   * A class with 1 test image read "0.0% (90% interval 0.0–0.1%)", which looked confident, and its
   * fit's warnings were in fit.json alone: the line about it says why its numbers are rough.
   */
  @Test
  void aClassWithOneTestImageIsMarkedRoughOnItsLine() {
    ClassReport r = fellAnalysed();
    ClassAnswer tulips = r.answers("head").get(0);
    assertEquals(1, tulips.testImages());
    assertFalse(tulips.fit().warnings().isEmpty());
    assertEquals(
        "1 test image, so its recall can only read 0 or 100% and its intervals leave that noise"
            + " out",
        tulips.caution());
    String said = ClassCurves.mostNeededLine(r, "head");
    assertTrue(
        said.endsWith(
            " Read 'tulips' as rough: 1 test image, so its recall can only read 0 or 100% and its"
                + " intervals leave that noise out."),
        said);
    // 12 test images: steps of 8.3 points.
    assertTrue(
        r.answers("head")
            .get(1)
            .caution()
            .startsWith("12 test images, so its recall moves in steps of 8.3 points"));
    // Unknown test images and no fit warnings: nothing to say.
    assertNull(answered(tulips.atAll(), tulips.target()).caution());
  }

  /**
   * Without intervals (--bootstrap 0, or two sizes), the words for a rough class said "its
   * intervals leave that noise out" and "read its intervals as rough" beside answers that have none
   * ("no interval: ...").
   */
  @Test
  void aRoughClassWithoutIntervalsIsNotToldOfItsIntervals() {
    ClassReport r = fellAnalysed(options().withBootstrap(0));
    ClassAnswer tulips = r.answers("head").get(0);
    assertEquals(org.samplesize.fit.CurveFit.INTERVAL_NONE, tulips.fit().interval());
    assertEquals("1 test image, so its recall can only read 0 or 100%", tulips.caution());
    assertEquals(
        "12 test images, so its recall moves in steps of 8.3 points",
        r.answers("head").get(1).caution());
    // Enough test images, but its fit has warnings: two sizes, where the answer has no interval.
    org.samplesize.fit.CurveFit two =
        new org.samplesize.fit.LearningCurveFitter(options())
            .fit(
                org.samplesize.fit.ResultsTable.builder("two")
                    .add(2, 0.5)
                    .add(2, 0.6)
                    .add(5, 0.7)
                    .add(5, 0.75)
                    .build())
            .get(0);
    assertEquals(org.samplesize.fit.CurveFit.INTERVAL_NONE, two.interval());
    assertFalse(two.warnings().isEmpty());
    // Two sizes: what matters most is that its curve keeps rising.
    assertEquals(
        "only 2 sizes, so its curve keeps rising: read its recall as an upper figure and its sizes"
            + " as lower ones",
        withFit(tulips, two).caution());
    // Three sizes without a bootstrap, falling at the largest beyond the noise: a warning.
    org.samplesize.fit.CurveFit fell =
        new org.samplesize.fit.LearningCurveFitter(options().withBootstrap(0))
            .fit(
                org.samplesize.fit.ResultsTable.builder("fell")
                    .add(2, 0.5)
                    .add(2, 0.52)
                    .add(5, 0.7)
                    .add(5, 0.72)
                    .add(10, 0.6)
                    .add(10, 0.61)
                    .build())
            .get(0);
    assertEquals(org.samplesize.fit.CurveFit.INTERVAL_NONE, fell.interval());
    assertFalse(fell.warnings().isEmpty());
    assertTrue(
        withFit(tulips, fell).caution().endsWith(": read its numbers as rough"),
        withFit(tulips, fell).caution());
    // With intervals, the words name them.
    ClassAnswer withIntervals = fellAnalysed().answers("head").get(0);
    assertTrue(
        withFit(withIntervals, withIntervals.fit())
            .caution()
            .endsWith(": read its intervals as rough"),
        withFit(withIntervals, withIntervals.fit()).caution());
  }

  /** {@code a} with {@code fit}, and 40 test images (not few). */
  private static ClassAnswer withFit(ClassAnswer a, org.samplesize.fit.CurveFit fit) {
    return new ClassAnswer(
        a.curve(),
        a.className(),
        a.images(),
        a.imagesFrom(),
        a.share(),
        a.largestSize(),
        a.measuredRecall(),
        a.measuredPrecision(),
        a.atAll(),
        a.target(),
        fit,
        a.notFitted(),
        a.precisionAtAll(),
        40);
  }

  @Test
  void aClassWhoseIntervalNeverReachesTheTargetGetsNoUpperEndSentence() {
    // No replicate reaches 95%: the lower end is infinite (fit.json "lo": null, text "not
    // reachable: ..."); the line said "reaches 95% at about 9,223,372,036,854,775,807 images".
    ClassAnswer a =
        answered(
            new org.samplesize.fit.Prediction(719, 0.8789, 0.80, 0.95),
            new org.samplesize.fit.TargetEstimate(
                0.95,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                false,
                0.879));
    ClassReport r = new ClassReport("results.csv", null, 0.9, List.of(a), List.of(), null);
    assertEquals(
        "Per class: 'tulips' is not expected to reach 95% recall by more images alone: its recall"
            + " curve levels off at 87.9%, below 95% (it has 719 training images).",
        ClassCurves.mostNeededLine(r, "head"));
  }

  @Test
  void aCountThatIsTheLargestMeasuredIsCalledSo() {
    ClassAnswer a =
        new ClassAnswer(
            "head",
            "tulips",
            359,
            ClassAnswer.FROM_LARGEST,
            0.218,
            359,
            0.9,
            0.81,
            new org.samplesize.fit.Prediction(359, 0.8994, 0.87759, 0.91741),
            null,
            null,
            null,
            null);
    ClassReport r = new ClassReport("results.csv", null, 0.9, List.of(a), List.of(), null);
    assertEquals(
        "Per class: 'tulips' has the lowest expected recall with 359 of its images (the most"
            + " measured): 89.9% (90% interval 87.7–91.8%).",
        ClassCurves.mostNeededLine(r, "head"));
  }

  @Test
  void thePlanAddsToTheSteepClassOnlyAndSaysWhenTheTargetIsOutOfReach() {
    // The steep class has 50 images (recall 0.853), the flat one 400: overall 0.777 now.
    ClassReport r =
        ClassCurves.analyse(
            table(3), options(), null, List.of(0.8, 0.9), Map.of("steep", 50, "flat", 400));
    LabellingPlan p = r.plans().get(0);
    assertTrue(p.reachable(), ClassCurves.planLine(p));
    assertEquals(0, p.add().get(1), "the flat class gains nothing from more images");
    // 0.5 * steep(n) + 0.5 * 0.70 = 0.8 at steep(n) = 0.9: n = 126.6, so about 77 more.
    assertEquals(77, p.add().get(0), 10);
    assertTrue(p.expectedAfter() >= 0.8);
    String line = ClassCurves.planLine(p);
    assertTrue(line.matches(".*: steep \\+[0-9]+, none to the other class \\(.*"), line);
    assertTrue(line.contains("(the per-class curves expect 7"), line);
    assertTrue(p.totalLo() >= 0 && p.totalLo() <= p.total(), ClassCurves.planLine(p));
    assertTrue(p.totalHi() < 0 || p.totalHi() >= p.total(), ClassCurves.planLine(p));
    LabellingPlan out = r.plans().get(1);
    assertFalse(out.reachable());
    // 0.5 * 0.98 + 0.5 * 0.70 = 0.84 at most.
    assertEquals(0.84, out.levelsOffAt(), 0.02);
    assertTrue(
        ClassCurves.planLine(out).contains("not reachable by the per-class curves"),
        ClassCurves.planLine(out));
    assertTrue(
        ClassCurves.planLine(out)
            .matches(
                ".*not reachable by the per-class curves: they expect 7[0-9]\\.[0-9]% overall with"
                    + " the images there are, and with every class at its curve's level the"
                    + " expected accuracy levels off at 8[345]\\.[0-9]%, below 9[0-9]% \\(the"
                    + " overall curve is fitted on its own and can differ\\)\\."),
        ClassCurves.planLine(out));
  }

  @Test
  void anUnreachablePlanWhoseUpperEndsReachTheTargetSaysSo() {
    // The point curves level off at 76.9%, below 80%, but the classes' upper interval ends reach
    // 80%: fit.json has total_lo, and the line must not read as a flat "not reachable".
    for (long lo : new long[] {0, 1234}) {
      LabellingPlan p =
          new LabellingPlan(
              "head",
              0.8,
              List.of("a", "b"),
              List.of(36L, 54L),
              List.of(),
              0.732,
              Double.NaN,
              false,
              0.769,
              lo,
              -1,
              List.of(lo, 0L),
              List.of(),
              0.9,
              null);
      String line = ClassCurves.planLine(p);
      assertTrue(line.contains("levels off at 76.9%, below 80%"), line);
      assertTrue(
          line.endsWith(
              "; 90% interval "
                  + (lo == 0 ? "none" : "1,230")
                  + " to unbounded: at the upper ends of their recall intervals the classes reach"
                  + " 80% "
                  + (lo == 0
                      ? "with the images there are."
                      : "with about 1,230 more training images.")),
          line);
    }
  }

  /**
   * The plan's sentence printed "add about 12,319 training images (90% interval none to unbounded)"
   * while every other sentence rounds sizes to three significant digits: its figures round as the
   * answer's do (the interval's ends outwards), fit.json keeps the exact ones.
   */
  @Test
  void aPlanRoundsItsFiguresAsTheAnswerSentencesDo() {
    LabellingPlan p =
        new LabellingPlan(
            "head",
            0.93,
            List.of("a", "b", "c"),
            List.of(300L, 300L, 300L),
            List.of(8_410L, 3_771L, 138L),
            0.914,
            0.93,
            true,
            Double.NaN,
            1_234,
            24_321,
            List.of(1_234L, 0L, 0L),
            List.of(20_000L, 4_321L, 0L),
            0.9,
            null);
    assertEquals(12_319, p.total());
    String line = ClassCurves.planLine(p);
    assertTrue(
        line.startsWith(
            "Labelling plan for 93% accuracy: add about 12,300 training images (90% interval 1,230"
                + " to 24,400): a +8,410, b +3,770, c +138 ("),
        line);
  }

  /**
   * A plan the per-class curves cannot reach gives its interval's lower end twice in one line: both
   * round it down, as the interval's ends do; rounded to nearest the second read "about 1,240"
   * beside "interval 1,230 to unbounded".
   */
  @Test
  void anUnreachablePlanGivesItsLowerEndOnceRounded() {
    LabellingPlan p =
        new LabellingPlan(
            "head",
            0.93,
            List.of("a", "b"),
            List.of(300L, 300L),
            List.of(0L, 0L),
            0.9,
            Double.NaN,
            false,
            0.91,
            1_236,
            -1,
            List.of(1_236L, 0L),
            List.of(-1L, -1L),
            0.9,
            null);
    String line = ClassCurves.planLine(p);
    assertTrue(line.contains("interval 1,230 to unbounded"), line);
    assertTrue(line.contains("reach 93% with about 1,230 more training images"), line);
  }

  /**
   * The plan counts training images; keeping the run's test share means labelling more. The line
   * says how many, from the classes' test and training images: 200 test images beside 50 + 400
   * training images are a 30.8% share.
   */
  @Test
  void aPlanSaysHowManyToLabelToKeepTheTestShare() {
    ClassReport r =
        ClassCurves.analyse(
            table(3), options(), null, List.of(0.8), Map.of("steep", 50, "flat", 400));
    LabellingPlan p = r.plans().get(0);
    assertTrue(p.total() > 0, ClassCurves.planLine(p));
    String line = ClassCurves.planLine(r, p);
    assertTrue(
        line.endsWith(
            " after); to keep the 30.8% test share, label about "
                + Math.round(p.total() * 650.0 / 450)
                + "."),
        line);
    assertFalse(ClassCurves.planLine(p).contains("test share"), ClassCurves.planLine(p));
  }

  @Test
  void aPlanWhoseIntervalStartsAtNoAdditionsSaysNone() {
    // "(90% interval 0 to unbounded)" read as a missing number: 0 is "no images need adding".
    LabellingPlan p =
        new LabellingPlan(
            "head",
            0.93,
            List.of("a", "b"),
            List.of(300L, 300L),
            List.of(500L, 100L),
            0.91,
            0.93,
            true,
            Double.NaN,
            0,
            -1,
            List.of(0L, 0L),
            List.of(),
            0.9,
            null);
    String line = ClassCurves.planLine(p);
    assertTrue(
        line.startsWith(
            "Labelling plan for 93% accuracy: add about 600 training images (90% interval none"
                + " to unbounded): a +500, b +100"),
        line);
    LabellingPlan bounded =
        new LabellingPlan(
            "head",
            0.93,
            List.of("a", "b"),
            List.of(300L, 300L),
            List.of(500L, 100L),
            0.91,
            0.93,
            true,
            Double.NaN,
            0,
            2400,
            List.of(0L, 0L),
            List.of(2000L, 400L),
            0.9,
            null);
    assertTrue(
        ClassCurves.planLine(bounded).contains("(90% interval none to 2,400)"),
        ClassCurves.planLine(bounded));
  }

  @Test
  void aTargetReachedOverallSaysItAsksNoClassToReachItAlone() {
    // Overall 0.777 now: 0.75 is reached with the images there are, though the flat class's
    // recall (0.70) stays below 0.75; the line must not read as contradicting the class line.
    ClassReport r =
        ClassCurves.analyse(
            table(3), options(), null, List.of(0.75), Map.of("steep", 50, "flat", 400));
    LabellingPlan p = r.plans().get(0);
    assertEquals(0, p.total());
    String line = ClassCurves.planLine(p);
    assertTrue(line.contains("nothing to add: the per-class curves expect 7"), line);
    assertTrue(
        line.endsWith(
            "overall with the images there are (overall accuracy weighs the classes together, so"
                + " it asks no class to reach 75% recall on its own)."),
        line);
  }

  @Test
  void aTableWithoutPerClassFiguresSaysWhy() {
    ClassReport r =
        ClassCurves.analyse(
            ClassTable.missing("old.csv", "recorded before"), options(), 0.9, List.of(0.9), null);
    assertFalse(r.present());
    assertTrue(ClassCurves.mostNeededLine(r, "head").contains("recorded before"));
  }

  /**
   * A folder of 250 / 60 / 15 images (test 25 / 6 / 1), 4 fractions x 5 repeats as run measured
   * them: the majority class's recall near 1, the middle one's mostly 0 until the largest size, the
   * smallest one's always 0. Its selection rule picks pow2 for the middle class, which reaches
   * recall 1 at its 54 images while the mean of the families, the class's answer, says about 0.68:
   * the plan read the chosen family and said "nothing to add: the per-class curves expect 96.3%"
   * beside a table whose recalls weighed by the test shares give 89%.
   */
  @Test
  void thePlanReadsTheSameCurveAsEachClasssRecallWithAllItsImages() {
    double[][] recalls = {
      {1, 1 / 6.0}, {0.92, 2 / 6.0}, {1, 0}, {0.88, 0}, {0.92, 0},
      {1, 0}, {0.72, 0}, {1, 0}, {1, 0}, {1, 0},
      {1, 0}, {0.6, 0}, {1, 2 / 6.0}, {0.88, 3 / 6.0}, {1, 0},
      {0.96, 5 / 6.0}, {1, 1 / 6.0}, {1, 5 / 6.0}, {1, 0}, {1, 5 / 6.0}
    };
    double[] fractions = {0.05, 0.1, 0.25, 0.5};
    int[][] train = {{11, 2, 1}, {22, 5, 2}, {56, 13, 4}, {112, 27, 7}};
    List<ClassTable.Row> rows = new ArrayList<>();
    for (int i = 0; i < recalls.length; i++) {
      double[] recall = {recalls[i][0], recalls[i][1], 0};
      rows.add(
          new ClassTable.Row(
              "head",
              fractions[i / 5],
              i + 2,
              train[i / 5],
              new int[] {25, 6, 1},
              recall,
              new double[] {0.8, recall[1] > 0 ? 1 : 0, 0}));
    }
    ClassTable t = new ClassTable("folder", List.of("daisy", "dandelion", "roses"), rows, null);
    ClassReport r =
        ClassCurves.analyse(
            t, options(), 0.9, List.of(0.9), Map.of("daisy", 225, "dandelion", 54, "roses", 14));
    double fromAnswers = 0;
    for (ClassAnswer a : r.answers("head")) {
      fromAnswers += a.share() * a.atAll().accuracy();
    }
    LabellingPlan plan = r.plans().get(0);
    assertEquals(fromAnswers, plan.expectedNow(), 1e-9, ClassCurves.planLine(plan));
    assertTrue(plan.total() != 0, ClassCurves.planLine(plan));
  }
}
