package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.SampleSize;

/**
 * The adaptive phase ({@code until-width}) through the orchestration with {@link FakeStages}: its
 * choices are a function of the journal, a run cut anywhere resumes to the same models and numbers,
 * and each way of stopping is said.
 */
class AdaptiveRunTest {
  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunSettings settings(Path out, Map<String, Object> extra) {
    Map<String, Object> flags = new HashMap<>(extra);
    flags.put("out", out.toString());
    flags.putIfAbsent("bootstrap", 200);
    flags.putIfAbsent("repeats", 3);
    flags.putIfAbsent("threads", 1);
    return SettingsIO.resolve(null, flags);
  }

  private static JsonNode adaptive(Path out) throws Exception {
    return JSON.readTree(out.resolve("fit.json").toFile()).path("adaptive");
  }

  private static String adaptiveText(Path out) throws Exception {
    return Files.readString(out.resolve("fit.json"));
  }

  @Test
  void numbersThatDoNotExistAreWrittenAsNull() throws Exception {
    Path file = dir.resolve("nonfinite.json");
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("inf", Double.POSITIVE_INFINITY);
    m.put("nan", Double.NaN);
    m.put("list", List.of(1.5, Double.NEGATIVE_INFINITY));
    JsonOutputs.writeJson(file, m);
    JsonNode t = JSON.readTree(file.toFile());
    assertTrue(t.get("inf").isNull(), t.toString());
    assertTrue(t.get("nan").isNull(), t.toString());
    assertEquals(1.5, t.get("list").get(0).asDouble());
    assertTrue(t.get("list").get(1).isNull(), t.toString());
  }

  // ------------------------------------------------------------------ the chooser

  private static List<AdaptiveChooser.Observation> simulated(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<AdaptiveChooser.Observation> obs = new ArrayList<>();
    double[] fractions = {0.0625, 0.125, 0.25, 0.5};
    for (double f : fractions) {
      int n = (int) (1600 * f);
      for (int r = 0; r < 3; r++) {
        double v = 0.93 - 2.3 / Math.sqrt(n) + 0.01 * (rng.nextDouble() * 2 - 1);
        obs.add(new AdaptiveChooser.Observation(f, n, r, v, 500));
      }
    }
    return obs;
  }

  private static AdaptiveChooser chooser() {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(200)
            .withSeed(7)
            .withThreads(1)
            .withPredict(List.of(new SampleSize(1600, false)));
    return new AdaptiveChooser(o, 1600, f -> true, "head");
  }

  private static AdaptiveChooser chooser(double target, int leastSize) {
    return chooser(target, f -> (int) (1600 * f) >= leastSize);
  }

  private static AdaptiveChooser chooser(
      double target, java.util.function.DoublePredicate drawable) {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(200)
            .withSeed(7)
            .withThreads(1)
            .withTargets(List.of(target))
            .withPredict(List.of(new SampleSize(1600, false)));
    return new AdaptiveChooser(o, 1600, drawable, "head");
  }

  /**
   * A target below the smallest measured size (here about 49 images, the smallest measured 100) is
   * an extrapolation downward: repeats and sizes above can hardly bound it, so a new size at half
   * the smallest fraction is offered, and it is what narrows the interval most per image. Before,
   * only repeats, midpoints and a size beyond were offered, and a run spent its models on them.
   */
  @Test
  void aTargetBelowTheSmallestSizeOffersANewSizeBelowIt() {
    List<AdaptiveChooser.Observation> obs = simulated(3);
    AdaptiveChooser below = chooser(0.6, 5);
    List<AdaptiveChooser.Candidate> c = below.candidates(obs, below.fit(obs));
    assertEquals(9, c.size(), c.toString());
    assertEquals(new AdaptiveChooser.Candidate(0.0313, 0, 3, 50, true), c.get(8));
    AdaptiveChooser.Choice choice = below.choose(obs, 100);
    assertEquals(c.get(8), choice.best().candidate(), choice.toString());
    // not below the fewest images a subsample may hold (the number of classes)
    AdaptiveChooser tooFew = chooser(0.6, 51);
    assertEquals(8, tooFew.candidates(obs, tooFew.fit(obs)).size());
    // a target inside the measured sizes, or none, offers nothing below
    AdaptiveChooser inside = chooser(0.85, 5);
    assertEquals(8, inside.candidates(obs, inside.fit(obs)).size());
    assertEquals(8, chooser().candidates(obs, chooser().fit(obs)).size());
  }

