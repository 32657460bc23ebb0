package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.classes.ClassReport;
import org.samplesize.classes.LabellingPlan;
import org.samplesize.fit.AnswerCalibration;
import org.samplesize.fit.CurveFamily;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.Examples;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;
import org.samplesize.fit.SampleSize;

class FitJsonWriterTest {
  @TempDir Path dir;

  @Test
  void hasTheDocumentedShape() throws Exception {
    FitOptions o =
        FitOptions.defaults()
            .withFamilies(List.of(CurveFamily.values()))
            .withBootstrap(100)
            .withThreads(2)
            .withPredict(List.of(new SampleSize(3303, false)))
            .withTargets(List.of(0.95));
    List<CurveFit> fits = new LearningCurveFitter(o).fit(Examples.recipeTable());
    Path file = dir.resolve("out/fit.json");
    FitJsonWriter.write(file, fits, o, "recipe", "accuracy");
    JsonNode root = new ObjectMapper().readTree(Files.readString(file));
    assertEquals("lm", root.get("method").asText());
    assertEquals(100, root.get("bootstrap").asInt());
    assertEquals(1, root.get("curves").size());
    JsonNode c = root.get("curves").get(0);
    assertEquals("default", c.get("curve").asText());
    assertEquals(fits.get(0).chosen(), c.get("chosen").asText());
    assertEquals(4, c.get("sizes").size());
    assertEquals(fits.get(0).rule(), c.get("selection_rule").asText());
    assertTrue(c.get("llso_ineligible").get("wbl4").asText().contains("besides the largest"));
    JsonNode interval = root.get("interval");
    assertTrue(interval.get("method").asText().startsWith("percentile bootstrap"));
    assertEquals(0.9, interval.get("level").asDouble(), 0);
    assertEquals(100, interval.get("replicates").asInt());
    assertTrue(interval.get("answer").asText().startsWith("selection-bootstrap"));
    assertTrue(interval.get("family_rows").asText().startsWith("family-bootstrap"));
    // the answer: the chosen family's value with the selection-aware interval
    assertEquals("selection-bootstrap", c.get("interval").asText());
    JsonNode answer = c.get("predictions").get(0);
    assertEquals(fits.get(0).predictions().get(0).lo(), answer.get("lo").asDouble(), 0);
    assertEquals(fits.get(0).predictions().get(0).hi(), answer.get("hi").asDouble(), 0);
    assertEquals(1, c.get("targets").size());
    int chosenInReplicates = 0;
    for (JsonNode v : c.get("bootstrap_choices")) {
      chosenInReplicates += v.asInt();
    }
    assertEquals(100, chosenInReplicates);
    assertTrue(c.get("extrapolation_margin_median").asDouble() > 0);
    assertEquals(0, c.get("warnings").size());
    JsonNode families = c.get("families");
    assertEquals(CurveFamily.values().length, families.size());
    JsonNode pow2 = families.get(0);
    assertEquals("pow2", pow2.get("name").asText());
    assertEquals(0.65261, pow2.get("params").get("a").asDouble(), 5e-6);
    assertEquals(0.046173, pow2.get("params").get("b").asDouble(), 5e-7);
    for (String k : List.of("sse", "mse", "mae", "aicc", "loo_error")) {
      assertTrue(pow2.get(k).isNumber(), k);
    }
    assertTrue(pow2.get("skipped").isNull());
    JsonNode pred = pow2.get("predictions").get(0);
    assertEquals(3303, pred.get("n").asInt());
    assertEquals(0.94871, pred.get("accuracy").asDouble(), 5e-6);
    assertTrue(pred.get("lo").asDouble() < pred.get("accuracy").asDouble());
    assertTrue(pred.get("hi").asDouble() > pred.get("accuracy").asDouble());
    JsonNode target = pow2.get("targets").get(0);
    assertEquals(0.95, target.get("accuracy").asDouble(), 0);
    assertTrue(target.get("reachable").asBoolean());
    assertTrue(target.get("n").asInt() > 1651);
    assertTrue(target.has("lo") && target.has("hi"));
    // pow3 levels off below 0.95 on this table: reachable false, n null, and the reason in words
    JsonNode pow3 = families.get(1).get("targets").get(0);
    assertFalse(pow3.get("reachable").asBoolean());
    assertTrue(pow3.get("n").isNull());
    assertTrue(pow3.get("text").asText().contains("the curve levels off at 90."));
  }

