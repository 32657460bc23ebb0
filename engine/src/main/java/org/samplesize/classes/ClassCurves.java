package org.samplesize.classes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.samplesize.fit.CurveData;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.Percent;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.SampleSize;
import org.samplesize.fit.TargetEstimate;

/**
 * Fits each class's recall against the number of its own training images with {@link
 * LearningCurveFitter} (the same families, selection and intervals as the overall curve, the same
 * seed for every class so that every class's bootstrap resamples the same models), answers per
 * class, and makes the {@link LabellingPlan} for each target accuracy.
 *
 * <p>A class's sizes: the models of one fraction form one size, their mean count of the class's
 * images (rounded); without a fraction column, each distinct count is a size. Rows where the class
 * has no training image are left out (a curve starts at one image).
 */
public final class ClassCurves {

  /** Each greedy step of the plan adds this share of a class's images (at least one image). */
  static final double STEP = 0.05;

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
        plans.add(plan(curve, mine, t, options.level()));
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
        precisionAtAll);
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
   * The class's recall curve as its answer reads it ({@link CurveFit#value}: the mean of the
   * families by default, which never falls beyond the largest size; the chosen family when families
   * are named), held beyond the largest size at least at its value there, within [0, 1]. The plan
   * reads the same curve as the class's "recall with all its images", so that the two agree.
   */
  static DoubleUnaryOperator pointCurve(CurveFit fit) {
    double largest = fit.largestSize();
    double atLargest = fit.value(largest);
    return n -> clamp(n > largest ? Math.max(fit.value(n), atLargest) : fit.value(n));
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }

  /** A class without a curve because it has no test image: its weight in the accuracy is 0. */
  private static boolean untested(ClassAnswer a) {
    return a.fit() == null && a.notFitted() != null && a.share() == 0;
  }

  static LabellingPlan plan(String curve, List<ClassAnswer> answers, double target, double level) {
    List<String> names = answers.stream().map(ClassAnswer::className).toList();
    List<Long> have = answers.stream().map(ClassAnswer::images).toList();
    for (ClassAnswer a : answers) {
      if ((a.fit() == null || a.fit().chosenFit() == null) && !untested(a)) {
        return new LabellingPlan(
            curve,
            target,
            names,
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
            level,
            "class '" + a.className() + "' has no curve: " + a.notFitted());
      }
    }
    int k = answers.size();
    double[] w = new double[k];
    long[] n0 = new long[k];
    DoubleUnaryOperator[] point = new DoubleUnaryOperator[k];
    DoubleUnaryOperator[] lo = new DoubleUnaryOperator[k];
    DoubleUnaryOperator[] hi = new DoubleUnaryOperator[k];
    boolean intervals = true;
    for (int c = 0; c < k; c++) {
      ClassAnswer a = answers.get(c);
      w[c] = a.share();
      n0[c] = Math.max(1, a.images());
      if (untested(a)) {
        // no test image: it weighs nothing in the accuracy, and images of it add nothing
        point[c] = n -> 0;
        lo[c] = point[c];
        hi[c] = point[c];
        continue;
      }
      point[c] = pointCurve(a.fit());
      CurveFit fit = a.fit();
      if (fit.interval(n0[c]) == null) {
        intervals = false;
      } else {
        // Each end holds the point curve, as every interval's does where it is printed: beyond
        // the measured sizes a low --level's band can pass beside it, and a plan from the upper
        // ends then needed more images than the plan from the point.
        DoubleUnaryOperator pc = point[c];
        lo[c] = n -> Math.min(clamp(fit.interval(n)[0]), pc.applyAsDouble(n));
        hi[c] = n -> Math.max(clamp(fit.interval(n)[1]), pc.applyAsDouble(n));
      }
    }
    Allocation p = allocate(w, n0, point, target);
    Allocation optimistic = intervals ? allocate(w, n0, hi, target) : null;
    Allocation pessimistic = intervals ? allocate(w, n0, lo, target) : null;
    return new LabellingPlan(
        curve,
        target,
        names,
        have,
        p.reachable ? boxed(p.add) : List.of(),
        p.before,
        p.reachable ? p.after : Double.NaN,
        p.reachable,
        p.reachable ? Double.NaN : p.ceiling,
        optimistic != null && optimistic.reachable ? optimistic.total() : -1,
        pessimistic != null && pessimistic.reachable ? pessimistic.total() : -1,
        optimistic != null && optimistic.reachable ? boxed(optimistic.add) : List.of(),
        pessimistic != null && pessimistic.reachable ? boxed(pessimistic.add) : List.of(),
        level,
        null);
  }

  private static List<Long> boxed(long[] a) {
    List<Long> out = new ArrayList<>(a.length);
    for (long x : a) {
      out.add(x);
    }
    return out;
  }

  /** The greedy allocation's outcome. */
  static final class Allocation {
    final long[] add;
    final double before;
    final double after;
    final boolean reachable;
    final double ceiling;

    Allocation(long[] add, double before, double after, boolean reachable, double ceiling) {
      this.add = add;
      this.before = before;
      this.after = after;
      this.reachable = reachable;
      this.ceiling = ceiling;
    }

    long total() {
      long s = 0;
      for (long x : add) {
        s += x;
      }
      return s;
    }
  }

  /**
   * The cheapest additions found greedily: each step adds {@value #STEP} of a class's current
   * images (at least one) to the class whose step gains the most expected accuracy per image; the
   * step that reaches the target is cut to the fewest images that do.
   *
   * @param w each class's weight (test-set share)
   * @param n0 each class's images now (at least 1)
   * @param recall each class's recall curve (non-decreasing is assumed for the cut)
   * @param target the overall accuracy to reach
   * @return the additions, or not reachable with the accuracy at {@link
   *     LearningCurveFitter#MAX_SIZE} images per class
   */
  static Allocation allocate(double[] w, long[] n0, DoubleUnaryOperator[] recall, double target) {
    int k = w.length;
    long[] add = new long[k];
    double before = 0;
    double ceiling = 0;
    for (int c = 0; c < k; c++) {
      before += w[c] * recall[c].applyAsDouble(n0[c]);
      ceiling += w[c] * recall[c].applyAsDouble(Math.max(n0[c], LearningCurveFitter.MAX_SIZE));
    }
    double acc = before;
    if (acc >= target) {
      return new Allocation(add, before, acc, true, ceiling);
    }
    if (ceiling < target) {
      return new Allocation(add, before, Double.NaN, false, ceiling);
    }
    while (true) {
      int best = -1;
      double bestRate = 0;
      long bestStep = 0;
      double bestGain = 0;
      for (int c = 0; c < k; c++) {
        long n = n0[c] + add[c];
        long step = Math.max(1, (long) Math.ceil(STEP * n));
        if (n + step > LearningCurveFitter.MAX_SIZE) {
          continue;
        }
        double gain = w[c] * (recall[c].applyAsDouble(n + step) - recall[c].applyAsDouble(n));
        double rate = gain / step;
        if (rate > bestRate) {
          best = c;
          bestRate = rate;
          bestStep = step;
          bestGain = gain;
        }
      }
      if (best < 0) {
        // No step gains anything: the curves are flat before the target (the ceiling is reached
        // only at the largest size searched).
        return new Allocation(add, before, Double.NaN, false, acc);
      }
      if (acc + bestGain >= target) {
        long n = n0[best] + add[best];
        double base = acc - w[best] * recall[best].applyAsDouble(n);
        long lo = 0;
        long hi = bestStep;
        while (hi - lo > 1) {
          long mid = (lo + hi) >>> 1;
          if (base + w[best] * recall[best].applyAsDouble(n + mid) >= target) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        add[best] += hi;
        double after = base + w[best] * recall[best].applyAsDouble(n + hi);
        return new Allocation(add, before, after, true, ceiling);
      }
      add[best] += bestStep;
      acc += bestGain;
    }
  }

  // ------------------------------------------------------------------ sentences

  /**
   * The one line naming the class of {@code curve} that needs the most images.
   *
   * @param report the per-class report
   * @param curve the curve (e.g. {@code head})
   * @return the line, or null when the curve has no fitted class
   */
  public static String mostNeededLine(ClassReport report, String curve) {
    if (!report.present()) {
      return "Per class: no per-class curves: " + report.missing() + ".";
    }
    List<ClassAnswer> answers = report.answers(curve);
    if (answers.isEmpty()) {
      return null;
    }
    ClassAnswer a = answers.get(0);
    String label = curve.equals("head") ? "" : " (" + curve + ")";
    if (a.notFitted() != null) {
      return "Per class" + label + ": '" + a.className() + "' has no curve: " + a.notFitted() + ".";
    }
    // Classes without a curve sort last: the line about the others must not speak for them.
    List<ClassAnswer> noCurve = answers.stream().filter(x -> x.notFitted() != null).toList();
    String line = mostNeededFitted(a, label, report.level(), !noCurve.isEmpty());
    if (line == null || noCurve.isEmpty()) {
      return line;
    }
    StringBuilder s = new StringBuilder(line);
    for (ClassAnswer x : noCurve) {
      s.append(" '").append(x.className()).append("' has no curve: ").append(x.notFitted());
      s.append(".");
    }
    return s.toString();
  }

  /**
   * Sizes in the per-class line rounded as the report's tables write them (three significant
   * figures from 1,000 on, as {@code AnswerSentences} rounds the overall answer): the line said
   * "about 599,574 images" beside the table's "599,000". Interval ends round outwards.
   */
  private static long nearest(long n) {
    return sig3(n, java.math.RoundingMode.HALF_UP);
  }

  private static long down(long n) {
    return sig3(n, java.math.RoundingMode.FLOOR);
  }

  private static long up(long n) {
    return sig3(n, java.math.RoundingMode.CEILING);
  }

  private static long sig3(long n, java.math.RoundingMode mode) {
    return n < 1000
        ? n
        : new java.math.BigDecimal(n).round(new java.math.MathContext(3, mode)).longValue();
  }

  /** {@link #mostNeededLine} for the first class, which has a curve. */
  private static String mostNeededFitted(
      ClassAnswer a, String label, double reportLevel, boolean othersWithoutCurve) {
    String level = FitOptions.levelPercent(reportLevel);
    String has = "it has " + imagesWords(a) + " training images";
    if (a.neverRecognised()) {
      return String.format(
          Locale.ROOT,
          "Per class%s: '%s' was %s (%s).",
          label,
          a.className(),
          a.neverRecognisedText(),
          has);
    }
    if (a.target() != null) {
      TargetEstimate t = a.target();
      String r = Percent.target(t.accuracy());
      if (!t.reachable()) {
        String where = levelsOffBelow(t.levelsOffAt(), t.accuracy());
        // Not "needs the most images": its curve says more images of it alone will not do, and
        // the labelling plan may then add none to it.
        // A finite lower end is never "not reachable" alone (TargetEstimate#describe): some
        // replicates' curves reach the target, as the overall answer says of its own.
        // No replicate reaching it leaves the lower end infinite (fit.json: "lo": null): it
        // printed "at about 9,223,372,036,854,775,807 images", Long.MAX_VALUE.
        String upper =
            !t.hasInterval() || !Double.isFinite(t.lo())
                ? ""
                : String.format(
                    Locale.ROOT,
                    ", though the upper end of its %s interval reaches %s at %s%,d images",
                    level,
                    r,
                    t.loAtMost() ? "at most " : "about ",
                    t.loAtMost() ? up((long) t.lo()) : down((long) t.lo()));
        return String.format(
            Locale.ROOT,
            "Per class%s: '%s' is not expected to reach %s recall by more images alone: its recall"
                + " curve %s%s (%s).",
            label,
            a.className(),
            r,
            where,
            upper,
            has);
      }
      String iv =
          !t.hasInterval()
              ? ""
              : t.atMostOnly()
                  ? String.format(
                      Locale.ROOT, "; %s interval at most %,d", level, up((long) t.lo()))
                  : String.format(
                      Locale.ROOT,
                      "; %s interval %s%,d to %s",
                      level,
                      t.loAtMost() ? "at most " : "",
                      t.loAtMost() ? up((long) t.lo()) : down((long) t.lo()),
                      Double.isFinite(t.hi())
                          ? String.format(Locale.ROOT, "%,d", up((long) Math.ceil(t.hi())))
                          : "unbounded");
      long need = (long) Math.ceil(t.n());
      if (need <= a.images()) {
        // The class needing the most already has them: saying it "needs" images would mislead.
        return String.format(
            Locale.ROOT,
            "Per class%s: every class%s is expected to reach %s recall with the images it has;"
                + " '%s' needs the most: about %,d of its own (%s%s).",
            label,
            othersWithoutCurve ? " with a curve" : "",
            r,
            a.className(),
            nearest(need),
            has,
            iv);
      }
      return String.format(
          Locale.ROOT,
          "Per class%s: '%s' needs the most images: about %,d of its own for %s recall (%s%s).",
          label,
          a.className(),
          nearest((long) Math.ceil(t.n())),
          r,
          has,
          iv);
    }
    Prediction p = a.atAll();
    if (p == null) {
      return null;
    }
    if (!p.hasInterval()) {
      return String.format(
          Locale.ROOT,
          "Per class%s: '%s' has the lowest expected recall %s: %s (no"
              + " interval without the bootstrap).",
          label,
          a.className(),
          withAllWords(a),
          Percent.one(p.accuracy()));
    }
    return String.format(
        Locale.ROOT,
        "Per class%s: '%s' has the lowest expected recall %s: %s (%s interval %s).",
        label,
        a.className(),
        withAllWords(a),
        Percent.one(p.accuracy()),
        level,
        Percent.range(p.lo(), p.hi()));
  }

  /**
   * A class's training images as a sentence names them: the count when it comes from the run's
   * training set; "about N" when {@code fit} estimated it from the largest fraction (the mean count
   * there over the fraction, which rounds); "at least N" when the table has no fraction column and
   * N is the largest count measured.
   */
  static String imagesWords(ClassAnswer a) {
    String n = String.format(Locale.ROOT, "%,d", a.images());
    return switch (a.imagesFrom()) {
      case ClassAnswer.FROM_FRACTION -> "about " + n;
      case ClassAnswer.FROM_LARGEST -> "at least " + n;
      default -> n;
    };
  }

  /**
   * Where a class's prediction is made, as a sentence names it: "with all its 577 images" from the
   * run's training set, "with all its images (about 28)" when {@code fit} estimated the count,
   * "with 400 of its images (the most measured)" when the table gives no fraction to estimate it
   * from.
   */
  static String withAllWords(ClassAnswer a) {
    String n = String.format(Locale.ROOT, "%,d", a.images());
    return switch (a.imagesFrom()) {
      case ClassAnswer.FROM_FRACTION -> "with all its images (about " + n + ")";
      case ClassAnswer.FROM_LARGEST -> "with " + n + " of its images (the most measured)";
      default -> "with all its " + n + " images";
    };
  }

  /**
   * One line stating a labelling plan.
   *
   * @param plan the plan
   * @return the line
   */
  public static String planLine(LabellingPlan plan) {
    String label = plan.curve().equals("head") ? "" : " (" + plan.curve() + ")";
    String head =
        "Labelling plan" + label + " for " + Percent.target(plan.target()) + " accuracy: ";
    if (!plan.present()) {
      return head + "none: " + plan.missing() + ".";
    }
    if (!plan.reachable()) {
      // The overall answer reads the overall curve, which can reach a target the per-class
      // curves do not: say whose verdict this is, so that the two lines do not read as a
      // contradiction.
      String line =
          head
              + "not reachable by the per-class curves: with every class at its curve's level the"
              + " expected accuracy "
              + levelsOffBelow(plan.levelsOffAt(), plan.target())
              + " (the overall curve is fitted on its own and can differ)";
      if (plan.totalLo() >= 0) {
        // The upper ends reach the target: as a class's line and the overall answer do, say
        // that the data cannot rule it out, rather than a flat "not reachable".
        line +=
            String.format(
                Locale.ROOT,
                "; %s interval %s to unbounded: at the upper ends of their recall intervals the"
                    + " classes reach %s %s",
                FitOptions.levelPercent(plan.level()),
                additions(plan.totalLo()),
                Percent.target(plan.target()),
                plan.totalLo() == 0
                    ? "with the images there are"
                    : String.format(
                        Locale.ROOT, "with about %,d more training images", plan.totalLo()));
      }
      return line + ".";
    }
    if (plan.total() == 0) {
      return head
          + "nothing to add: the per-class curves expect "
          + percent(plan.expectedNow())
          + " overall with the images there are (overall accuracy weighs the classes together,"
          + " so it asks no class to reach "
          + Percent.target(plan.target())
          + " recall on its own).";
    }
    Map<String, Long> adds = new LinkedHashMap<>();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < plan.classes().size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing((Integer i) -> -plan.add().get(i)));
    for (int i : order) {
      adds.put(plan.classes().get(i), plan.add().get(i));
    }
    StringBuilder s = new StringBuilder(head);
    s.append(String.format(Locale.ROOT, "add about %,d training images", plan.total()));
    if (plan.totalLo() >= 0) {
      s.append(
          String.format(
              Locale.ROOT,
              " (%s interval %s to %s)",
              FitOptions.levelPercent(plan.level()),
              additions(plan.totalLo()),
              plan.totalHi() >= 0
                  ? String.format(Locale.ROOT, "%,d", plan.totalHi())
                  : "unbounded"));
    }
    s.append(": ");
    List<String> parts = new ArrayList<>();
    int none = 0;
    for (Map.Entry<String, Long> e : adds.entrySet()) {
      if (e.getValue() > 0) {
        parts.add(String.format(Locale.ROOT, "%s +%,d", e.getKey(), e.getValue()));
      } else {
        none++;
      }
    }
    s.append(String.join(", ", parts));
    if (none > 0) {
      s.append(none == 1 ? ", none to the other class" : ", none to the other " + none);
    }
    // The plan comes from the per-class recall curves, not from the overall curve: its "now"
    // can differ from the overall answer, and saying whose numbers these are avoids a puzzle.
    s.append(
        String.format(
            Locale.ROOT,
            " (the per-class curves expect %s now, %s after).",
            percent(plan.expectedNow()),
            percent(plan.expectedAfter())));
    return s.toString();
  }

  /**
   * An end of a plan's interval, in images to add: "none" for 0, which read "0 to unbounded" as if
   * the count were missing; {@code fit.json}'s {@code total_lo} keeps the number.
   *
   * @param images images to add, at least 0
   * @return e.g. {@code none} or {@code 1,234}
   */
  static String additions(long images) {
    return images == 0 ? "none" : String.format(Locale.ROOT, "%,d", images);
  }

  /**
   * Where a curve levels off below a target, in words ({@link Percent#levelsOffBelow}).
   *
   * @param level where the curve levels off
   * @param target the target, above it
   * @return the phrase
   */
  static String levelsOffBelow(double level, double target) {
    return Percent.levelsOffBelow(level, target);
  }

  static String percent(double x) {
    return Percent.of(x);
  }
}