  /**
   * On two sizes the answer has no interval, and with a target every candidate's target interval is
   * unbounded above: both read as no width, so nothing scored, and a run stopped at once saying no
   * model would give the answer an interval. A third size does give it one; it is chosen.
   */
  @Test
  void onTwoSizesWithATargetANewSizeIsChosenForTheIntervalItGives() {
    List<AdaptiveChooser.Observation> two =
        simulated(3).stream().filter(o -> o.fraction() >= 0.25).toList();
    AdaptiveChooser target = chooser(0.925, 5);
    AdaptiveChooser.Choice choice = target.choose(two, 100);
    assertNotNull(choice.best(), choice.toString());
    assertTrue(choice.best().candidate().newSize(), choice.toString());
    // A repeat at one of the two sizes leaves them two: it gives no interval, and scores nothing.
    assertTrue(
        choice.scored().stream()
            .filter(x -> !x.candidate().newSize())
            .allMatch(x -> x.score() == 0),
        choice.toString());
  }

  @Test
  void repeatsOfOneFractionWithOtherSizesGetOneRepeatCandidateWithANewRepeat() {
    // A drawn training image that did not decode is not counted: the repeats of one fraction
    // then differ in size, and the next repeat must still be new to that fraction (the plan
    // refuses a model it holds already).
    List<AdaptiveChooser.Observation> obs = new ArrayList<>();
    for (AdaptiveChooser.Observation o : simulated(3)) {
      int size = o.fraction() == 0.25 ? o.size() - o.repeat() : o.size();
      obs.add(new AdaptiveChooser.Observation(o.fraction(), size, o.repeat(), o.value(), 500));
    }
    List<AdaptiveChooser.Candidate> repeats =
        chooser().candidates(obs, chooser().fit(obs)).stream().filter(c -> !c.newSize()).toList();
    assertEquals(4, repeats.size(), repeats.toString());
    assertTrue(repeats.stream().allMatch(c -> c.firstRepeat() == 3), repeats.toString());
  }

  @Test
  void theSameResultsGiveTheSameChoiceAndTheCandidatesAreRepeatsMidpointsAndBeyond() {
    List<AdaptiveChooser.Observation> obs = simulated(3);
    AdaptiveChooser.Choice a = chooser().choose(obs, 100);
    AdaptiveChooser.Choice b = chooser().choose(new ArrayList<>(obs), 100);
    assertNotNull(a.best(), "the interval can narrow");
    assertEquals(a, b, "a function of the results alone");
    List<AdaptiveChooser.Candidate> c = chooser().candidates(obs, chooser().fit(obs));
    // 4 repeats (next repeat 3), 3 midpoints, 1 beyond (fraction 1.0 = the whole training set)
    assertEquals(8, c.size(), c.toString());
    assertEquals(new AdaptiveChooser.Candidate(0.0625, 3, 1, 100, false), c.get(0));
    assertEquals(new AdaptiveChooser.Candidate(0.0884, 0, 3, 141, true), c.get(4));
    assertEquals(new AdaptiveChooser.Candidate(1.0, 0, 3, 1600, true), c.get(7));
    // Scores are per training image: a candidate that costs more must narrow more to win.
    for (AdaptiveChooser.Scored s : a.scored()) {
      assertEquals((a.scoredWidth() - s.expectedWidth()) / s.candidate().cost(), s.score(), 1e-12);
      assertTrue(s.score() <= a.best().score());
    }
    // A budget of 1 model leaves only the repeats.
    AdaptiveChooser.Choice one = chooser().choose(obs, 1);
    assertTrue(one.scored().stream().allMatch(s -> s.candidate().models() == 1));
  }

  @Test
  void aRepeatKeepsTheMeasuredMeanAndSpread() {
    double[] v = AdaptiveChooser.spread(0.8, 0.02, 3);
    assertEquals(0.8, (v[0] + v[1] + v[2]) / 3, 1e-12);
    double ss = 0;
    for (double x : v) {
      ss += (x - 0.8) * (x - 0.8);
    }
    assertEquals(0.02, Math.sqrt(ss / 2), 1e-12);
  }

  // ------------------------------------------------------------------ the run