  @Test
  void everyTargetTextAgreesWithItsNumbers() throws Exception {
    // On the recipe's table the chosen pow3 levels off near 0.908 < 0.95, but the answer's
    // interval (and several families' own) has a finite lower end: the text must say so.
    FitOptions o =
        FitOptions.defaults()
            .withFamilies(List.of(CurveFamily.values()))
            .withBootstrap(200)
            .withThreads(2)
            .withPredict(List.of(new SampleSize(3303, false)))
            .withTargets(List.of(0.9, 0.95, 0.999));
    List<CurveFit> fits = new LearningCurveFitter(o).fit(Examples.recipeTable());
    JsonNode c = FitJsonWriter.toJson(fits, o, "recipe", "accuracy").get("curves").get(0);
    JsonNode answer95 = c.get("targets").get(1);
    assertFalse(answer95.get("reachable").asBoolean());
    assertTrue(answer95.get("lo").isNumber(), answer95.toString());
    assertEquals(
        "not reachable by the point estimate (the curve levels off at 90.8%, below 95%); 90% interval ["
            + answer95.get("lo").asLong()
            + ", unbounded]",
        answer95.get("text").asText());
    List<JsonNode> all = new java.util.ArrayList<>();
    c.get("targets").forEach(all::add);
    c.get("families").forEach(f -> f.get("targets").forEach(all::add));
    int finiteLoUnreachable = 0;
    int infiniteLoUnreachable = 0;
    for (JsonNode t : all) {
      String text = t.get("text").asText();
      String lo = (t.get("lo_at_most").asBoolean() ? "at most " : "") + t.get("lo").asLong();
      if (t.get("reachable").asBoolean()) {
        assertTrue(text.startsWith(t.get("n").asLong() + " [" + lo + ", "), t.toString());
      } else if (t.get("lo").isNumber()) {
        finiteLoUnreachable++;
        assertTrue(text.startsWith("not reachable by the point estimate ("), t.toString());
        assertTrue(text.contains("; 90% interval [" + lo + ", "), t.toString());
      } else {
        infiniteLoUnreachable++;
        assertTrue(text.startsWith("not reachable: the curve levels off at"), t.toString());
        assertFalse(text.contains("["), t.toString());
      }
    }
    assertTrue(finiteLoUnreachable > 0, "the recipe table has such a target");
    assertTrue(infiniteLoUnreachable > 0, "0.999 is out of every replicate's reach");
    // the stdout answer line says the same
    String table = FitTable.format(fits, "accuracy");
    assertTrue(table.contains("    n for 0.95: " + answer95.get("text").asText() + "\n"), table);
  }

  /** The families the default answer leaves out of its mean are listed with the mean they miss. */
  @Test
  void familiesLeftOutOfTheMeanAreListed() {
    FitOptions o = FitOptions.defaults().withBootstrap(50).withThreads(2);
    List<CurveFit> fits = new LearningCurveFitter(o).fit(Examples.steepThenFlat(0.004));
    JsonNode left =
        FitJsonWriter.toJson(fits, o, "t", "accuracy").get("curves").get(0).get("left_out");
    assertEquals(2, left.size(), left.toString());
    assertEquals("pow2", left.get(0).get("family").asText());
    assertEquals(25, left.get(0).get("size").asDouble());
    assertEquals(0.40, left.get(0).get("measured").asDouble(), 1e-12);
    assertTrue(left.get(0).get("standard_errors").asDouble() > 30, left.toString());
    assertEquals("log2", left.get(1).get("family").asText());
    // the top-level description of the answer says the mean is less those (it named all eight)
    String answer =
        FitJsonWriter.toJson(fits, o, "t", "accuracy").get("interval").get("answer").asText();
    assertTrue(
        answer.contains(
            "wbl4) but those that contradict the measured means (each curve's" + " `left_out`)"),
        answer);
    // the recipe's table leaves none out
    List<CurveFit> recipe = new LearningCurveFitter(o).fit(Examples.recipeTable());
    JsonNode none =
        FitJsonWriter.toJson(recipe, o, "r", "accuracy").get("curves").get(0).get("left_out");
    assertTrue(none.isArray() && none.isEmpty(), none.toString());
  }

