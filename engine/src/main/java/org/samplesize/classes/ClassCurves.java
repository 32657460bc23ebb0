package org.samplesize.classes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.samplesize.fit.CurveData;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.SampleSize;
import org.samplesize.fit.TargetEstimate;

/**
 * Fits each class's recall against the number of its own training images with {@link
 * LearningCurveFitter} (the same families, selection and intervals as the overall curve, the same
 * seed for every class so that every class's bootstrap resamples the same models), answers per
 * class, and has {@link LabellingPlanner} make the {@link LabellingPlan} for each target accuracy.
 *
 * <p>A class's sizes: the models of one fraction form one size, their mean count of the class's
 * images (rounded); without a fraction column, each distinct count is a size. Rows where the class
 * has no training image are left out (a curve starts at one image).
 */
public final class ClassCurves {

  private ClassCurves() {}

  /**
   * Fits every class of every curve and plans.
   *
   * @param table the per-class observations
   * @param options the fit's settings (families, method, weights, bootstrap, seed, level, threads);
   *     its predictions and targets are replaced per class
   * @param targetRecall the recall each class is asked to reach, or null
   * @param targets the overall accuracies to plan for (may be empty)
   * @param trainingImages each class's training images by name (from the plan), or null to estimate
   *     them from the table
   * @return the report; {@link ClassReport#missing()} says why when the table has no per-class
   *     observations
   */
  public static ClassReport analyse(
      ClassTable table,
      FitOptions options,
      Double targetRecall,
      List<Double> targets,
      Map<String, Integer> trainingImages) {
    if (!table.present()) {
      return new ClassReport(
          table.source(), targetRecall, options.level(), List.of(), List.of(), table.missing());
    }
    LinkedHashSet<String> curves = new LinkedHashSet<>();
    table.rows().forEach(r -> curves.add(r.curve()));
    List<ClassAnswer> answers = new ArrayList<>();
    List<LabellingPlan> plans = new ArrayList<>();
    for (String curve : curves) {
      List<ClassTable.Row> rows =
          table.rows().stream().filter(r -> r.curve().equals(curve)).toList();
      List<ClassAnswer> mine = new ArrayList<>();
      for (int c = 0; c < table.classes().size(); c++) {
        mine.add(
            answer(curve, table.classes().get(c), c, rows, options, targetRecall, trainingImages));
      }
      for (double t : targets) {
        plans.add(LabellingPlanner.plan(curve, mine, t, options.level()));
      }
      answers.addAll(byNeed(mine));
    }
    return new ClassReport(table.source(), targetRecall, options.level(), answers, plans, null);
  }

  /**
   * Sorts by need: with a target recall, the classes that do not reach it first (lowest level
   * first), then the most more images needed, then the most images needed (when every class has
   * what it needs); without one, the lowest expected recall first. Classes without a curve come
   * last.
   *
   * @param answers the answers of one curve
   * @return a sorted copy
   */
  public static List<ClassAnswer> byNeed(List<ClassAnswer> answers) {
    Comparator<ClassAnswer> order =
        Comparator.comparing((ClassAnswer a) -> a.notFitted() != null)
            .thenComparing(a -> a.target() == null ? 0 : -a.moreNeeded(), Comparator.naturalOrder())
            .thenComparingDouble(
                a -> a.target() != null && !a.target().reachable() ? a.target().levelsOffAt() : 0)
            // When no class needs more than it has, the one whose own curve needs the most images
            // comes first: the stdout line names it as the class that needs the most.
            .thenComparingDouble(
                a -> a.target() != null && a.target().reachable() ? -a.target().n() : 0)
            .thenComparingDouble(a -> a.atAll() == null ? 1 : a.atAll().accuracy());
    return answers.stream().sorted(order).toList();
  }