  @Test
  void anAdaptiveRunAddsJournaledStepsAndSaysWhyItStopped() throws Exception {
    Path out = dir.resolve("a");
    FakeStages stages = new FakeStages(270);
    Experiment.Outcome o =
        Experiment.run(
            settings(out, Map.of("until-width", 0.001, "max-models", 16)),
            stages,
            ProgressListener.NONE);
    JsonNode a = adaptive(out);
    assertEquals("model-budget", a.path("stopped").asText(), a.toString());
    assertEquals(16, a.path("models").asInt());
    assertEquals(12, a.path("planned_models").asInt());
    assertEquals(16, o.resultRows(), "every added model is a row of results.csv");
    assertTrue(a.path("steps").size() >= 2, a.toString());
    assertTrue(o.moreAnswers().get(0).startsWith("Adaptive run: stopped, the model budget"));
    List<String> lines = Files.readAllLines(out.resolve(Journal.FILE_NAME));
    long stepLines = lines.stream().filter(l -> l.contains("\"kind\":\"adaptive\"")).count();
    assertEquals(a.path("steps").size(), stepLines, "each step journaled");
    // provenance.json's seeds name every model, the added ones with the seed their line records.
    JsonNode seeds = JSON.readTree(out.resolve("provenance.json").toFile()).at("/seeds/models");
    assertEquals(16, seeds.size(), seeds.toString());
    for (JsonNode step : a.path("steps")) {
      for (JsonNode id : step.path("models")) {
        String line =
            lines.get(indexOf(lines, "{\"kind\":\"model\",\"id\":\"" + id.asText() + "\""));
        assertEquals(
            JSON.readTree(line).path("seed").asLong(),
            seeds.path(id.asText()).asLong(),
            id.asText());
      }
    }
    // Each step's line comes before its models' lines.
    for (JsonNode step : a.path("steps")) {
      int at = indexOf(lines, "\"step\":" + step.path("step").asInt() + ",");
      for (JsonNode id : step.path("models")) {
        assertTrue(
            indexOf(lines, "{\"kind\":\"model\",\"id\":\"" + id.asText() + "\"") > at, id.asText());
      }
    }
    // Run again: nothing trained, nothing chosen again.
    FakeStages again = new FakeStages(270);
    Experiment.Outcome o2 =
        Experiment.run(
            settings(out, Map.of("until-width", 0.001, "max-models", 16)),
            again,
            ProgressListener.NONE);
    assertEquals(0, o2.trainedNow());
    assertEquals(a, adaptive(out));
  }

  /** The byte offset just after each line of a journal read as {@code lines}. */
  private static int[] lineEnds(List<String> lines) {
    int[] ends = new int[lines.size()];
    int offset = 0;
    for (int i = 0; i < lines.size(); i++) {
      offset += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
      ends[i] = offset;
    }
    return ends;
  }

  private static int indexOf(List<String> lines, String part) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aRunCutAnywhereInItsAdaptiveStepsResumesToTheSameModelsAndNumbers() throws Exception {
    Map<String, Object> flags = Map.of("until-width", 0.001, "max-models", 18);
    Path whole = dir.resolve("whole");
    Experiment.run(settings(whole, flags), new FakeStages(270), ProgressListener.NONE);
    byte[] journal = Files.readAllBytes(whole.resolve(Journal.FILE_NAME));
    List<String> lines = Files.readAllLines(whole.resolve(Journal.FILE_NAME));
    int firstStep = indexOf(lines, "\"kind\":\"adaptive\"");
    assertTrue(firstStep > 0);
    // Cut after each line from the first step on (between steps, inside a step, after a step's
    // line), and once in the middle of a line (a write cut short).
    int[] ends = lineEnds(lines);
    int secondStep = indexOf(lines.subList(firstStep + 1, lines.size()), "\"kind\":\"adaptive\"");
    assertTrue(secondStep >= 0, "two steps at least");
    secondStep += firstStep + 1;
    List<Integer> cuts =
        List.of(
            ends[firstStep - 1], // the planned models only: the first step is chosen again
            ends[firstStep], // the step journaled, none of its models
            ends[secondStep - 1], // between two steps
            ends[secondStep] + 25); // a model line cut short
    for (int cut : cuts) {
      Path part = dir.resolve("cut" + cut);
      Files.createDirectories(part);
      Files.write(part.resolve(Journal.FILE_NAME), java.util.Arrays.copyOf(journal, cut));
      FakeStages stages = new FakeStages(270);
      Experiment.run(settings(part, flags), stages, ProgressListener.NONE);
      assertEquals(
          Files.readString(whole.resolve("results.csv")),
          Files.readString(part.resolve("results.csv")),
          "cut at byte " + cut);
      assertEquals(adaptive(whole), adaptive(part), "cut at byte " + cut);
      assertEquals(
          new String(journal, StandardCharsets.UTF_8).replaceAll("\"finished_at\":\"[^\"]*\"", ""),
          Files.readString(part.resolve(Journal.FILE_NAME))
              .replaceAll("\"finished_at\":\"[^\"]*\"", ""),
          "the same journal, step lines included");
      // Only the models missing from the cut journal were trained again.
      long kept =
          new String(java.util.Arrays.copyOf(journal, cut), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> l.contains("\"kind\":\"model\"") && l.endsWith("}"))
              .count();
      assertEquals(18 - kept, stages.trained.size(), "cut at byte " + cut);
    }
  }