  /**
   * fit.json did not say which family guards the default answer's interval (stdout did), and its
   * description said the guard was the one "with the smallest AICc": the families' row AICc, which
   * on this curve prefers exp3, while the guard is chosen by an AICc with each size's own noise.
   */
  @Test
  void theGuardIsNamedAndDescribedAsItIsChosen() {
    FitOptions o = FitOptions.defaults().withBootstrap(50).withThreads(2);
    List<CurveFit> fits = new LearningCurveFitter(o).fit(Examples.flowerHeadTable());
    JsonNode root = FitJsonWriter.toJson(fits, o, "flowers", "accuracy");
    JsonNode c = root.get("curves").get(0);
    assertEquals("calibrated-mean", c.get("interval").asText());
    assertTrue(c.get("guard").isTextual(), c.toString());
    assertEquals(fits.get(0).mean().guardId(), c.get("guard").asText());
    double share = c.get("guard_share").asDouble();
    assertEquals(fits.get(0).mean().guardShare(), share, 1e-12);
    assertTrue(share >= AnswerCalibration.GUARD_MIN_SHARE && share <= 1, "guard_share " + share);
    String byRowAicc = null;
    double best = Double.POSITIVE_INFINITY;
    for (JsonNode f : c.get("families")) {
      String name = f.get("name").asText();
      if (List.of("pow4", "exp3", "mmf4", "wbl4").contains(name)
          && f.get("aicc").asDouble() < best) {
        best = f.get("aicc").asDouble();
        byRowAicc = name;
      }
    }
    assertEquals("exp3", byRowAicc);
    assertNotEquals(byRowAicc, c.get("guard").asText());
    String answer = root.get("interval").get("answer").asText();
    assertFalse(answer.contains("with the smallest AICc"), answer);
    assertTrue(answer.contains("each size's own noise"), answer);
  }

  /**
   * The description said the guard's share grows with its weight "against the best of the other
   * families", which after naming the four guard families reads as the other guard families; the
   * guard is weighed against the averaged families that cannot guard, and the text names them.
   */
  @Test
  void theGuardShareIsDescribedWithTheFamiliesItIsWeighedAgainst() {
    String answer = FitJsonWriter.ANSWER_MEAN;
    String weight = answer.substring(answer.indexOf("Akaike weight"));
    for (CurveFamily f : AnswerCalibration.MEAN_FAMILIES) {
      assertEquals(
          !AnswerCalibration.GUARD_FAMILIES.contains(f),
          weight.contains(f.id()),
          f.id() + " in: " + weight);
    }
    assertFalse(weight.contains("other families"), weight);
  }

  /**
   * Without repeats the default answer is still the mean of the families, without an interval;
   * fit.json described it as "family-bootstrap: the answer is the one family's row", and stdout and
   * the plot named a guard, which only shapes an interval.
   */
  @Test
  void withoutRepeatsTheMeanIsStillTheAnswerAndNoGuardIsNamed() {
    ResultsTable.Builder b = ResultsTable.builder("single");
    for (int i = 0; i < Examples.RECIPE_SIZES.length; i++) {
      b.add(Examples.RECIPE_SIZES[i], Examples.RECIPE_ACCURACY[i][0]);
    }
    FitOptions o = FitOptions.defaults().withBootstrap(50).withThreads(2);
    List<CurveFit> fits = new LearningCurveFitter(o).fit(b.build());
    JsonNode root = FitJsonWriter.toJson(fits, o, "single", "accuracy");
    JsonNode c = root.get("curves").get(0);
    assertEquals("none", c.get("interval").asText());
    assertTrue(
        root.get("interval")
            .get("answer")
            .asText()
            .startsWith("none: the answer is the mean of the fitted curve families"),
        root.get("interval").toString());
    assertTrue(c.get("guard").isNull(), c.toString());
    String families = "mean of 8 families (pow2, pow3, pow4, exp3, log2, vap3, mmf4, wbl4)";
    String table = FitTable.format(fits, "accuracy");
    assertTrue(
        table.contains(
            "  answer: " + families + ", no intervals (--bootstrap 0, no repeats, or 2 sizes)\n"),
        table);
  }

