package org.samplesize.classes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.ImageCounts;
import org.samplesize.fit.AnswerCalibration;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.Percent;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.TargetEstimate;

/**
 * The sentences the per-class answers and labelling plans are printed as (stdout, the fit's JSON
 * and the HTML report read them through {@link ClassCurves#mostNeededLine} and {@link
 * ClassCurves#planLine}): which class needs the most images and why, and what a plan adds.
 *
 * <p>Apart from the fitting and the planning, because the wording has rules of its own (whose
 * verdict a line gives, how an interval's ends read, what a count estimated from a fraction is
 * called) that change without changing a number.
 */
final class ClassLines {

  private ClassLines() {}

  /**
   * The one line naming the class of {@code curve} that needs the most images.
   *
   * @param report the per-class report
   * @param curve the curve (e.g. {@code head})
   * @return the line, or null when the curve has no fitted class
   */
  static String mostNeededLine(ClassReport report, String curve) {
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
    // A class never recognised is already told its curve says nothing.
    if (line != null && !a.neverRecognised() && a.caution() != null) {
      // Its fit's warnings reach fit.json and the report; the line about it says in a few words
      // why its numbers are rougher than they look ("0.0% (90% interval 0.0–0.1%)" on 1 test
      // image).
      line += " Read '" + a.className() + "' as rough: " + a.caution() + ".";
    }
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
        String where = Percent.levelsOffBelow(t.levelsOffAt(), t.accuracy(), t.falls());
        // A curve that falls after its highest value (20% at 1 image, 0% at 2 and 5) does not
        // level off there: say what it reads where the class's images are, which the report's
        // "recall with all its images" shows beside it.
        boolean falls = t.falls() && a.atAll() != null;
        if (falls) {
          where += ", and reads " + Percent.one(a.atAll().accuracy()) + " " + withAllWords(a);
        }
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
                    ", though the upper end of its %s interval reaches %s at %s%s images",
                    level,
                    r,
                    t.loAtMost() ? "at most " : "about ",
                    lower(t));
        return String.format(
            Locale.ROOT,
            "Per class%s: '%s' is not expected to reach %s recall by more images alone: its recall"
                + " curve %s%s%s.",
            label,
            a.className(),
            r,
            where,
            upper,
            // "with all its 11 images" already says how many it has.
            falls ? "" : " (" + has + ")");
      }
      String iv =
          !t.hasInterval()
              ? ""
              : t.atMostOnly()
                  ? String.format(
                      Locale.ROOT, "; %s interval at most %s", level, ImageCounts.up((long) t.lo()))
                  : String.format(
                      Locale.ROOT,
                      "; %s interval %s%s to %s",
                      level,
                      t.loAtMost() ? "at most " : "",
                      lower(t),
                      Double.isFinite(t.hi())
                          ? ImageCounts.up((long) Math.ceil(t.hi()))
                          : "unbounded");
      long need = (long) Math.ceil(t.n());
      if (need <= a.images()) {
        // The class needing the most already has them: saying it "needs" images would mislead.
        return String.format(
            Locale.ROOT,
            "Per class%s: every class%s is expected to reach %s recall with the images it has;"
                + " '%s' needs the most: about %s of its own (%s%s).",
            label,
            othersWithoutCurve ? " with a curve" : "",
            r,
            a.className(),
            ImageCounts.about(need),
            has,
            iv);
      }
      return String.format(
              Locale.ROOT,
              "Per class%s: '%s' needs the most images: about %s of its own for %s recall (%s%s).",
              label,
              a.className(),
              ImageCounts.about(need),
              r,
              has,
              iv)
          + farBeyond(a, need);
    }
    Prediction p = a.atAll();
    if (p == null) {
      return null;
    }
    if (!p.hasInterval()) {
      // Every cause, as the overall answer's sentence names them: not only --bootstrap 0, but no
      // size with repeats, or the default answer on two sizes.
      return String.format(
          Locale.ROOT,
          "Per class%s: '%s' has the lowest expected recall %s: %s (no interval: %s).",
          label,
          a.className(),
          withAllWords(a),
          Percent.one(p.accuracy()),
          CurveFit.NO_INTERVAL_WHY);
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
  static String planLine(LabellingPlan plan) {
    return planLine(plan, Double.NaN);
  }

  /**
   * One line stating a labelling plan, with the images to label to keep the test share.
   *
   * @param plan the plan
   * @param testShare the test set's share of the labelled images (0.1 for a 90/10 split), NaN when
   *     unknown: the line then counts training images only
   * @return the line
   */
  static String planLine(LabellingPlan plan, double testShare) {
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
              + "not reachable by the per-class curves: "
              // Their "now" first: an overall answer that the target is already met read as a
              // contradiction without it.
              + (Double.isFinite(plan.expectedNow())
                  ? "they expect "
                      + percent(plan.expectedNow())
                      + " overall with the images there"
                      + " are, and "
                  : "")
              + "with every class at its curve's level the expected accuracy "
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
                    // The interval's lower end as the same line prints it ("interval 1,230 to
                    // unbounded"), rounded down: rounded to nearest it read "about 1,240".
                    : "with about " + additions(plan.totalLo()) + " more training images");
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
    // Rounded as the answer's sentences round sizes ("about 12,300", not "about 12,319"): the
    // interval says how little the last digits are known; the report's tables and fit.json keep
    // the exact counts.
    s.append("add about ").append(ImageCounts.about(plan.total())).append(" training images");
    if (plan.totalLo() >= 0) {
      s.append(
          String.format(
              Locale.ROOT,
              " (%s interval %s to %s)",
              FitOptions.levelPercent(plan.level()),
              additions(plan.totalLo()),
              plan.totalHi() >= 0 ? ImageCounts.up(plan.totalHi()) : "unbounded"));
    }
    s.append(": ");
    List<String> parts = new ArrayList<>();
    int none = 0;
    for (Map.Entry<String, Long> e : adds.entrySet()) {
      if (e.getValue() > 0) {
        parts.add(e.getKey() + " +" + ImageCounts.about(e.getValue()));
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
            " (the per-class curves expect %s now, %s after)",
            percent(plan.expectedNow()),
            percent(plan.expectedAfter())));
    // The counts are training images: keeping the test share means labelling 1/(1 - share) as
    // many, which a reader collecting images would otherwise have to work out.
    if (testShare > 0 && testShare < 1) {
      s.append("; to keep the ")
          // To 0.1 points first: fit's estimated training counts give 9.998%, which read "10.0%".
          .append(Percent.of(Math.round(testShare * 1000) / 1000.0))
          .append(" test share, label about ")
          .append(ImageCounts.about(Math.round(plan.total() / (1 - testShare))));
    }
    return s.append('.').toString();
  }

  /**
   * {@link #planLine(LabellingPlan, double)} with the test share of the report's classes, and, when
   * the per-class curves were fitted to two sizes ({@link CurveFit#risingOnly}), what that makes of
   * its numbers: on tf_flowers at 165 and 330 images the plan for 90% read "nothing to add: the
   * per-class curves expect 98.8% overall", where four sizes expect 91.8%.
   *
   * @param report the report the plan is from
   * @param plan the plan
   * @return the line
   */
  static String planLine(ClassReport report, LabellingPlan plan, String overallShortfall) {
    String far = farBeyond(report, plan);
    String line =
        planLine(plan, testShare(report, plan))
            + versusOverall(plan, overallShortfall, far.isEmpty());
    boolean rising =
        plan.present()
            && report.answers().stream()
                .anyMatch(
                    a -> a.curve().equals(plan.curve()) && a.fit() != null && a.fit().risingOnly());
    if (rising) {
      line +=
          " The per-class curves come from 2 sizes and keep rising: read the accuracies they"
              + " expect as upper figures and the images to add as lower ones.";
    }
    return line + far;
  }

  /**
   * Where the per-class curves reach a target the overall curve does not: the overall answer says
   * "levels off at 94.6%, below 95%" and the plan below it adds 46,800 images. Both are fits of the
   * same models, the overall accuracy's and each class's recall, extrapolated far; that they part
   * here says the target lies beyond what the measured sizes pin down, which is worth saying rather
   * than leaving the reader two answers.
   *
   * @param plan the plan
   * @param overallShortfall how the overall curve falls short, or null
   * @param roughGuide whether to say "a rough guide" (not when the far-beyond note says it)
   * @return the sentence, with a leading space, or empty
   */
  static String versusOverall(LabellingPlan plan, String overallShortfall, boolean roughGuide) {
    if (overallShortfall == null || !plan.present() || !plan.reachable() || plan.total() <= 0) {
      return "";
    }
    return " The overall curve, fitted on its own, "
        + overallShortfall
        + "; the two disagree about "
        + Percent.target(plan.target())
        + ", which lies beyond what the measured sizes pin down"
        + (roughGuide ? ": read this plan as a rough guide." : ".");
  }

  /**
   * The words for a class's size far beyond its largest measured size, or empty: the overall answer
   * warns beyond {@link AnswerCalibration#checkedUpTo} times its own largest size, and a class's
   * line read "about 7,460 of its own" for a class measured up to 49 images beside only its few
   * test images' caution (its fit's warning said so in fit.json and the report alone).
   */
  private static String farBeyond(ClassAnswer a, long need) {
    if (!(a.largestSize() > 0) || !beyondChecked(need / a.largestSize())) {
      return "";
    }
    return " That is "
        + times(need / a.largestSize())
        + " times its largest measured size ("
        + ImageCounts.about(Math.round(a.largestSize()))
        + "), "
        + CHECKED
        + ": a rough guide.";
  }

  /** Whether a multiple of a class's largest measured size lies beyond the intervals' checks. */
  private static boolean beyondChecked(double times) {
    return times > AnswerCalibration.DEFAULT.checkedUpTo();
  }

  /** A multiple, rounded and grouped as every count: "40", "1,520". */
  private static String times(double x) {
    return String.format(Locale.ROOT, "%,.0f", x);
  }

  /** How far the intervals were checked, as both far-beyond notes say it. */
  private static final String CHECKED =
      String.format(
          Locale.ROOT,
          "beyond the %.0f times the intervals were checked on real curves",
          AnswerCalibration.DEFAULT.checkedUpTo());

  /**
   * The words for a plan that takes a class far beyond its largest measured size, or empty: the
   * overall answer warns beyond {@link AnswerCalibration#checkedUpTo} times its own largest size,
   * and a plan for 88% on Fashion-MNIST added 12,400,000 images to classes measured up to about 300
   * each without a word.
   */
  private static String farBeyond(ClassReport report, LabellingPlan plan) {
    if (!plan.present() || !plan.reachable()) {
      return "";
    }
    double farthest = 0;
    String which = null;
    for (int i = 0; i < plan.classes().size(); i++) {
      long add = plan.add().get(i);
      if (add <= 0) {
        continue;
      }
      String name = plan.classes().get(i);
      ClassAnswer a = answer(report, plan, name);
      if (a == null || !(a.largestSize() > 0)) {
        continue;
      }
      double times = (plan.have().get(i) + add) / a.largestSize();
      if (times > farthest) {
        farthest = times;
        which = name;
      }
    }
    if (which == null || !beyondChecked(farthest)) {
      return "";
    }
    return " '"
        + which
        + "' would then have "
        + times(farthest)
        + " times its largest measured size, "
        + CHECKED
        + ": read the plan as a rough guide.";
  }

  /**
   * The test set's share of the labelled images behind a plan: its classes' test images over those
   * and their training images.
   *
   * @param report the report the plan is from
   * @param plan the plan
   * @return e.g. 0.1, NaN when a class's test images are unknown
   */
  static double testShare(ClassReport report, LabellingPlan plan) {
    long test = 0;
    long have = 0;
    for (int i = 0; i < plan.classes().size(); i++) {
      ClassAnswer a = answer(report, plan, plan.classes().get(i));
      if (a == null || a.testImages() < 0) {
        return Double.NaN;
      }
      test += a.testImages();
      have += plan.have().get(i);
    }
    return test > 0 && have > 0 ? (double) test / (test + have) : Double.NaN;
  }

  /** The report's answer for a class of the plan's curve, or null when it has none. */
  private static ClassAnswer answer(ClassReport report, LabellingPlan plan, String name) {
    return report.answers().stream()
        .filter(x -> x.curve().equals(plan.curve()) && x.className().equals(name))
        .findFirst()
        .orElse(null);
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

  /**
   * An expected accuracy, always with one decimal: a plan whose last step lands on the target to
   * within 1e-9 read "85.2% now, 88% after" beside another's "86.0% after".
   */
  static String percent(double x) {
    return Percent.one(x);
  }

  /**
   * A target interval's lower end as the lines print it, rounded as the overall answer's sentences
   * round it ({@link ImageCounts}, outwards: up when it is "at most" the smallest size, else down),
   * with "about"; the report's tables show the number itself.
   */
  private static String lower(TargetEstimate t) {
    return t.loAtMost() ? ImageCounts.up((long) t.lo()) : ImageCounts.down((long) t.lo());
  }

  /**
   * A plan's lower interval end, in images to add: "none" for 0, which read "0 to unbounded" as if
   * the count were missing; else rounded down as the answer's sentences round a lower end ({@link
   * ImageCounts#down}); {@code fit.json}'s {@code total_lo} keeps the number.
   *
   * @param images images to add, at least 0
   * @return e.g. {@code none} or {@code 1,230}
   */
  static String additions(long images) {
    return images == 0 ? "none" : ImageCounts.down(images);
  }
}