  @Test
  void theResumeLineCountsTheModelsOfJournaledSteps() throws Exception {
    Map<String, Object> flags = Map.of("until-width", 0.001, "max-models", 18);
    Path whole = dir.resolve("whole");
    Experiment.run(settings(whole, flags), new FakeStages(270), ProgressListener.NONE);
    byte[] journal = Files.readAllBytes(whole.resolve(Journal.FILE_NAME));
    List<String> lines = Files.readAllLines(whole.resolve(Journal.FILE_NAME));
    int firstStep = indexOf(lines, "\"kind\":\"adaptive\"");
    int secondStep = indexOf(lines.subList(firstStep + 1, lines.size()), "\"kind\":\"adaptive\"");
    assertTrue(firstStep > 0 && secondStep > 0, "two steps at least");
    int stepModels = secondStep; // the model lines between the two step lines
    // Cut after the first step's models: all 12 planned and the step's models are finished.
    int cut = lineEnds(lines)[firstStep + stepModels];
    Path part = dir.resolve("part");
    Files.createDirectories(part);
    Files.write(part.resolve(Journal.FILE_NAME), java.util.Arrays.copyOf(journal, cut));
    List<String> notes = new ArrayList<>();
    Experiment.run(
        settings(part, flags), new FakeStages(270), ProgressListener.notesTo(notes::add));
    int done = 12 + stepModels;
    String line = notes.stream().filter(n -> n.startsWith("resuming")).findFirst().orElseThrow();
    assertTrue(
        line.endsWith(
            ": "
                + done
                + " of "
                + done
                + " models already finished (12 of 12 planned, "
                + stepModels
                + " of "
                + stepModels
                + " added by 1 adaptive step)"),
        line);
  }

  @Test
  void itStopsWhenTheWidthIsReached() throws Exception {
    Path out = dir.resolve("w");
    FakeStages stages = new FakeStages(270);
    Experiment.run(settings(out, Map.of("until-width", 0.9)), stages, ProgressListener.NONE);
    JsonNode a = adaptive(out);
    assertEquals("width-reached", a.path("stopped").asText());
    assertEquals(0, a.path("steps").size());
    assertEquals(12, stages.trained.size(), "nothing added");
    assertTrue(a.path("width").asDouble() <= 0.9);
  }

  /**
   * The stop line printed widths in the flag's unit (0.0262, 0.273) where the answer prints
   * percentages and images: now points, or images and the share of the size needed.
   */
  @Test
  void theWidthIsPrintedInTheAnswersUnits() throws Exception {
    Path out = dir.resolve("units");
    Experiment.run(
        settings(out, Map.of("until-width", 0.9)), new FakeStages(270), ProgressListener.NONE);
    String because = adaptive(out).path("because").asText();
    assertTrue(
        because.matches(
            "the interval width [0-9]+\\.[0-9]{2} points is within --until-width 0\\.9 \\(90 points\\)"),
        because);
    Path target = dir.resolve("target");
    List<String> notes = new ArrayList<>();
    Experiment.run(
        settings(target, Map.of("until-width", 0.001, "max-models", 14, "targets", List.of(0.7))),
        new FakeStages(270),
        ProgressListener.notesTo(notes::add));
    because = adaptive(target).path("because").asText();
    assertTrue(
        because.matches(
            ".*width (is )?(at )?([0-9,]+ images \\([0-9.]+% of the [0-9,]+ needed\\)|unbounded)"
                + ", above --until-width 0\\.001 \\(0\\.1% of the size needed\\).*"),
        because);
    assertEquals("--until-width 0.02 (2 points)", AdaptiveRun.asked(0.02, false));
    assertEquals("--until-width 0.01 (1 point)", AdaptiveRun.asked(0.01, false));
    assertEquals("--until-width 0.3 (30% of the size needed)", AdaptiveRun.asked(0.3, true));
    assertEquals("--until-width 0.07 (7 points)", AdaptiveRun.asked(0.07, false));
  }