  /**
   * On two sizes the default answer has no interval even with repeats and the bootstrap on: the
   * table's reason named only --bootstrap 0 and missing repeats, neither of which held.
   */
  @Test
  void onTwoSizesTheTableSaysWhyThereIsNoInterval() {
    ResultsTable.Builder b = ResultsTable.builder("two");
    for (int i = 0; i < 2; i++) {
      for (int r = 0; r < 2; r++) {
        b.add(Examples.RECIPE_SIZES[i], Examples.RECIPE_ACCURACY[i][r]);
      }
    }
    FitOptions o = FitOptions.defaults().withBootstrap(50).withThreads(2);
    List<CurveFit> fits = new LearningCurveFitter(o).fit(b.build());
    assertEquals(
        "none",
        FitJsonWriter.toJson(fits, o, "two", "accuracy")
            .get("curves")
            .get(0)
            .get("interval")
            .asText());
    String table = FitTable.format(fits, "accuracy");
    assertTrue(table.contains(", no intervals (--bootstrap 0, no repeats, or 2 sizes)\n"), table);
  }

  /**
   * On two sizes the curve's interval is none and its ends null, while the top-level description
   * still read "calibrated-mean: ... its interval is ...", as if the answer had one. It is now true
   * of every curve: "none" when no curve has an interval, and the curves without one named when
   * only some have none.
   */
  @Test
  void theTopLevelDescriptionIsTrueOfEveryCurve() {
    FitOptions o = FitOptions.defaults().withBootstrap(20).withThreads(2);
    ResultsTable.Builder two = ResultsTable.builder("two");
    ResultsTable.Builder both = ResultsTable.builder("both");
    for (int i = 0; i < Examples.RECIPE_SIZES.length; i++) {
      for (int r = 0; r < 2; r++) {
        double size = Examples.RECIPE_SIZES[i];
        double value = Examples.RECIPE_ACCURACY[i][r];
        both.add("long", size, value, 0);
        if (i < 2) {
          two.add(size, value);
          both.add("short", size, value, 0);
        }
      }
    }
    JsonNode a =
        FitJsonWriter.toJson(new LearningCurveFitter(o).fit(two.build()), o, "two", "accuracy");
    assertEquals("none", a.get("curves").get(0).get("interval").asText());
    assertTrue(a.get("curves").get(0).get("predictions").get(0).get("lo").isNull());
    JsonNode ai = a.get("interval");
    assertTrue(
        ai.get("answer").asText().startsWith("none: the answer is the mean of the fitted curve"),
        ai.toString());
    assertTrue(ai.get("answer").asText().endsWith(CurveFit.NO_INTERVAL_WHY), ai.toString());
    assertEquals("none: the family rows have no interval either", ai.get("family_rows").asText());
    assertEquals("[\"default\"]", ai.get("no_interval").toString());

    JsonNode m =
        FitJsonWriter.toJson(new LearningCurveFitter(o).fit(both.build()), o, "both", "accuracy");
    JsonNode curves = m.get("curves");
    assertEquals("short", curves.get(1).get("curve").asText(), curves.toString());
    assertEquals("none", curves.get(1).get("interval").asText());
    assertEquals("calibrated-mean", curves.get(0).get("interval").asText());
    JsonNode mi = m.get("interval");
    String answer = mi.get("answer").asText();
    assertTrue(answer.startsWith(FitJsonWriter.ANSWER_MEAN), answer);
    assertTrue(
        answer.endsWith(
            "; the curves named in `no_interval` have the same answer without an interval: "
                + CurveFit.NO_INTERVAL_WHY
                + " (each curve's warnings say which is missing)"),
        answer);
    assertTrue(mi.get("family_rows").asText().contains("`no_interval`"), mi.toString());
    assertEquals("[\"short\"]", mi.get("no_interval").toString());

    // every curve with an interval: the description alone, and no_interval empty
    JsonNode r =
        FitJsonWriter.toJson(
            new LearningCurveFitter(o).fit(Examples.recipeTable()), o, "recipe", "accuracy");
    assertEquals(FitJsonWriter.ANSWER_MEAN, r.get("interval").get("answer").asText());
    assertEquals(FitJsonWriter.FAMILY_ROWS, r.get("interval").get("family_rows").asText());
    assertEquals(0, r.get("interval").get("no_interval").size());
  }

