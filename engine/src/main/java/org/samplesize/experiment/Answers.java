package org.samplesize.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.samplesize.SamplesizeException;
import org.samplesize.report.AnswerSentences;
import org.samplesize.report.FitSummary;
import org.samplesize.report.HtmlReport;

/**
 * What a run says from its fit and its models: the answer sentences, the validation against the
 * model trained on the whole training set, and the measured points of the report.
 */
final class Answers {
  private Answers() {}

  /**
   * The one-sentence answer: the first target on the head curve, else the prediction at the whole
   * training set (its usable images, {@code whole}).
   */
  static String answer(FitSummary fit, RunSettings settings, UsableTrainingSet whole) {
    for (FitSummary.Target t : fit.targets()) {
      if (t.curve().equals(PlannedModel.HEAD)) {
        return AnswerSentences.sentence(t, fit.intervalLevel(), wording(whole));
      }
    }
    FitSummary.Curve head = fit.curve(PlannedModel.HEAD);
    if (head == null && !fit.curves().isEmpty()) {
      head = fit.curves().get(0);
    }
    if (head == null || head.atFull() == null) {
      return "No learning curve could be fitted; see results.csv for the measured accuracies.";
    }
    return AnswerSentences.sentence(
        head.name(), head.atFull(), fit.intervalLevel(), whole.planned());
  }

  /** run's wording, with the training images there are for a target's "how many more". */
  private static AnswerSentences.Wording wording(UsableTrainingSet whole) {
    return AnswerSentences.Wording.run(whole.usable(), whole.planned());
  }

  /** The curve the answer sentence is about: the head curve, else the first one fitted. */
  static String answerCurve(FitSummary fit) {
    if (fit.curve(PlannedModel.HEAD) != null || fit.curves().isEmpty()) {
      return PlannedModel.HEAD;
    }
    return fit.curves().get(0).name();
  }

  /** The other sentences: the other targets, then the prediction at the full size per curve. */
  static List<String> more(
      FitSummary fit, RunSettings settings, String answer, UsableTrainingSet whole) {
    List<String> more = new ArrayList<>();
    // The other targets right after the first one, then the prediction at the full size.
    for (FitSummary.Target t : fit.targets()) {
      String s = AnswerSentences.sentence(t, fit.intervalLevel(), wording(whole));
      if (!s.equals(answer)) {
        more.add(s);
      }
    }
    for (FitSummary.Curve c : fit.curves()) {
      if (c.atFull() != null) {
        String s =
            AnswerSentences.sentence(c.name(), c.atFull(), fit.intervalLevel(), whole.planned());
        if (!s.equals(answer)) {
          more.add(s);
        }
      }
    }
    return more;
  }

  /**
   * The per-class lines: for each curve (the answer's first) the class that needs the most images,
   * then every labelling plan, as {@code fit} prints them and the report lists them (a run that
   * fine-tunes gives the fine-tuned curve's answers too, so it gives its per-class lines too); none
   * when no per-class curves were made (a stage that does not make them).
   */
  static List<String> perClass(FitSummary fit, String answerCurve) {
    List<String> out = new ArrayList<>();
    if (fit.perClass() == null) {
      return out;
    }
    java.util.LinkedHashSet<String> curves = new java.util.LinkedHashSet<>();
    curves.add(answerCurve);
    fit.perClass().answers().forEach(a -> curves.add(a.curve()));
    for (String curve : curves) {
      String line = org.samplesize.classes.ClassCurves.mostNeededLine(fit.perClass(), curve);
      if (line != null && !out.contains(line)) {
        out.add(line);
      }
    }
    for (org.samplesize.classes.LabellingPlan p : fit.perClass().plans()) {
      out.add(org.samplesize.classes.ClassCurves.planLine(fit.perClass(), p, fit.shortfall(p)));
    }
    return out;
  }

  /**
   * Each curve's prediction at the full size against its validation model's measured accuracy: the
   * head curve's first, then the fine-tuned one's when the run fine-tunes (its validation model is
   * a fine-tuned model on every training image, and is compared with the fine-tuned curve).
   */
  static List<FitSummary.Validation> validations(List<ModelRecord> records, FitSummary fit) {
    List<FitSummary.Validation> out = new ArrayList<>();
    records.stream()
        .filter(ModelRecord::isValidation)
        .sorted(
            java.util.Comparator.comparing((ModelRecord r) -> !r.curve().equals(PlannedModel.HEAD))
                .thenComparing(ModelRecord::curve))
        .forEach(
            measured -> {
              FitSummary.Curve c = fit.curve(measured.curve());
              if (c == null || c.atFull() == null) {
                throw new SamplesizeException(
                    "the fit gave no prediction at the full training-set size for the "
                        + measured.curve()
                        + " curve");
              }
              FitSummary.Prediction p = c.atFull();
              out.add(
                  new FitSummary.Validation(
                      measured.curve(), p.n(), p.accuracy(), p.lo(), p.hi(), measured.accuracy()));
            });
    if (out.isEmpty()) {
      throw new SamplesizeException("the validation model is not journaled");
    }
    return out;
  }

  /**
   * {@code validation.json}'s content: the first curve's (the head's) fields at the top level, and
   * every curve's under {@code curves}.
   */
  static Map<String, Object> validationJson(List<FitSummary.Validation> all) {
    Map<String, Object> m = validationFields(all.get(0));
    List<Map<String, Object>> curves = new ArrayList<>();
    for (FitSummary.Validation v : all) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("curve", v.curve());
      c.putAll(validationFields(v));
      curves.add(c);
    }
    m.put("curves", curves);
    return m;
  }

  private static Map<String, Object> validationFields(FitSummary.Validation v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", v.n());
    m.put("predicted", v.predicted());
    // null, not NaN (not JSON), without an interval (--bootstrap 0)
    m.put("lo", v.hasInterval() ? v.lo() : null);
    m.put("hi", v.hasInterval() ? v.hi() : null);
    m.put("measured", v.measured());
    m.put("metric", "accuracy");
    return m;
  }

  /** Mean and standard deviation of accuracy per curve and size, for the report. */
  static List<HtmlReport.Point> points(List<ModelRecord> records) {
    Map<String, List<Double>> byKey = new TreeMap<>();
    for (ModelRecord r : records) {
      if (r.isValidation()) {
        continue;
      }
      String key = String.format(Locale.ROOT, "%s\u0000%012d", r.curve(), r.size());
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r.accuracy());
    }
    List<HtmlReport.Point> out = new ArrayList<>();
    for (Map.Entry<String, List<Double>> e : byKey.entrySet()) {
      String[] parts = e.getKey().split("\u0000");
      List<Double> xs = e.getValue();
      double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double var = 0;
      for (double x : xs) {
        var += (x - mean) * (x - mean);
      }
      double sd = xs.size() > 1 ? Math.sqrt(var / (xs.size() - 1)) : 0;
      out.add(new HtmlReport.Point(parts[0], Long.parseLong(parts[1]), xs.size(), mean, sd));
    }
    return out;
  }
}
