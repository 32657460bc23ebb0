package org.samplesize.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.samplesize.SamplesizeException;
import org.samplesize.classes.ClassAnswer;
import org.samplesize.classes.ClassCurves;
import org.samplesize.classes.ClassReport;
import org.samplesize.classes.LabellingPlan;
import org.samplesize.fit.AnswerCalibration;
import org.samplesize.fit.CurveFamily;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.FitMethod;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.MeanAnswer;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.SampleSize;
import org.samplesize.fit.SizeSummary;
import org.samplesize.fit.TargetEstimate;

/**
 * Writes {@code fit.json}: the settings, and per curve the observations, the answer (the chosen
 * family's predictions and targets with the selection-aware intervals, how often each family was
 * selected in the bootstrap, warnings), every family side by side (parameters, errors, predictions,
 * targets with that family's own intervals, or the reason it was skipped) and the chosen one.
 * Numbers that do not exist (an interval with the bootstrap off, an unbounded upper end) are {@code
 * null}. The fields are documented in docs/outputs.md ("fit.json").
 */
public final class FitJsonWriter {
  /** The file name the command line writes. */
  public static final String FILE_NAME = "fit.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** How the bootstrap replicates are drawn, as {@code fit.json} records it. */
  public static final String INTERVAL_METHOD =
      "percentile bootstrap over repeats within each size, deviations widened by"
          + " sqrt(r/(r-1))*t_{r-1}/z";

  /** How the answer's intervals are made when a family was selected. */
  public static final String ANSWER_SELECTION =
      "selection-bootstrap: each replicate refits every family and selects one again by the same"
          + " leave-last-size-out + AICc rule; the selected family's value plus its own"
          + " leave-last-size-out error times "
          + LearningCurveFitter.EXTRAPOLATION_FACTOR
          + " with a random sign per size step beyond the largest size (steps of at least a"
          + " doubling, at most 3 steps, never below the replicate's value at the largest size);"
          + " percentile interval over the replicates";

  /**
   * A target answer's {@code text}: on two sizes whose curves keep rising ({@link
   * CurveFit#risingOnly}) a size beyond the largest is a lower figure, "more than 852: …", for the
   * curves of the table and of each class alike (a class's read "376" where its own fit's read
   * "more than 376: …").
   *
   * @param c the curve the target was answered on
   * @param t the answer
   * @param level the interval level
   * @return the text
   */
  private static String text(CurveFit c, TargetEstimate t, double level) {
    String text = t.describe(level);
    return c.lowerFigure(t) ? "more than " + text + ": " + AnswerSentences.SOONER : text;
  }

  /** What the default answer averages, in the descriptions with and without an interval. */
  private static final String MEAN_OF =
      "the answer is the mean of the fitted curve families (pow2, pow3, pow4, exp3, log2, vap3,"
          + " mmf4, wbl4) but those that contradict the measured means (each curve's `left_out`)";

  /** How the answer and its intervals are made by default ({@code --family auto}). */
  public static final String ANSWER_MEAN =
      "calibrated-mean: "
          + MEAN_OF
          + "; its interval is the answer plus multipliers times"
          + " √(h² + d²), h the mean half-width of those families' own bootstrap intervals and d"
          + " the standard deviation of their values, the multipliers per doubling beyond the"
          + " largest size learned on a corpus of real learning curves; joined with the own"
          + " interval of the guard (each curve's `guard`), shrunk to its `guard_share`: the guard"
          + " is the one of pow4, exp3, mmf4 and wbl4 whose curve the size means support best, by"
          + " an AICc with each size's own noise, and the share grows from "
          + AnswerCalibration.GUARD_MIN_SHARE
          + " to 1 with its"
          + " Akaike weight by that AICc against the best of pow2, pow3, log2 and vap3 (the averaged"
          + " families that cannot guard; docs/method.md)";

  /** How the answer's intervals are made when no family was selected (one family asked for). */
  public static final String ANSWER_FAMILY =
      "family-bootstrap: the answer is the one family's row, with that family's own refits";

  /** How the family rows' intervals are made. */
  public static final String FAMILY_ROWS =
      "family-bootstrap: that family's own refits, conditional on the family (ignores the"
          + " selection)";

  /** Why a curve answered by a named family has no interval, with the bootstrap on or off. */
  static final String CHOSEN_NO_INTERVAL_WHY =
      "intervals need --bootstrap above 0 and repeats at some size";

