package org.samplesize.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.classes.ClassReport;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.MeanAnswer;
import org.samplesize.fit.TargetEstimate;

/**
 * The curve fit's result as the report and {@code validation.json} need it.
 *
 * @param curves one entry per curve ({@code head}, {@code fine-tune}), every family fitted
 * @param targets answers to "how many images for this accuracy?", per curve and target
 * @param intervalLevel the level of every interval, e.g. 0.9
 * @param plotSvg the learning-curve plot as SVG text (embedded in the report), or {@code null}
 * @param plotPng the plot as PNG bytes (embedded in the report when there is no SVG), or {@code
 *     null}
 * @param plotFiles the plot files written, relative to the output folder
 * @param warnings per curve name, what the fit says its intervals cannot show (as {@code fit.json}
 *     and {@code samplesize fit} give them); a curve without warnings may be absent
 * @param perClass the per-class curves and labelling plans, or null when they were not made
 * @param perClassPlot the per-class small multiples as PNG bytes, or null
 */
public record FitSummary(
    List<Curve> curves,
    List<Target> targets,
    double intervalLevel,
    String plotSvg,
    byte[] plotPng,
    List<String> plotFiles,
    Map<String, List<String>> warnings,
    ClassReport perClass,
    byte[] perClassPlot) {

  /**
   * A fit without per-class curves.
   *
   * @param curves one entry per curve
   * @param targets answers per curve and target
   * @param intervalLevel the level of every interval
   * @param plotSvg the plot as SVG text, or {@code null}
   * @param plotPng the plot as PNG bytes, or {@code null}
   * @param plotFiles the plot files written, relative to the output folder
   * @param warnings per curve name, the fit's warnings
   */
  public FitSummary(
      List<Curve> curves,
      List<Target> targets,
      double intervalLevel,
      String plotSvg,
      byte[] plotPng,
      List<String> plotFiles,
      Map<String, List<String>> warnings) {
    this(curves, targets, intervalLevel, plotSvg, plotPng, plotFiles, warnings, null, null);
  }

  /**
   * @param report the per-class curves and plans
   * @param plot their small multiples as PNG bytes, or null
   * @return a copy with them
   */
  public FitSummary withPerClass(ClassReport report, byte[] plot) {
    return new FitSummary(
        curves, targets, intervalLevel, plotSvg, plotPng, plotFiles, warnings, report, plot);
  }

  /**
   * This summary with more warnings on a curve, after its own: what reading the results table
   * noticed, which {@code run} shows beside the answer.
   *
   * @param curve the curve the warnings are shown with
   * @param more the warnings to add; none leaves the summary as it is
   * @return the summary
   */
  public FitSummary withWarnings(String curve, List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    Map<String, List<String>> all = new LinkedHashMap<>(warnings);
    List<String> list = new java.util.ArrayList<>(all.getOrDefault(curve, List.of()));
    list.addAll(more);
    all.put(curve, list);
    return new FitSummary(
        curves, targets, intervalLevel, plotSvg, plotPng, plotFiles, all, perClass, perClassPlot);
  }

  /** Copies the lists and the map (keeping the curves' order). */
  public FitSummary {
    curves = List.copyOf(curves);
    targets = List.copyOf(targets);
    plotFiles = List.copyOf(plotFiles);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    if (warnings != null) {
      warnings.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    }
    warnings = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * A fit without warnings.
   *
   * @param curves one entry per curve
   * @param targets answers per curve and target
   * @param intervalLevel the level of every interval
   * @param plotSvg the plot as SVG text, or {@code null}
   * @param plotFiles the plot files written, relative to the output folder
   */
  public FitSummary(
      List<Curve> curves,
      List<Target> targets,
      double intervalLevel,
      String plotSvg,
      List<String> plotFiles) {
    this(curves, targets, intervalLevel, plotSvg, null, plotFiles, Map.of());
  }

  /**
   * A fit with an SVG plot only.
   *
   * @param curves one entry per curve
   * @param targets answers per curve and target
   * @param intervalLevel the level of every interval
   * @param plotSvg the plot as SVG text, or {@code null}
   * @param plotFiles the plot files written, relative to the output folder
   * @param warnings per curve name, the fit's warnings
   */
  public FitSummary(
      List<Curve> curves,
      List<Target> targets,
      double intervalLevel,
      String plotSvg,
      List<String> plotFiles,
      Map<String, List<String>> warnings) {
    this(curves, targets, intervalLevel, plotSvg, null, plotFiles, warnings);
  }

  /**
   * @param curve a curve name
   * @return the fit's warnings for that curve; empty when none
   */
  public List<String> warnings(String curve) {
    return warnings.getOrDefault(curve, List.of());
  }

  /**
   * @param curve a curve name
   * @return that curve, or {@code null}
   */
  public Curve curve(String curve) {
    return curves.stream().filter(c -> c.name().equals(curve)).findFirst().orElse(null);
  }

  /**
   * How a plan's curve falls short of the plan's target, for the plan's line ({@link
   * org.samplesize.classes.ClassCurves#planLine(ClassReport, org.samplesize.classes.LabellingPlan,
   * String)}).
   *
   * @param plan a labelling plan
   * @return e.g. {@code "levels off at 94.6%, below 95%"}, or null when the plan's curve reaches
   *     its target or has no answer for it
   */
  public String shortfall(org.samplesize.classes.LabellingPlan plan) {
    return shortfall(targets, plan);
  }

  /**
   * {@link #shortfall(org.samplesize.classes.LabellingPlan)} among fitted curves' answers.
   *
   * @param fits the overall curves' fits
   * @param plan a labelling plan
   * @return the words, or null
   */
  public static String shortfallOfFits(
      List<org.samplesize.fit.CurveFit> fits, org.samplesize.classes.LabellingPlan plan) {
    return shortfall(fits.stream().flatMap(cf -> targets(cf).stream()).toList(), plan);
  }

  /**
   * {@link #shortfall(org.samplesize.classes.LabellingPlan)} among some target answers.
   *
   * @param targets the overall curves' target answers
   * @param plan a labelling plan
   * @return the words, or null
   */
  public static String shortfall(List<Target> targets, org.samplesize.classes.LabellingPlan plan) {
    for (Target t : targets) {
      if (t.curve().equals(plan.curve())
          && t.accuracy() == plan.target()
          && t.n() < 0
          && Double.isFinite(t.levelsOffAt())) {
        return org.samplesize.fit.Percent.levelsOffBelow(t.levelsOffAt(), t.accuracy(), t.falls());
      }
    }
    return null;
  }

  /**
   * The report model of a fit: per curve each family's parameters, fit quality and prediction at
   * {@code fullSize}, the chosen family's prediction with the selection-aware interval, and the
   * answers to the targets.
   *
   * @param fits the fitted curves
   * @param level the level of every interval
   * @param plot the rendered plot
   * @param plotFiles the plot files written, relative to the output folder
   * @param fullSize the training-set size to predict at
   * @return the summary
   */
  public static FitSummary of(
      List<CurveFit> fits,
      double level,
      LearningCurvePlot.Rendered plot,
      List<String> plotFiles,
      int fullSize) {
    List<Curve> curves = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    Map<String, List<String>> fitWarnings = new LinkedHashMap<>();
    for (CurveFit cf : fits) {
      fitWarnings.put(cf.curve(), cf.warnings());
      List<Family> families = new ArrayList<>();
      for (FamilyFit ff : cf.families()) {
        boolean chosen = ff.family().id().equals(cf.chosen());
        if (!ff.fitted()) {
          families.add(
              new Family(
                  ff.family().id(),
                  ff.family().formula(),
                  "not fitted: " + ff.skipped(),
                  Double.NaN,
                  Double.NaN,
                  null,
                  false));
          continue;
        }
        StringBuilder params = new StringBuilder();
        ff.params()
            .forEach(
                (k, v) ->
                    params
                        .append(params.length() == 0 ? "" : " ")
                        .append(k)
                        .append('=')
                        .append(String.format(java.util.Locale.ROOT, "%.4g", v)));
        families.add(
            new Family(
                ff.family().id(),
                ff.family().formula(),
                params.toString(),
                ff.aicc(),
                Math.sqrt(ff.mse()),
                at(ff, fullSize),
                chosen));
      }
      // The answer: the chosen family's values with the selection-aware intervals.
      FamilyFit best = cf.chosenFit();
      curves.add(
          new Curve(
              cf.curve(),
              cf.chosen(),
              families,
              // No family could be fitted (e.g. only pow3 asked for, with two sizes): no answer.
              best == null ? null : rising(cf, at(cf.predictions(), best, fullSize)),
              cf.mean() != null,
              cf.mean() == null ? List.of() : cf.mean().familyIds(),
              cf.mean() == null ? "" : cf.mean().leftOutWords(),
              !CurveFit.INTERVAL_NONE.equals(cf.interval())));
      targets.addAll(targets(cf));
    }
    return new FitSummary(curves, targets, level, plot.svg(), plot.png(), plotFiles, fitWarnings);
  }

  /**
   * The answers to a curve's targets, sizes rounded up as {@code fit.json} gives them.
   *
   * @param cf a fitted curve
   * @return one answer per {@code --target}, in their order
   */
  public static List<Target> targets(CurveFit cf) {
    List<Target> targets = new ArrayList<>();
    long smallest = (long) cf.sizes().stream().mapToDouble(z -> z.size()).min().orElse(-1);
    for (TargetEstimate t : cf.targets()) {
      long n = t.reachable() && Double.isFinite(t.n()) ? (long) Math.ceil(t.n()) : -1;
      long lo = Double.isFinite(t.lo()) ? (long) Math.ceil(t.lo()) : -1;
      long hi = Double.isFinite(t.hi()) ? (long) Math.ceil(t.hi()) : -1;
      targets.add(
          new Target(
              cf.curve(),
              t.accuracy(),
              n,
              lo,
              hi,
              smallest,
              t.loAtMost(),
              t.reachable() ? Double.NaN : t.levelsOffAt(),
              !t.reachable() && t.falls(),
              cf.lowerFigure(t)));
    }
    return targets;
  }

  /**
   * The answer's predictions of a curve (the mean of the families by default, else the chosen
   * family, with the interval the curve fit names); none when no family could be fitted.
   *
   * @param cf a fitted curve
   * @return one prediction per {@code --predict} size, in their order
   */
  public static List<Prediction> predictions(CurveFit cf) {
    List<Prediction> out = new ArrayList<>();
    if (cf.chosenFit() == null) {
      return out;
    }
    for (org.samplesize.fit.Prediction p : cf.predictions()) {
      // Sizes are whole numbers (SampleSize rounds a multiple such as 2.5x to one).
      out.add(
          rising(
              cf,
              new Prediction(
                  Math.round(p.n()),
                  p.accuracy(),
                  p.hasInterval() ? p.lo() : Double.NaN,
                  p.hasInterval() ? p.hi() : Double.NaN)));
    }
    return out;
  }

  /**
   * The prediction with the measured mean it lies above, when the answer rests on curves that keep
   * rising ({@link CurveFit#risingOnly}) and the prediction is beyond the largest size and above
   * its mean: the sentence then gives the two as a range, not the curves' value alone.
   */
  private static Prediction rising(CurveFit cf, Prediction p) {
    if (!cf.risingOnly() || p.n() <= cf.largestSize()) {
      return p;
    }
    org.samplesize.fit.SizeSummary largest = cf.sizes().get(cf.sizes().size() - 1);
    if (!(p.accuracy() > largest.mean())) {
      return p;
    }
    return new Prediction(
        p.n(),
        p.accuracy(),
        p.lo(),
        p.hi(),
        new Measured(Math.round(largest.size()), largest.mean()));
  }

  private static Prediction at(FamilyFit ff, int n) {
    return at(ff.predictions(), ff, n);
  }

  private static Prediction at(
      List<org.samplesize.fit.Prediction> predictions, FamilyFit ff, int n) {
    for (org.samplesize.fit.Prediction p : predictions) {
      if (Math.abs(p.n() - n) < 0.5) {
        return new Prediction(
            n,
            p.accuracy(),
            p.hasInterval() ? p.lo() : Double.NaN,
            p.hasInterval() ? p.hi() : Double.NaN);
      }
    }
    return new Prediction(n, ff.predict(n), Double.NaN, Double.NaN);
  }

  /**
   * A prediction of accuracy at one training-set size.
   *
   * @param n training-set size
   * @param accuracy predicted accuracy
   * @param lo lower end of the interval
   * @param hi upper end of the interval
   * @param risingFrom when the answer rests only on curves that keep rising ({@link
   *     CurveFit#risingOnly}, two sizes) and {@code n} lies beyond the largest size: that size and
   *     its measured mean, below the answer, which then reads as an upper figure; null otherwise
   */
  public record Prediction(long n, double accuracy, double lo, double hi, Measured risingFrom) {

    /** A prediction that is not an upper figure. */
    public Prediction(long n, double accuracy, double lo, double hi) {
      this(n, accuracy, lo, hi, null);
    }

    /**
     * @return whether the prediction has an interval ({@code lo} and {@code hi} are NaN without
     *     one, e.g. with {@code --bootstrap 0}: never the point repeated, which would read as an
     *     interval of zero width)
     */
    public boolean hasInterval() {
      return !Double.isNaN(lo) && !Double.isNaN(hi);
    }
  }

  /**
   * A measured point of a curve.
   *
   * @param size training-set size
   * @param mean the mean over its repeats
   */
  public record Measured(long size, double mean) {}

  /**
   * One fitted curve family.
   *
   * @param name family name, e.g. {@code inverse power law}
   * @param formula the formula, e.g. {@code a - b·n^-c}
   * @param parameters fitted parameters, e.g. {@code a=0.91 b=0.80 c=0.45}
   * @param aicc corrected Akaike information criterion (lower is better), NaN when unknown
   * @param rmse root-mean-square error of the fit
   * @param atFull the family's prediction at the full training-set size, or {@code null}
   * @param selected whether model selection chose this family
   */
  public record Family(
      String name,
      String formula,
      String parameters,
      double aicc,
      double rmse,
      Prediction atFull,
      boolean selected) {}

  /**
   * One learning curve ({@code head} or {@code fine-tune}) with every family fitted to it.
   *
   * @param name curve name
   * @param selectedFamily the family model selection chose: the answer when families were named,
   *     else the best single family beside the answer
   * @param families every family fitted, side by side in the report
   * @param atFull the answer's prediction at the full training-set size
   * @param answerIsMean whether the answer is the mean of the families (the default), not {@code
   *     selectedFamily}
   * @param meanFamilies when the answer is the mean: the families averaged ({@link
   *     MeanAnswer#familyIds}); empty otherwise, or when not known
   * @param leftOut when the answer is the mean: the families it leaves out and why ({@link
   *     MeanAnswer#leftOutWords}), empty when none is
   * @param withInterval whether the answer and the family rows have intervals (not {@link
   *     CurveFit#INTERVAL_NONE})
   */
  public record Curve(
      String name,
      String selectedFamily,
      List<Family> families,
      Prediction atFull,
      boolean answerIsMean,
      List<String> meanFamilies,
      String leftOut,
      boolean withInterval) {
    /** Copies the lists. */
    public Curve {
      families = List.copyOf(families);
      meanFamilies = List.copyOf(meanFamilies);
    }

    /** A curve whose families are not listed, with intervals. */
    public Curve(
        String name,
        String selectedFamily,
        List<Family> families,
        Prediction atFull,
        boolean answerIsMean) {
      this(name, selectedFamily, families, atFull, answerIsMean, List.of(), "", true);
    }

    /** A curve whose answer is its selected family. */
    public Curve(String name, String selectedFamily, List<Family> families, Prediction atFull) {
      this(name, selectedFamily, families, atFull, false);
    }
  }

  /**
   * The answer to "how many images for this accuracy?".
   *
   * @param curve the curve it was read from
   * @param accuracy the target accuracy
   * @param n images needed, or -1 when the fitted curve never reaches the target
   * @param lo lower end of the interval, or -1 when unknown
   * @param hi upper end of the interval, or -1 when the upper end is unbounded
   * @param smallestSize the smallest size measured, or -1 when unknown: an answer below it is the
   *     curve extrapolated downwards, and the sentence says so
   * @param loAtMost whether {@code lo} is the smallest size measured because the interval already
   *     reaches the target there ({@link TargetEstimate#loAtMost}): it reads "at most {@code lo}"
   * @param levelsOffAt where the fitted curve levels off when it does not reach the target ({@link
   *     TargetEstimate#levelsOffAt}), NaN otherwise or when unknown
   * @param falls whether that curve falls after {@code levelsOffAt}, its highest value, rather than
   *     levelling off there ({@link TargetEstimate#falls})
   * @param risingOnly whether the answer rests only on curves that keep rising ({@link
   *     CurveFit#risingOnly}, two sizes) and {@code n} lies beyond the largest size: such curves
   *     reach a target sooner than one that levels off, so {@code n} is a lower figure
   */
  public record Target(
      String curve,
      double accuracy,
      long n,
      long lo,
      long hi,
      long smallestSize,
      boolean loAtMost,
      double levelsOffAt,
      boolean falls,
      boolean risingOnly) {

    /** A target answer that is not a lower figure. */
    public Target(
        String curve,
        double accuracy,
        long n,
        long lo,
        long hi,
        long smallestSize,
        boolean loAtMost,
        double levelsOffAt,
        boolean falls) {
      this(curve, accuracy, n, lo, hi, smallestSize, loAtMost, levelsOffAt, falls, false);
    }

    /** A target answer whose curve, when it does not reach the target, levels off. */
    public Target(
        String curve,
        double accuracy,
        long n,
        long lo,
        long hi,
        long smallestSize,
        boolean loAtMost,
        double levelsOffAt) {
      this(curve, accuracy, n, lo, hi, smallestSize, loAtMost, levelsOffAt, false);
    }

    /** A target answer without the level its curve levels off at. */
    public Target(
        String curve,
        double accuracy,
        long n,
        long lo,
        long hi,
        long smallestSize,
        boolean loAtMost) {
      this(curve, accuracy, n, lo, hi, smallestSize, loAtMost, Double.NaN, false);
    }

    /** A target answer whose lower end is where the interval reaches the target. */
    public Target(String curve, double accuracy, long n, long lo, long hi, long smallestSize) {
      this(curve, accuracy, n, lo, hi, smallestSize, false);
    }

    /** A target answer without the smallest size measured. */
    public Target(String curve, double accuracy, long n, long lo, long hi) {
      this(curve, accuracy, n, lo, hi, -1);
    }
  }

  /**
   * {@code --validate}: a curve's prediction at the full training-set size against a model of that
   * curve (a head, or a fine-tuned model) trained on it.
   *
   * @param curve the curve ({@code head}, {@code fine-tune})
   * @param n training-set size
   * @param predicted predicted accuracy
   * @param lo lower end of the interval
   * @param hi upper end of the interval
   * @param measured measured accuracy
   */
  public record Validation(
      String curve, long n, double predicted, double lo, double hi, double measured) {
    /**
     * @return whether the measured accuracy lies inside the interval
     */
    public boolean inside() {
      return measured >= lo && measured <= hi;
    }

    /**
     * @return whether there is an interval to compare with ({@code --bootstrap 0} gives none)
     */
    public boolean hasInterval() {
      return !Double.isNaN(lo) && !Double.isNaN(hi);
    }

    /**
     * The validation in one sentence, as the console and {@code report.html} both print it:
     * "Validation: measured 91.0% with all 3,303 training images (inside the interval)." The
     * interval is the one of the answer's sentence for the whole training set, printed just above.
     *
     * @param named whether to name the curve, "Validation (fine-tune): ..." (when several curves
     *     have a validation model)
     * @param usable whether some planned training images did not decode, so that {@code n} counts
     *     the usable ones
     * @return the sentence
     */
    public String sentence(boolean named, boolean usable) {
      return String.format(
          Locale.ROOT,
          "Validation%s: measured %.1f%% with all %,d %straining images (%s).",
          named ? " (" + curve + ")" : "",
          measured * 100,
          n,
          usable ? "usable " : "",
          verdict());
    }

    /**
     * The verdict, with how far outside: the interval is printed rounded outwards and the measured
     * accuracy to the nearest 0.1 point, so a measured value a hair outside can print inside the
     * printed interval; the distance says which it is.
     *
     * @return "inside the interval", e.g. "outside the interval, 0.03 points below its lower end",
     *     or "no interval to compare with"
     */
    public String verdict() {
      if (!hasInterval()) {
        return "no interval to compare with";
      }
      if (inside()) {
        return "inside the interval";
      }
      boolean below = measured < lo;
      double points = 100 * (below ? lo - measured : measured - hi);
      return String.format(
          Locale.ROOT,
          "outside the interval, %s points %s",
          points >= 0.1
              ? String.format(Locale.ROOT, "%.1f", points)
              : points >= 0.001 ? String.format(Locale.ROOT, "%.3f", points) : "less than 0.001",
          below ? "below its lower end" : "above its upper end");
    }
  }
}