  @Test
  void theIntervalDescriptionFollowsWhatWasDone() {
    FitOptions one =
        FitOptions.defaults()
            .withFamilies(List.of(CurveFamily.POW3))
            .withBootstrap(20)
            .withPredict(List.of(new SampleSize(3303, false)));
    JsonNode a =
        FitJsonWriter.toJson(
            new LearningCurveFitter(one).fit(Examples.recipeTable()), one, "recipe", "accuracy");
    assertTrue(a.get("interval").get("answer").asText().startsWith("family-bootstrap"));
    assertEquals("family-bootstrap", a.get("curves").get(0).get("interval").asText());
    FitOptions none = FitOptions.defaults().withBootstrap(0);
    JsonNode b =
        FitJsonWriter.toJson(
            new LearningCurveFitter(none).fit(Examples.recipeTable()), none, "recipe", "accuracy");
    assertTrue(b.get("interval").get("answer") == null, "no intervals, no answer method");
    assertEquals("[\"default\"]", b.get("interval").get("no_interval").toString());
    assertEquals("none", b.get("curves").get(0).get("interval").asText());
  }

  @Test
  void theDefaultAnswerSaysHowItsGuardIsChosen() {
    FitOptions auto = FitOptions.defaults().withBootstrap(20);
    JsonNode j =
        FitJsonWriter.toJson(
            new LearningCurveFitter(auto).fit(Examples.recipeTable()), auto, "recipe", "accuracy");
    String answer = j.get("interval").get("answer").asText();
    assertTrue(answer.startsWith("calibrated-mean"), answer);
    // the guard is chosen by the size means with each size's own noise (GuardChoice), not by
    // the family rows' AICc
    assertFalse(answer.contains("smallest AICc"), answer);
    assertTrue(answer.contains("each size's own noise"), answer);
  }

  private static JsonNode planJson(LabellingPlan plan) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    FitJsonWriter.addPerClass(
        root, new ClassReport("results.csv", null, 0.9, List.of(), List.of(plan), null));
    return root.get("labelling_plans").get(0);
  }

  @Test
  void aPlanWithoutATotalWritesNullNotMinusOneImages() {
    List<String> classes = List.of("a", "b");
    List<Long> have = List.of(10L, 20L);
    // Not reachable by the point curves, nor at either end.
    JsonNode unreachable =
        planJson(
            new LabellingPlan(
                "head",
                0.95,
                classes,
                have,
                List.of(),
                0.7,
                Double.NaN,
                false,
                0.8,
                -1,
                -1,
                List.of(),
                List.of(),
                0.9,
                null));
    // No plan at all: a class without a curve.
    JsonNode missing =
        planJson(
            new LabellingPlan(
                "head",
                0.95,
                classes,
                have,
                List.of(),
                Double.NaN,
                Double.NaN,
                false,
                Double.NaN,
                -1,
                -1,
                List.of(),
                List.of(),
                0.9,
                "class 'a' has no curve: no test image"));
    for (JsonNode p : List.of(unreachable, missing)) {
      for (String key : List.of("total_add", "total_lo", "total_hi")) {
        assertTrue(p.get(key).isNull(), key + " in " + p);
      }
    }
    // Reachable, upper end unbounded: the numbers there are, null only for the unbounded end.
    JsonNode reachable =
        planJson(
            new LabellingPlan(
                "head",
                0.95,
                classes,
                have,
                List.of(5L, 0L),
                0.9,
                0.95,
                true,
                Double.NaN,
                2,
                -1,
                List.of(2L, 0L),
                List.of(),
                0.9,
                null));
    assertEquals(5, reachable.get("total_add").asLong());
    assertEquals(2, reachable.get("total_lo").asLong());
    assertTrue(reachable.get("total_hi").isNull());
  }
}