  /**
   * How the default answer is made where no curve has an interval, with the reason ({@link
   * CurveFit#NO_INTERVAL_WHY}).
   */
  public static final String ANSWER_MEAN_NONE =
      CurveFit.INTERVAL_NONE
          + ": "
          + MEAN_OF
          + ", without an interval: "
          + CurveFit.NO_INTERVAL_WHY;

  /** How the answer is made with families named where no curve has an interval. */
  public static final String ANSWER_CHOSEN_NONE =
      CurveFit.INTERVAL_NONE
          + ": the answer is the chosen family's row (each curve's `chosen`), without an interval: "
          + CHOSEN_NO_INTERVAL_WHY;

  /** How the family rows are made where no curve has an interval. */
  public static final String FAMILY_ROWS_NONE =
      CurveFit.INTERVAL_NONE + ": the family rows have no interval either";

  /** Added to a description true of the curves with an interval when others have none. */
  static final String WITHOUT = "; the curves named in `no_interval` ";

  private FitJsonWriter() {}

  /**
   * How the answer and its interval are made, true of every curve: when no curve has an interval it
   * begins with {@code none}, when some have none it names them.
   */
  private static String answerDescription(List<CurveFit> fits, List<String> without) {
    // By what answers, not by the curve's interval: the mean of a curve without repeats (interval
    // "none") was described as one family's row.
    boolean mean = fits.stream().anyMatch(c -> c.mean() != null);
    if (!fits.isEmpty() && without.size() == fits.size()) {
      return mean ? ANSWER_MEAN_NONE : ANSWER_CHOSEN_NONE;
    }
    boolean selected =
        fits.stream().anyMatch(c -> CurveFit.INTERVAL_SELECTION.equals(c.interval()));
    String with = mean ? ANSWER_MEAN : selected ? ANSWER_SELECTION : ANSWER_FAMILY;
    if (without.isEmpty()) {
      return with;
    }
    return with
        + WITHOUT
        + "have the same answer without an interval: "
        + (mean ? CurveFit.NO_INTERVAL_WHY : CHOSEN_NO_INTERVAL_WHY)
        + " (each curve's warnings say which is missing)";
  }

  /** How the family rows' intervals are made, true of every curve. */
  private static String familyRowsDescription(List<CurveFit> fits, List<String> without) {
    if (!fits.isEmpty() && without.size() == fits.size()) {
      return FAMILY_ROWS_NONE;
    }
    return without.isEmpty()
        ? FAMILY_ROWS
        : FAMILY_ROWS + WITHOUT + "have no interval on their family rows either";
  }