  @Test
  void itStopsWhenTheTimeIsSpentAndGoesOnWhenRunAgain() throws Exception {
    Path out = dir.resolve("t");
    Map<String, Object> flags = new HashMap<>(Map.of("until-width", 0.001, "max-models", 14));
    flags.put("max-minutes", 1e-9);
    Experiment.run(settings(out, flags), new FakeStages(270), ProgressListener.NONE);
    assertEquals("time-budget", adaptive(out).path("stopped").asText());
    assertTrue(adaptive(out).path("because").asText().contains("run the same command again"));
    // The time budget is not part of the identity: without it the run goes on.
    flags.remove("max-minutes");
    Experiment.run(settings(out, flags), new FakeStages(270), ProgressListener.NONE);
    assertEquals("model-budget", adaptive(out).path("stopped").asText());
  }

  @Test
  void itStopsWhenNoModelIsExpectedToNarrowTheInterval() throws Exception {
    // The curve levels off near 0.9: the size for 0.99 is unbounded whatever is added.
    Path out = dir.resolve("n");
    Experiment.run(
        settings(out, Map.of("until-width", 0.5, "targets", List.of(0.99))),
        new FakeStages(270),
        ProgressListener.NONE);
    JsonNode a = adaptive(out);
    assertEquals("nothing-to-gain", a.path("stopped").asText(), a.toString());
    // A number that does not exist is null in fit.json, not the text "Infinity".
    assertTrue(a.has("width") && a.get("width").isNull(), a.toString());
    assertFalse(adaptiveText(out).contains("Infinity"), a.toString());
  }