  private static ClassAnswer answer(
      String curve,
      String name,
      int c,
      List<ClassTable.Row> rows,
      FitOptions options,
      Double targetRecall,
      Map<String, Integer> trainingImages) {
    boolean byFraction = rows.stream().allMatch(r -> Double.isFinite(r.fraction()));
    // One size per fraction (its mean count), else per distinct count.
    TreeMap<Double, List<ClassTable.Row>> groups = new TreeMap<>();
    for (ClassTable.Row r : rows) {
      groups
          .computeIfAbsent(byFraction ? r.fraction() : r.trainCount()[c], k -> new ArrayList<>())
          .add(r);
    }
    TreeMap<Long, List<ClassTable.Row>> bySize = new TreeMap<>();
    for (List<ClassTable.Row> g : groups.values()) {
      long size = Math.round(g.stream().mapToInt(r -> r.trainCount()[c]).average().orElse(0));
      if (size >= 1) {
        bySize.computeIfAbsent(size, k -> new ArrayList<>()).addAll(g);
      }
    }
    double share =
        rows.stream()
            .mapToDouble(
                r -> {
                  long all = 0;
                  for (int n : r.testCount()) {
                    all += n;
                  }
                  return all == 0 ? 0 : (double) r.testCount()[c] / all;
                })
            .average()
            .orElse(0);
    double largest = bySize.isEmpty() ? 0 : bySize.lastKey();
    List<ClassTable.Row> top = bySize.isEmpty() ? rows : bySize.lastEntry().getValue();
    double recallTop = top.stream().mapToDouble(r -> r.recall()[c]).average().orElse(Double.NaN);
    double precisionTop =
        top.stream().mapToDouble(r -> r.precision()[c]).average().orElse(Double.NaN);
    long images;
    String from;
    if (trainingImages != null && trainingImages.get(name) != null) {
      images = trainingImages.get(name);
      from = ClassAnswer.FROM_TRAINING_SET;
    } else if (byFraction && !rows.isEmpty()) {
      double f = groups.lastKey();
      images =
          Math.round(
              groups.lastEntry().getValue().stream()
                  .mapToDouble(r -> r.trainCount()[c] / f)
                  .average()
                  .orElse(largest));
      from = ClassAnswer.FROM_FRACTION;
    } else {
      images = (long) largest;
      from = ClassAnswer.FROM_LARGEST;
    }
    Facts facts = new Facts(curve, name, images, from, share, largest);
    if (!rows.isEmpty() && rows.stream().allMatch(r -> r.testCount()[c] == 0)) {
      // Its recall is 0 of 0 (written as 0): a curve of it would say the class never gets right,
      // where nothing was measured. Its test share is 0, so it weighs nothing in the accuracy.
      return facts.unfitted(
          Double.NaN,
          Double.NaN,
          null,
          "no test image of this class, so its recall and precision were not measured");
    }
    if (bySize.size() < 2) {
      return facts.unfitted(
          recallTop,
          precisionTop,
          null,
          bySize.isEmpty()
              ? "no model was trained on an image of this class"
              : "fewer than 2 sizes with images of this class (" + bySize.size() + ")");
    }
    double[] sizes = new double[bySize.size()];
    double[][] values = new double[sizes.length][];
    int[][] tests = new int[sizes.length][];
    int i = 0;
    for (Map.Entry<Long, List<ClassTable.Row>> e : bySize.entrySet()) {
      sizes[i] = e.getKey();
      values[i] = e.getValue().stream().mapToDouble(r -> r.recall()[c]).toArray();
      tests[i] = e.getValue().stream().mapToInt(r -> r.testCount()[c]).toArray();
      i++;
    }
    FitOptions mine =
        options
            .withPredict(List.of(new SampleSize(Math.max(1, images), false)))
            .withTargets(targetRecall == null ? List.of() : List.of(targetRecall));
    CurveFit fit =
        new LearningCurveFitter(mine).fit(new CurveData(curve + ": " + name, sizes, values, tests));
    if (fit.chosenFit() == null) {
      return facts.unfitted(
          recallTop, precisionTop, fit, "no curve family could be fitted: " + fit.selection());
    }
    // The answer's rows; the chosen family's own when the fit gives no answer rows.
    List<Prediction> preds =
        fit.predictions().isEmpty() ? fit.chosenFit().predictions() : fit.predictions();
    List<TargetEstimate> tgts = fit.targets().isEmpty() ? fit.chosenFit().targets() : fit.targets();
    Prediction atAll = preds.isEmpty() ? null : preds.get(0);
    TargetEstimate target = tgts.isEmpty() ? null : tgts.get(0);
    // The precision curve: the same sizes and models, the class's precision as the metric.
    double[][] precisions = new double[sizes.length][];
    i = 0;
    for (Map.Entry<Long, List<ClassTable.Row>> e : bySize.entrySet()) {
      precisions[i++] = e.getValue().stream().mapToDouble(r -> r.precision()[c]).toArray();
    }
    CurveFit pfit =
        new LearningCurveFitter(mine.withTargets(List.of()))
            .fit(new CurveData(curve + ": " + name + " (precision)", sizes, precisions, tests));
    Prediction precisionAtAll = null;
    if (pfit.chosenFit() != null) {
      List<Prediction> pp =
          pfit.predictions().isEmpty() ? pfit.chosenFit().predictions() : pfit.predictions();
      precisionAtAll = pp.isEmpty() ? null : pp.get(0);
    }
    return new ClassAnswer(
        curve,
        name,
        images,
        from,
        share,
        largest,
        recallTop,
        precisionTop,
        atAll,
        target,
        fit,
        null,
        precisionAtAll,
        rows.stream().mapToInt(r -> r.testCount()[c]).max().orElse(-1));
  }

  /** What is known of a class before its curve is fitted: every answer of it carries these. */
  private record Facts(
      String curve, String name, long images, String from, double share, double largest) {

    /** The answer for a class with no curve: its measured values and why there is no curve. */
    ClassAnswer unfitted(double recall, double precision, CurveFit fit, String why) {
      return new ClassAnswer(
          curve, name, images, from, share, largest, recall, precision, null, null, fit, why, null);
    }
  }

  /**
   * The one line naming the class of {@code curve} that needs the most images.
   *
   * @param report the per-class report
   * @param curve the curve (e.g. {@code head})
   * @return the line, or null when the curve has no fitted class
   */
  public static String mostNeededLine(ClassReport report, String curve) {
    return ClassLines.mostNeededLine(report, curve);
  }

  /**
   * One line stating a labelling plan.
   *
   * @param plan the plan
   * @return the line
   */
  public static String planLine(LabellingPlan plan) {
    return ClassLines.planLine(plan);
  }

  /**
   * One line stating a labelling plan, as the commands print it: with the images to label to keep
   * the test set's share of them, where the report's classes say how many test images they have.
   *
   * @param report the report the plan is from
   * @param plan the plan
   * @return the line
   */
  public static String planLine(ClassReport report, LabellingPlan plan) {
    return ClassLines.planLine(report, plan, null);
  }

  /**
   * {@link #planLine(ClassReport, LabellingPlan)} beside the overall answer: where the overall
   * curve does not reach the plan's target but the per-class curves do, the line says so, since
   * "not reachable" above and "add about 46,800 images" below otherwise read as a contradiction.
   *
   * @param report the report the plan is from
   * @param plan the plan
   * @param overallShortfall how the overall curve of the plan's curve falls short of its target
   *     ({@code "levels off at 94.6%, below 95%"}, in the overall answer's words), or null when it
   *     reaches it or is not known
   * @return the line
   */
  public static String planLine(ClassReport report, LabellingPlan plan, String overallShortfall) {
    return ClassLines.planLine(report, plan, overallShortfall);
  }
}
