package org.samplesize.experiment;

import java.util.List;
import org.samplesize.report.HtmlReport;

/**
 * The curve fit's result as the report and {@code validation.json} need it.
 *
 * @param curves one entry per curve ({@code head}, {@code fine-tune}), every family fitted
 * @param targets answers to "how many images for this accuracy?", per curve and target
 * @param intervalLevel the level of every interval, e.g. 0.9
 * @param plotSvg the learning-curve plot as SVG text (embedded in the report), or {@code null}
 * @param plotFiles the plot files written, relative to the output folder
 */
public record FitSummary(
    List<HtmlReport.Curve> curves,
    List<HtmlReport.Target> targets,
    double intervalLevel,
    String plotSvg,
    List<String> plotFiles) {

  /** Copies the lists. */
  public FitSummary {
    curves = List.copyOf(curves);
    targets = List.copyOf(targets);
    plotFiles = List.copyOf(plotFiles);
  }

  /**
   * @param curve a curve name
   * @return that curve, or {@code null}
   */
  public HtmlReport.Curve curve(String curve) {
    return curves.stream().filter(c -> c.name().equals(curve)).findFirst().orElse(null);
  }
}