  @Test
  void theAdaptiveSettingsArePartOfTheIdentity() throws Exception {
    Path out = dir.resolve("i");
    Experiment.run(
        settings(out, Map.of("until-width", 0.9)), new FakeStages(270), ProgressListener.NONE);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                Experiment.run(
                    settings(out, Map.of("until-width", 0.5)),
                    new FakeStages(270),
                    ProgressListener.NONE));
    assertTrue(
        e.getMessage().contains("until-width: the journal has 0.9, this run 0.5"), e.getMessage());
    // The fit decides the choices of an adaptive run: its settings must match too.
    e =
        assertThrows(
            InvalidInputException.class,
            () ->
                Experiment.run(
                    settings(out, Map.of("until-width", 0.9, "level", 0.8)),
                    new FakeStages(270),
                    ProgressListener.NONE));
    assertTrue(e.getMessage().contains("level"), e.getMessage());
  }

  @Test
  void budgetsNeedAWidthAndTheBudgetHoldsThePlan() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> settings(dir.resolve("b"), Map.of("max-models", 30)));
    assertTrue(e.getMessage().contains("give --until-width too"), e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () -> settings(dir.resolve("b"), Map.of("until-width", 0.02, "max-models", 5)));
    assertTrue(e.getMessage().contains("give at least 12"), e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class,
            () -> settings(dir.resolve("b"), Map.of("until-width", 0.02, "fine-tune", true)));
    assertTrue(e.getMessage().contains("head models only"), e.getMessage());
    // 1e300 minutes is positive: refused as "must be a positive number" it read as a
    // contradiction; the message names the upper end and how to have no limit.
    for (double minutes : new double[] {1e300, 1e7}) {
      e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  settings(dir.resolve("b"), Map.of("until-width", 0.02, "max-minutes", minutes)));
      assertTrue(e.getMessage().contains("below 10,000,000"), e.getMessage());
      assertTrue(e.getMessage().contains("leave --max-minutes out"), e.getMessage());
    }
    // Infinity is positive too: "must be a positive number" read as a contradiction (a settings
    // file's .inf comes as Infinity).
    for (double width : new double[] {Double.POSITIVE_INFINITY, Double.NaN, 0}) {
      e =
          assertThrows(
              InvalidInputException.class,
              () -> settings(dir.resolve("b"), Map.of("until-width", width)));
      assertTrue(e.getMessage().contains("must be a finite number above 0"), e.getMessage());
    }
    assertFalse(settings(dir.resolve("b"), Map.of()).untilWidth() != null);
  }

  @Test
  void aModelOfAStepThatIsNotJournaledIsRefused() throws Exception {
    Path out = dir.resolve("j");
    Map<String, Object> flags = Map.of("until-width", 0.001, "max-models", 13);
    Experiment.run(settings(out, flags), new FakeStages(270), ProgressListener.NONE);
    Path journal = out.resolve(Journal.FILE_NAME);
    List<String> lines = new ArrayList<>(Files.readAllLines(journal));
    lines.removeIf(l -> l.contains("\"kind\":\"adaptive\""));
    Files.write(journal, lines);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Experiment.run(settings(out, flags), new FakeStages(270), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("is not in this experiment's plan"), e.getMessage());
  }

  /**
   * On two sizes the answer has no interval, and each step said "interval width unbounded", which
   * reads as an interval without an upper end: it says there is none, and why, as the answer does.
   */
  @Test
  void onTwoSizesAStepSaysThereIsNoIntervalAndWhy() throws Exception {
    Path out = dir.resolve("two");
    List<String> notes = new ArrayList<>();
    Experiment.run(
        settings(
            out, Map.of("until-width", 0.001, "max-models", 9, "fractions", List.of(0.125, 0.25))),
        new FakeStages(270),
        ProgressListener.notesTo(notes::add));
    String step =
        notes.stream().filter(n -> n.startsWith("adaptive step 1:")).findFirst().orElseThrow();
    assertEquals(
        "adaptive step 1: no interval ("
            + org.samplesize.fit.CurveFit.NO_INTERVAL_WHY
            + "), so no width to compare with --until-width 0.001 (0.1 points): ",
        step.substring(0, step.indexOf(": ", "adaptive step 1: ".length()) + 2),
        step);
    assertFalse(step.contains("unbounded"), step);
    // fit.json: no width before that step, as the top level has none (it read 1000.0, the cap).
    assertTrue(
        adaptive(out).path("steps").get(0).path("width_before").isNull(), adaptive(out).toString());
    // Stopped before any step, still on two sizes: the stop line says the same.
    Path stopped = dir.resolve("two-stopped");
    Experiment.run(
        settings(
            stopped,
            Map.of("until-width", 0.001, "max-models", 6, "fractions", List.of(0.125, 0.25))),
        new FakeStages(270),
        ProgressListener.NONE);
    assertEquals(
        "the model budget (--max-models 6) is spent with no interval ("
            + org.samplesize.fit.CurveFit.NO_INTERVAL_WHY
            + ")",
        adaptive(stopped).path("because").asText());
  }

  /**
   * On two sizes with room for 2 more models, the repeats that fit give no interval and a new size
   * (3 models) does not fit: the run said "no further model is expected to give the answer an
   * interval" (nothing-to-gain), where a larger --max-models would have given one.
   */
  @Test
  void aNewSizeLeftOutByTheBudgetStopsOnTheBudgetNotForNothingToGain() throws Exception {
    Path out = dir.resolve("two-tight");
    Experiment.run(
        settings(
            out, Map.of("until-width", 0.001, "max-models", 8, "fractions", List.of(0.125, 0.25))),
        new FakeStages(270),
        ProgressListener.NONE);
    JsonNode a = adaptive(out);
    assertEquals("model-budget", a.path("stopped").asText(), a.toString());
    assertTrue(a.path("because").asText().contains("--max-models 8, 2 more"), a.toString());
    assertTrue(a.path("because").asText().contains("a new size takes 3 models"), a.toString());
  }

  @Test
  void aWidthIsShownAsTypedAndATinyOneInExponentForm() {
    assertEquals("0.02", AdaptiveRun.trim(0.02));
    assertEquals("0.5", AdaptiveRun.trim(0.50));
    // --until-width 1e-300 printed 0.000... with 299 zeros in the stop line.
    assertEquals("1.0E-300", AdaptiveRun.trim(1e-300));
    // The points in exponent form came from 100 * 1e-9 in doubles: 1.0000000000000001E-7.
    assertEquals("--until-width 1.0E-9 (1.0E-7 points)", AdaptiveRun.asked(1e-9, false));
    assertEquals(
        "--until-width 3.0E-9 (3.0E-7% of the size needed)", AdaptiveRun.asked(3e-9, true));
  }

  @Test
  void theSameCommandRunAgainGoesOnWhenItsStartAloneOutlastsTheTimeBudget() throws Exception {
    // --max-minutes shorter than opening the data and fitting: each rerun stopped before its first
    // step, saying "run the same command again to go on", and never went on.
    Path out = dir.resolve("again");
    Map<String, Object> flags =
        new HashMap<>(Map.of("until-width", 0.001, "max-models", 30, "max-minutes", 1e-9));
    Experiment.run(settings(out, flags), new FakeStages(270), ProgressListener.NONE);
    assertEquals("time-budget", adaptive(out).path("stopped").asText());
    assertEquals(0, adaptive(out).path("steps").size(), "the plan's models spent the budget");
    for (int run = 1; run <= 2; run++) {
      FakeStages stages = new FakeStages(270);
      Experiment.run(settings(out, flags), stages, ProgressListener.NONE);
      assertEquals(run, adaptive(out).path("steps").size(), adaptive(out).toString());
      assertFalse(stages.trained.isEmpty(), "a rerun trains the models of one step");
      assertEquals("time-budget", adaptive(out).path("stopped").asText());
    }
  }

  @Test
  void aResumedStepWithOneModelLeftSaysModelNotModels() throws Exception {
    Map<String, Object> flags = Map.of("until-width", 0.001, "max-models", 18);
    Path out = dir.resolve("one");
    Experiment.run(settings(out, flags), new FakeStages(270), ProgressListener.NONE);
    List<String> lines = Files.readAllLines(out.resolve(Journal.FILE_NAME));
    int step = indexOf(lines, "\"kind\":\"adaptive\"");
    // The step's line and none of its models: the step had at least one.
    Files.write(out.resolve(Journal.FILE_NAME), lines.subList(0, step + 1));
    int models = JSON.readTree(lines.get(step)).path("models").size();
    // The fixture's first step adds one repeat: the test is about the singular.
    assertEquals(1, models, lines.get(step));
    List<String> notes = new ArrayList<>();
    Experiment.run(settings(out, flags), new FakeStages(270), ProgressListener.notesTo(notes::add));
    String note =
        notes.stream().filter(n -> n.contains("was interrupted")).findFirst().orElseThrow();
    assertTrue(note.contains("training its 1 remaining model ("), note);
  }

  /**
   * The new size below the smallest is offered only when its models can be drawn: a small fraction
   * of an unbalanced training set can miss a class, the draw refuses it, and since a step is drawn
   * before it is journaled, choosing it stopped the run with that refusal every time it was run.
   */
  @Test
  void aSizeBelowThatCannotBeDrawnIsNotChosen() throws Exception {
    // The fake curve 0.9 - 0.5/sqrt(n) reaches 0.7 at about 6 images, below the smallest (14).
    Map<String, Object> flags =
        Map.of("until-width", 0.001, "max-models", 20, "targets", List.of(0.7));
    Path free = dir.resolve("free");
    Experiment.run(settings(free, flags), new FakeStages(270), ProgressListener.NONE);
    JsonNode first = adaptive(free).path("steps").get(0);
    assertTrue(first.path("choice").asText().contains("fraction 0.025"), first.toString());

    Path refused = dir.resolve("refused");
    FakeStages unbalanced = new FakeStages(270);
    unbalanced.drawsFrom = 0.05;
    Experiment.run(settings(refused, flags), unbalanced, ProgressListener.NONE);
    // It ends as a run with nothing below to offer does, not with the draw's refusal.
    assertEquals("nothing-to-gain", adaptive(refused).path("stopped").asText());
    adaptive(refused)
        .path("steps")
        .forEach(
            st ->
                assertFalse(st.path("choice").asText().contains("fraction 0.025"), st.toString()));
  }
}