  /**
   * Builds the JSON tree.
   *
   * @param fits the curve fits
   * @param options the settings they were made with
   * @param input where the rows came from (a file name or a label)
   * @param metric the metric that was fitted
   * @return the tree
   */
  public static ObjectNode toJson(
      List<CurveFit> fits, FitOptions options, String input, String metric) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("input", input);
    root.put("metric", metric);
    root.put("method", options.method().id());
    root.put("weights", options.weights().id());
    root.put("bootstrap", options.bootstrap());
    root.put("seed", options.seed());
    root.put("level", options.level());
    ObjectNode interval = root.putObject("interval");
    interval.put("method", INTERVAL_METHOD);
    interval.put("level", options.level());
    interval.put("replicates", options.bootstrap());
    // The curves without an interval (B = 0, no size with repeats, the default answer on two
    // sizes): their answer and family rows have none, whatever the others have.
    List<String> without =
        fits.stream()
            .filter(c -> CurveFit.INTERVAL_NONE.equals(c.interval()))
            .map(CurveFit::curve)
            .toList();
    if (options.bootstrap() > 0) {
      interval.put("answer", answerDescription(fits, without));
      interval.put("family_rows", familyRowsDescription(fits, without));
    }
    ArrayNode noInterval = interval.putArray("no_interval");
    without.forEach(noInterval::add);
    ArrayNode fam = root.putArray("family_request");
    if (options.automatic() && options.method() == FitMethod.LM) {
      fam.add("auto");
    } else {
      options.effectiveFamilies().forEach(f -> fam.add(f.id()));
    }
    ArrayNode predict = root.putArray("predict");
    for (SampleSize s : options.predict()) {
      predict.add(s.toString());
    }
    ArrayNode targets = root.putArray("targets");
    options.targets().forEach(targets::add);
    ArrayNode curves = root.putArray("curves");
    for (CurveFit c : fits) {
      curves.add(curve(c));
    }
    return root;
  }

  /**
   * Writes the JSON file.
   *
   * @param file where to write, e.g. {@code out/fit.json}
   * @param fits the curve fits
   * @param options the settings they were made with
   * @param input where the rows came from
   * @param metric the metric that was fitted
   * @throws SamplesizeException when the file cannot be written
   */
  public static void write(
      Path file, List<CurveFit> fits, FitOptions options, String input, String metric) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (org.samplesize.io.AtomicFiles.Batch one = org.samplesize.io.AtomicFiles.batch()) {
        stage(file, fits, options, input, metric, null, List.of(), one);
        one.commit();
      }
    } catch (IOException e) {
      throw new SamplesizeException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stages the JSON file in {@code batch}, with the per-class curves and labelling plans ({@link
   * #addPerClass}) and warnings the fits do not know of, added to every curve's {@code warnings}
   * (as {@link #addWarnings} does to a file already staged). It replaces {@code file} when the
   * batch is committed.
   *
   * @param file where it goes; its folder must exist
   * @param fits the curve fits
   * @param options the settings they were made with
   * @param input where the rows came from
   * @param metric the metric that was fitted
   * @param perClass the per-class report, or null to leave those keys out
   * @param warnings the sentences to add, in order; empty for none
   * @param batch the files replaced together
   * @throws IOException naming {@code file} when it cannot be staged
   */
  public static void stage(
      Path file,
      List<CurveFit> fits,
      FitOptions options,
      String input,
      String metric,
      ClassReport perClass,
      List<String> warnings,
      org.samplesize.io.AtomicFiles.Batch batch)
      throws IOException {
    ObjectNode json = toJson(fits, options, input, metric);
    if (perClass != null) {
      addPerClass(json, perClass, fits);
    }
    appendWarnings(json, warnings);
    batch.stage(file, os -> MAPPER.writeValue(os, json));
  }

  /**
   * Adds warnings to every curve's {@code warnings} in a {@code fit.json} staged in {@code batch}
   * (none staged, or no warnings: nothing changes). For what only the caller knows, such as the
   * size of the test set the models were scored on.
   *
   * @param batch the batch that staged it
   * @param file the fit.json it replaces when committed
   * @param warnings the sentences to add, in order
   * @throws IOException naming the file when it cannot be read back or staged again
   */
  public static void addWarnings(
      org.samplesize.io.AtomicFiles.Batch batch, Path file, List<String> warnings)
      throws IOException {
    Path staged = batch.staged(file);
    if (staged == null || warnings.isEmpty()) {
      return;
    }
    if (MAPPER.readTree(staged.toFile()) instanceof ObjectNode root
        && root.path("curves").isArray()) {
      appendWarnings(root, warnings);
      batch.stage(file, os -> MAPPER.writeValue(os, root));
    }
  }

  /** Appends {@code warnings} to every curve's {@code warnings} array of a fit.json tree. */
  private static void appendWarnings(ObjectNode root, List<String> warnings) {
    if (warnings.isEmpty()) {
      return;
    }
    for (com.fasterxml.jackson.databind.JsonNode c : root.path("curves")) {
      if (c instanceof ObjectNode curve) {
        ArrayNode w =
            curve.path("warnings").isArray()
                ? (ArrayNode) curve.get("warnings")
                : curve.putArray("warnings");
        warnings.forEach(w::add);
      }
    }
  }

  /**
   * Adds {@code per_class} (each class's curve and answers, sorted by need within each curve, or
   * the reason there are none: {@code per_class_missing}) and {@code labelling_plans}.
   *
   * @param root the fit.json tree
   * @param report the per-class report
   */
  public static void addPerClass(ObjectNode root, ClassReport report) {
    addPerClass(root, report, List.of());
  }

  /**
   * {@link #addPerClass(ObjectNode, ClassReport)}, each plan's {@code text} as the commands print
   * it beside the overall answer (saying where the overall curve does not reach its target).
   *
   * @param root the fit.json tree
   * @param report the per-class report
   * @param overall the overall curves' fits
   */
  public static void addPerClass(ObjectNode root, ClassReport report, List<CurveFit> overall) {
    ObjectNode pc = root.putObject("per_class");
    pc.put("metric", "recall");
    pc.put(
        "size",
        "the class's own training images in the subsample; the models of one fraction form one"
            + " size, their mean count (rounded)");
    if (report.targetRecall() == null) {
      pc.putNull("target_recall");
    } else {
      pc.put("target_recall", report.targetRecall());
    }
    pc.put("level", report.level());
    pc.put("missing", report.missing());
    ArrayNode classes = pc.putArray("classes");
    for (ClassAnswer a : report.answers()) {
      ObjectNode o = classes.addObject();
      o.put("curve", a.curve());
      o.put("class", a.className());
      o.put("images", a.images());
      o.put("images_from", a.imagesFrom());
      number(o, "test_share", a.share());
      number(o, "largest_size", a.largestSize());
      number(o, "measured_recall", a.measuredRecall());
      number(o, "measured_precision", a.measuredPrecision());
      if (a.atAll() != null) {
        ObjectNode at = o.putObject("recall_with_all_images");
        number(at, "n", a.atAll().n());
        number(at, "recall", a.atAll().accuracy());
        number(at, "lo", a.atAll().lo());
        number(at, "hi", a.atAll().hi());
      } else {
        o.putNull("recall_with_all_images");
      }
      if (a.precisionAtAll() != null) {
        ObjectNode at = o.putObject("precision_with_all_images");
        number(at, "n", a.precisionAtAll().n());
        number(at, "precision", a.precisionAtAll().accuracy());
        number(at, "lo", a.precisionAtAll().lo());
        number(at, "hi", a.precisionAtAll().hi());
      } else {
        o.putNull("precision_with_all_images");
      }
      if (a.target() != null) {
        ObjectNode t = o.putObject("target");
        TargetEstimate e = a.target();
        number(t, "recall", e.accuracy());
        number(t, "n", e.n());
        number(t, "lo", e.lo());
        number(t, "hi", e.hi());
        t.put("lo_at_most", e.loAtMost());
        t.put("reachable", e.reachable());
        number(t, "levels_off_at", e.levelsOffAt());
        number(t, "more_needed", a.moreNeeded());
        t.put(
            "text",
            a.neverRecognised()
                ? a.neverRecognisedText()
                : a.fit() == null ? e.describe(report.level()) : text(a.fit(), e, report.level()));
      } else {
        o.putNull("target");
      }
      o.put("not_fitted", a.notFitted());
      if (a.fit() != null) {
        o.set("fit", curve(a.fit()));
      }
    }
    ArrayNode plans = root.putArray("labelling_plans");
    for (LabellingPlan p : report.plans()) {
      ObjectNode o = plans.addObject();
      o.put("curve", p.curve());
      number(o, "target", p.target());
      o.put("model", LabellingPlan.MODEL);
      o.put("missing", p.missing());
      o.put("reachable", p.reachable());
      number(o, "levels_off_at", p.levelsOffAt());
      number(o, "expected_now", p.expectedNow());
      number(o, "expected_after", p.expectedAfter());
      // The plan's -1 ("no number") is null here, never a count: a reader summing total_add over
      // plans must not meet -1 images.
      wholeOrNull(o, "total_add", p.total());
      wholeOrNull(o, "total_lo", p.totalLo());
      wholeOrNull(o, "total_hi", p.totalHi());
      number(o, "level", p.level());
      ArrayNode per = o.putArray("classes");
      for (int i = 0; i < p.classes().size(); i++) {
        ObjectNode c = per.addObject();
        c.put("class", p.classes().get(i));
        c.put("have", p.have().get(i));
        if (p.add().isEmpty()) {
          c.putNull("add");
        } else {
          c.put("add", p.add().get(i));
        }
        if (p.addOptimistic().isEmpty()) {
          c.putNull("add_optimistic");
        } else {
          c.put("add_optimistic", p.addOptimistic().get(i));
        }
        if (p.addPessimistic().isEmpty()) {
          c.putNull("add_pessimistic");
        } else {
          c.put("add_pessimistic", p.addPessimistic().get(i));
        }
      }
      o.put("text", ClassCurves.planLine(report, p, FitSummary.shortfallOfFits(overall, p)));
    }
  }

  private static ObjectNode curve(CurveFit c) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("curve", c.curve());
    n.put("chosen", c.chosen());
    n.put("selection", c.selection());
    n.put("selection_rule", c.rule());
    ObjectNode inel = n.putObject("llso_ineligible");
    c.looIneligible().forEach(inel::put);
    n.put("rows", c.rows());
    n.put("interval", c.interval());
    // Two sizes: the answer's accuracies beyond the largest size are upper figures and its target
    // sizes lower ones (pow2 and log2 keep rising); the sentences say so, and so does this.
    n.put("rising_only", c.risingOnly());
    boolean mean = CurveFit.INTERVAL_MEAN.equals(c.interval());
    n.put("guard", mean ? c.mean().guardId() : null);
    number(n, "guard_share", mean ? c.mean().guardShare() : Double.NaN);
    ArrayNode leftOut = n.putArray("left_out");
    if (c.mean() != null) {
      for (MeanAnswer.LeftOut l : c.mean().leftOut()) {
        ObjectNode o = leftOut.addObject();
        o.put("family", l.family());
        number(o, "size", l.size());
        number(o, "value", l.value());
        number(o, "measured", l.measured());
        number(o, "standard_errors", l.standardErrors());
      }
    }
    ObjectNode choices = n.putObject("bootstrap_choices");
    c.bootstrapChoices().forEach(choices::put);
    if (c.answerInterval() != null) {
      number(n, "extrapolation_margin_median", c.answerInterval().medianMargin());
    }
    ArrayNode warnings = n.putArray("warnings");
    c.warnings().forEach(warnings::add);
    ArrayNode answerPreds = n.putArray("predictions");
    for (Prediction p : c.predictions()) {
      prediction(answerPreds.addObject(), p);
    }
    ArrayNode answerTargets = n.putArray("targets");
    for (TargetEstimate t : c.targets()) {
      target(answerTargets.addObject(), t, text(c, t, c.chosenFit().level()));
    }
    ArrayNode sizes = n.putArray("sizes");
    for (SizeSummary s : c.sizes()) {
      ObjectNode o = sizes.addObject();
      number(o, "size", s.size());
      o.put("repeats", s.repeats());
      number(o, "mean", s.mean());
      number(o, "std", s.std());
    }
    ArrayNode families = n.putArray("families");
    for (FamilyFit f : c.families()) {
      families.add(family(f));
    }
    return n;
  }

  private static ObjectNode family(FamilyFit f) {
    CurveFamily fam = f.family();
    ObjectNode n = MAPPER.createObjectNode();
    n.put("name", fam.id());
    n.put("formula", fam.formula());
    n.put("method", f.method().id());
    ObjectNode params = n.putObject("params");
    for (Map.Entry<String, Double> e : f.params().entrySet()) {
      number(params, e.getKey(), e.getValue());
    }
    number(n, "sse", f.sse());
    number(n, "mse", f.mse());
    number(n, "mae", f.mae());
    number(n, "aicc", f.aicc());
    number(n, "loo_error", f.looError());
    n.put("skipped", f.skipped());
    n.put("bootstrap_replicates", f.bootstrapReplicates());
    n.put("bootstrap_failures", f.bootstrapFailures());
    ArrayNode preds = n.putArray("predictions");
    for (Prediction p : f.predictions()) {
      prediction(preds.addObject(), p);
    }
    ArrayNode targets = n.putArray("targets");
    for (TargetEstimate t : f.targets()) {
      target(targets.addObject(), t, t.describe(f.level()));
    }
    return n;
  }

  private static void prediction(ObjectNode o, Prediction p) {
    number(o, "n", p.n());
    number(o, "accuracy", p.accuracy());
    number(o, "lo", p.lo());
    number(o, "hi", p.hi());
  }

  /** A target answer's numbers, and its {@code text} for people ({@link #text} or its own). */
  private static void target(ObjectNode o, TargetEstimate t, String text) {
    number(o, "accuracy", t.accuracy());
    number(o, "n", t.n());
    number(o, "lo", t.lo());
    number(o, "hi", t.hi());
    o.put("lo_at_most", t.loAtMost());
    o.put("reachable", t.reachable());
    number(o, "levels_off_at", t.levelsOffAt());
    o.put("text", text);
  }

  /** Whole numbers as integers, non-finite numbers as null. */
  /** A count, or null when it is negative (the records' "none"). */
  private static void wholeOrNull(ObjectNode o, String key, long v) {
    if (v < 0) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }

  private static void number(ObjectNode o, String key, double v) {
    if (!Double.isFinite(v)) {
      o.putNull(key);
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      o.put(key, (long) v);
    } else {
      o.put(key, v);
    }
  }
}
