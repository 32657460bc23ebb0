package org.samplesize.benchmarks.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.samplesize.InvalidInputException;
import org.samplesize.fit.CurveData;
import org.samplesize.fit.CurveFamily;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.Prediction;

class CorpusHarnessTest {

  @Test
  void aFlagWithoutItsValueOrAnUnknownFlagIsNamedAsSuch() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> CorpusHarness.parse(new String[] {"--help"}));
    assertTrue(e.getMessage().startsWith("unknown flag --help; use --corpus"), e.getMessage());
    e =
        assertThrows(
            InvalidInputException.class, () -> CorpusHarness.parse(new String[] {"--threads"}));
    assertEquals("--threads: needs a value", e.getMessage());
    assertEquals(2, CorpusHarness.parse(new String[] {"--threads", "2"}).threads());
    assertTrue(CorpusHarness.USAGE.contains("--methods NAMES"), CorpusHarness.USAGE);
  }

  /** A pow3-like curve with a little deterministic noise, truth at 2x and 4x. */
  static CorpusCurve curve(String id, String dataset, double ceiling) {
    double[] sizes = {20, 40, 100, 200};
    double[][] values = new double[4][3];
    int[][] tests = new int[4][3];
    for (int i = 0; i < 4; i++) {
      for (int r = 0; r < 3; r++) {
        values[i][r] =
            ceiling - 1.5 * Math.pow(sizes[i], -0.5) + 0.004 * (r - 1) * (i % 2 == 0 ? 1 : -1);
        tests[i][r] = 500;
      }
    }
    List<CorpusCurve.Truth> truths =
        List.of(
            new CorpusCurve.Truth(2, 400, ceiling - 1.5 * Math.pow(400, -0.5), 0.01, 5, 500),
            new CorpusCurve.Truth(4, 800, ceiling - 1.5 * Math.pow(800, -0.5), 0.01, 5, 500));
    return new CorpusCurve(
        id,
        "test",
        dataset,
        "real",
        "lr",
        "none",
        1,
        new CurveData(id, sizes, values, tests),
        truths);
  }

  static CorpusHarness.Settings settings(int bootstrap) {
    return new CorpusHarness.Settings(Path.of("x"), Path.of("y"), bootstrap, 42, 0.9, 1, List.of());
  }

  static List<FittedCurve> corpus() {
    List<CorpusCurve> cs = new ArrayList<>();
    for (String d : List.of("a", "b", "c")) {
      for (int k = 0; k < 2; k++) {
        cs.add(curve(d + k, d, 0.9 + 0.02 * k));
      }
    }
    return CorpusHarness.fitAll(cs, settings(20));
  }

  /** Records what it was tuned on and refuses to answer a curve of a data set it saw. */
  static final class Spy implements AnswerMethod {
    final List<Set<String>> tunedOn = new ArrayList<>();
    final List<String> answered = new ArrayList<>();
    final Set<String> seen;

    Spy() {
      this(Set.of());
    }

    private Spy(Set<String> seen) {
      this.seen = seen;
    }

    @Override
    public String name() {
      return "spy";
    }

    @Override
    public String description() {
      return "records its tuning";
    }

    @Override
    public boolean tunable() {
      return true;
    }

    @Override
    public AnswerMethod tune(List<FittedCurve> training) {
      Set<String> ds = training.stream().map(FittedCurve::dataset).collect(Collectors.toSet());
      tunedOn.add(ds);
      Spy tuned = new Spy(ds);
      return new AnswerMethod() {
        @Override
        public String name() {
          return "spy";
        }

        @Override
        public String description() {
          return "tuned spy";
        }

        @Override
        public Answer answer(FittedCurve c) {
          assertFalse(tuned.seen.contains(c.dataset()), "tuned on " + c.dataset());
          answered.add(c.dataset());
          return AnswerMethods.auto().answer(c);
        }
      };
    }

    @Override
    public Answer answer(FittedCurve c) {
      throw new AssertionError("a tunable method must be tuned before it answers");
    }
  }

  @Test
  void aTunedMethodIsTunedOnTheOtherDataSetsAndScoredOnTheLeftOutOne() {
    List<FittedCurve> fitted = corpus();
    Spy spy = new Spy();
    CorpusHarness.Evaluation e = CorpusHarness.evaluate(fitted, List.of(spy));
    assertEquals(List.of(Set.of("b", "c"), Set.of("a", "c"), Set.of("a", "b")), spy.tunedOn);
    assertEquals(List.of("a", "a", "b", "b", "c", "c"), spy.answered);
    assertEquals(6, e.get("spy", CorpusHarness.ALL, 2).count());
    assertEquals(2, e.get("spy", "dataset:b", 4).count());
    assertEquals(6, e.get("spy", CorpusHarness.REAL, 4).count());
  }

  @Test
  void theSelectShiftExampleLearnsItsShiftWithoutTheScoredDataSet() {
    List<FittedCurve> fitted = corpus();
    AnswerMethod m = new AnswerMethods.AutoShift();
    List<FittedCurve> notA = fitted.stream().filter(f -> !f.dataset().equals("a")).toList();
    AnswerMethod tuned = m.tune(notA);
    FittedCurve a0 = fitted.get(0);
    double[] errs =
        notA.stream()
            .mapToDouble(
                f ->
                    AnswerMethods.select().answer(f).prediction(2).accuracy()
                        - f.curve().truth(2).accuracy())
            .toArray();
    double shift = Scores.median(errs);
    assertEquals(
        AnswerMethods.select().answer(a0).prediction(2).accuracy() - shift,
        tuned.answer(a0).prediction(2).accuracy(),
        1e-12);
  }

  @Test
  void aSingleFamilyAnswerIsWhatTheFitterGivesForThatFamilyAlone() {
    CorpusCurve c = curve("x", "a", 0.92);
    CorpusHarness.Settings s = settings(30);
    FittedCurve f = CorpusHarness.fitAll(List.of(c), s).get(0);
    Answer fromHarness = AnswerMethods.family(CurveFamily.POW3).answer(f);
    CurveFit alone =
        new LearningCurveFitter(CorpusHarness.options(c, s).withFamilies(List.of(CurveFamily.POW3)))
            .fit(c.data());
    for (int i = 0; i < 2; i++) {
      Prediction p = alone.predictions().get(i);
      Answer.Point q = fromHarness.predictions().get(i);
      assertEquals(p.accuracy(), q.accuracy(), 1e-12);
      assertEquals(p.lo(), q.lo(), 1e-12);
      assertEquals(p.hi(), q.hi(), 1e-12);
      assertEquals(c.truths().get(i).size(), q.n());
    }
    assertEquals(alone.targets().get(0).hi(), fromHarness.target(2).hi(), 1e-9);
  }

  @Test
  void everyBuiltInMethodAnswersAndTheReportNamesThemAll() throws Exception {
    List<FittedCurve> fitted = corpus();
    List<AnswerMethod> methods = AnswerMethods.all();
    CorpusHarness.Evaluation e = CorpusHarness.evaluate(fitted, methods);
    TreeSet<String> names = new TreeSet<>();
    for (AnswerMethod m : methods) {
      names.add(m.name());
      Scores x = e.get(m.name(), CorpusHarness.ALL, 2);
      assertNotNull(x, m.name());
      assertEquals(6, x.count() + x.missing(), m.name());
    }
    assertTrue(
        names.containsAll(
            List.of("auto", "select", "mean8", "pow3", "wbl4", "last1", "recipe", "median6")));
    String md = e.markdown(settings(20), fitted);
    for (String n : names) {
      assertTrue(md.contains("| " + n + " |"), n);
    }
    String json = e.json(settings(20), fitted);
    assertTrue(json.contains("\"median_abs_error_pp\""), json);
    assertTrue(e.answersCsv().lines().count() > 6 * methods.size());
  }

  @Test
  void twoTruthsWithTheSameAccuracyAreAskedOnceAndAnsweredAlike() {
    // a curve that has levelled off can measure the same accuracy at 2x and 4x; the fitter refuses
    // a target given twice, so the harness asks it once and gives both truths that answer
    CorpusCurve c = curve("flat", "a", 0.92);
    CorpusCurve.Truth t2 = c.truths().get(0);
    List<CorpusCurve.Truth> same =
        List.of(t2, new CorpusCurve.Truth(4, 800, t2.accuracy(), 0.01, 5, 500));
    CorpusCurve twice =
        new CorpusCurve("flat", "test", "a", "real", "lr", "none", 1, c.data(), same);
    assertEquals(List.of(t2.accuracy()), CorpusHarness.targetAccuracies(twice));
    FittedCurve f = CorpusHarness.fitAll(List.of(twice), settings(20)).get(0);
    for (AnswerMethod m : AnswerMethods.all()) {
      Answer a = m.answer(f);
      if (a.targets().isEmpty()) {
        // select-shift answers predictions only
        assertFalse(List.of("auto", "select", "mean8").contains(m.name()), m.name());
        continue;
      }
      assertEquals(2, a.targets().size(), m.name());
      Answer.Size at2 = a.target(2);
      Answer.Size at4 = a.target(4);
      assertEquals(at2.n(), at4.n(), m.name());
      assertEquals(at2.lo(), at4.lo(), m.name());
      assertEquals(at2.hi(), at4.hi(), m.name());
    }
  }

  @Test
  void theAnswersDoNotDependOnTheThreadCount() {
    List<CorpusCurve> cs = corpus().stream().map(FittedCurve::curve).toList();
    CorpusHarness.Settings one = settings(20);
    CorpusHarness.Settings two =
        new CorpusHarness.Settings(Path.of("x"), Path.of("y"), 20, 42, 0.9, 2, List.of());
    List<AnswerMethod> methods = AnswerMethods.all();
    String a = CorpusHarness.evaluate(CorpusHarness.fitAll(cs, one), methods).answersCsv();
    String b = CorpusHarness.evaluate(CorpusHarness.fitAll(cs, two), methods).answersCsv();
    assertEquals(a, b);
  }
}
