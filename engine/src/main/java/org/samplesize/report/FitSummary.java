package org.samplesize.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.Prediction;
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
 */
public record FitSummary(
    List<HtmlReport.Curve> curves,
    List<HtmlReport.Target> targets,
    double intervalLevel,
    String plotSvg,
    byte[] plotPng,
    List<String> plotFiles,
    Map<String, List<String>> warnings) {

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
      List<HtmlReport.Curve> curves,
      List<HtmlReport.Target> targets,
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
      List<HtmlReport.Curve> curves,
      List<HtmlReport.Target> targets,
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
  public HtmlReport.Curve curve(String curve) {
    return curves.stream().filter(c -> c.name().equals(curve)).findFirst().orElse(null);
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
    List<HtmlReport.Curve> curves = new ArrayList<>();
    List<HtmlReport.Target> targets = new ArrayList<>();
    Map<String, List<String>> fitWarnings = new LinkedHashMap<>();
    for (CurveFit cf : fits) {
      fitWarnings.put(cf.curve(), cf.warnings());
      List<HtmlReport.Family> families = new ArrayList<>();
      for (FamilyFit ff : cf.families()) {
        boolean chosen = ff.family().id().equals(cf.chosen());
        if (!ff.fitted()) {
          families.add(
              new HtmlReport.Family(
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
            new HtmlReport.Family(
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
          new HtmlReport.Curve(
              cf.curve(),
              cf.chosen(),
              families,
              // No family could be fitted (e.g. only pow3 asked for, with two sizes): no answer.
              best == null ? null : at(cf.predictions(), best, fullSize)));
      for (TargetEstimate t : cf.targets()) {
        long n = t.reachable() && Double.isFinite(t.n()) ? (long) Math.ceil(t.n()) : -1;
        long lo = Double.isFinite(t.lo()) ? (long) Math.ceil(t.lo()) : -1;
        long hi = Double.isFinite(t.hi()) ? (long) Math.ceil(t.hi()) : -1;
        long smallest = (long) cf.sizes().stream().mapToDouble(z -> z.size()).min().orElse(-1);
        targets.add(new HtmlReport.Target(cf.curve(), t.accuracy(), n, lo, hi, smallest));
      }
    }
    return new FitSummary(curves, targets, level, plot.svg(), plot.png(), plotFiles, fitWarnings);
  }

  private static HtmlReport.Prediction at(FamilyFit ff, int n) {
    return at(ff.predictions(), ff, n);
  }

  private static HtmlReport.Prediction at(List<Prediction> predictions, FamilyFit ff, int n) {
    for (Prediction p : predictions) {
      if (Math.abs(p.n() - n) < 0.5) {
        return new HtmlReport.Prediction(
            n,
            p.accuracy(),
            p.hasInterval() ? p.lo() : p.accuracy(),
            p.hasInterval() ? p.hi() : p.accuracy());
      }
    }
    double y = ff.predict(n);
    return new HtmlReport.Prediction(n, y, y, y);
  }
}
