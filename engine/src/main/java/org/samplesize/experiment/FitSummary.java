package org.samplesize.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.report.HtmlReport;

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
}
