package org.samplesize.report;

import static org.samplesize.report.HtmlText.esc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.samplesize.classes.ClassReport;
import org.samplesize.report.FitSummary.Curve;
import org.samplesize.report.FitSummary.Target;
import org.samplesize.report.FitSummary.Validation;

/**
 * Writes {@code report.html}: one self-contained page (no external files, scripts or fonts) with
 * the answer in one sentence, the data set summary with skipped files, the learning-curve plot
 * (inline SVG, or a base64 PNG), every curve family side by side, the measured points, timings per
 * stage, validation and the settings in force.
 *
 * <p>This class holds the page's skeleton, styles and short sections; {@link FamiliesSection},
 * {@link PerClassSection}, {@link DatasetSection} and {@link ProvenanceSection} write the longer
 * ones, with {@link HtmlText} for what they all write alike.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** The file name inside the output folder. */
  public static final String FILE_NAME = "report.html";

  /**
   * Mean measured accuracy at one subsample size.
   *
   * @param curve curve name
   * @param size training images
   * @param models models trained at this size
   * @param meanAccuracy mean test accuracy
   * @param sdAccuracy standard deviation across the models
   */
  public record Point(
      String curve, long size, int models, double meanAccuracy, double sdAccuracy) {}

  /**
   * The data set summary.
   *
   * @param name data set name
   * @param root the scanned folder
   * @param sha256 the data set fingerprint
   * @param classes class names
   * @param imagesPerClass images per class
   * @param trainSize training-set images, as planned
   * @param usableTrainSize those of them that decoded (the answer's whole training set)
   * @param testSize test-set images, as planned
   * @param usableTestSize those of them that decoded (the images the models were scored on)
   * @param ignored files ignored while scanning, by reason
   * @param skipped images that could not be used ({@code "path: reason"})
   * @param unread the line the console prints about files left unread inside class folders (which
   *     and what to do), or null when there are none
   */
  public record Dataset(
      String name,
      String root,
      String sha256,
      List<String> classes,
      List<Integer> imagesPerClass,
      int trainSize,
      int usableTrainSize,
      int testSize,
      int usableTestSize,
      Map<String, Integer> ignored,
      List<String> skipped,
      String unread) {}

  /**
   * One stage's wall time.
   *
   * @param stage stage name
   * @param seconds wall time in this invocation
   */
  public record Timing(String stage, double seconds) {}

  /**
   * Everything on the page.
   *
   * @param answer the answer in one sentence
   * @param moreAnswers further sentences (other targets, other curves)
   * @param intervalLevel interval level, e.g. 0.9
   * @param dataset the data set
   * @param timings wall time per stage
   * @param plotSvg the plot as SVG text, or {@code null}
   * @param plotPng the plot as PNG bytes, used when there is no SVG; may be {@code null}
   * @param curves every curve with every family
   * @param targets target answers
   * @param points measured points
   * @param validations per curve with a validation model, the head curve first (empty or {@code
   *     null} without one)
   * @param facts provenance facts (model, hashes, backend, execution provider, versions)
   * @param settings the settings in force
   * @param perClass the per-class curves and labelling plans, or {@code null}
   * @param perClassPlot their small multiples as PNG bytes, or {@code null}
   */
  public record Page(
      String answer,
      List<String> moreAnswers,
      double intervalLevel,
      Dataset dataset,
      List<Timing> timings,
      String plotSvg,
      byte[] plotPng,
      List<Curve> curves,
      List<Target> targets,
      List<Point> points,
      List<Validation> validations,
      Map<String, String> facts,
      Map<String, String> settings,
      ClassReport perClass,
      byte[] perClassPlot) {

    /** No validation is an empty list ({@code null} is taken for one). */
    public Page {
      validations = validations == null ? List.of() : List.copyOf(validations);
    }

    /**
     * A page without per-class curves.
     *
     * @param answer the answer in one sentence
     * @param moreAnswers further sentences
     * @param intervalLevel interval level
     * @param dataset the data set
     * @param timings wall time per stage
     * @param plotSvg the plot as SVG text, or {@code null}
     * @param plotPng the plot as PNG bytes, or {@code null}
     * @param curves every curve with every family
     * @param targets target answers
     * @param points measured points
     * @param validations per curve with a validation model (empty without one)
     * @param facts provenance facts
     * @param settings the settings in force
     */
    public Page(
        String answer,
        List<String> moreAnswers,
        double intervalLevel,
        Dataset dataset,
        List<Timing> timings,
        String plotSvg,
        byte[] plotPng,
        List<Curve> curves,
        List<Target> targets,
        List<Point> points,
        List<Validation> validations,
        Map<String, String> facts,
        Map<String, String> settings) {
      this(
          answer,
          moreAnswers,
          intervalLevel,
          dataset,
          timings,
          plotSvg,
          plotPng,
          curves,
          targets,
          points,
          validations,
          facts,
          settings,
          null,
          null);
    }
  }

  /**
   * Writes the page.
   *
   * @param page what to show
   * @param file destination, usually {@code report.html} in the output folder
   */
  public static void write(Page page, Path file) {
    try {
      org.samplesize.io.AtomicFiles.writeString(file, render(page));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Stages the page in {@code batch}: it replaces {@code file} when the batch is committed.
   *
   * @param page what to show
   * @param file destination, usually {@code report.html} in the output folder
   * @param batch the files replaced together; the report goes last, as it tells readers the rest is
   *     there
   * @throws IOException naming {@code file} when it cannot be staged
   */
  public static void stage(Page page, Path file, org.samplesize.io.AtomicFiles.Batch batch)
      throws IOException {
    batch.stageString(file, render(page));
  }

  /**
   * Renders the page.
   *
   * @param page what to show
   * @return the HTML document
   */
  public static String render(Page page) {
    Objects.requireNonNull(page, "page");
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>samplesize report: ")
        .append(esc(page.dataset().name()))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;"
                + "margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n"
                + "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid"
                + " #ddd}\n"
                + ".answer{font-size:1.3em;background:#eef6ee;border-left:5px solid #3a3;"
                + "padding:.6em 1em}\n"
                + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;"
                + "padding:.25em .6em;text-align:right;vertical-align:top}"
                + "th{background:#f4f4f4}td.l,th.l{text-align:left}\n"
                + ".sel{background:#eef6ee;font-weight:600}.warn{color:#a40}.muted{color:#777}\n"
                + ".plot svg,.plot img{max-width:100%;height:auto}\n"
                + ".families{display:flex;flex-wrap:wrap;gap:1.5em}\n"
                // A narrow window: long words (paths, the feature cache's record, hashes) wrap
                // instead of widening the page, and a wide table scrolls on its own.
                + "body{overflow-wrap:break-word}.kv td{overflow-wrap:anywhere}"
                + ".kv td:first-child{white-space:nowrap}\n"
                + "@media screen{table{display:block;overflow-x:auto;max-width:100%}}\n"
                // Paper: the full width, no heading alone at a page's foot, no row cut in two.
                + "@media print{body{max-width:none;margin:0;font-size:10pt}"
                + "td,th{overflow-wrap:anywhere}h2,h3{break-after:avoid}"
                + "tr,.plot,img{break-inside:avoid}.answer{border-left-width:3px}}\n")
        .append("</style></head><body>\n");
    h.append("<h1>How many labelled images? — ")
        .append(esc(page.dataset().name()))
        .append("</h1>\n");
    h.append("<p class=\"answer\">").append(esc(page.answer())).append("</p>\n");
    for (String s : page.moreAnswers()) {
      // A warning stands out as the page's other warnings do (skipped images, unread files).
      h.append(s.startsWith(WARNING) ? "<p class=\"warn\">" : "<p>")
          .append(esc(s))
          .append("</p>\n");
    }

    if (!page.validations().isEmpty()) {
      h.append("<h2>Validation</h2>\n");
      boolean several = page.validations().size() > 1;
      // The console's sentence, word for word: the page said "Predicted at n = ...; measured ...
      // — inside the interval" for the same comparison.
      boolean usable = page.dataset().usableTrainSize() < page.dataset().trainSize();
      for (Validation v : page.validations()) {
        h.append("<p>").append(esc(v.sentence(several, usable))).append("</p>\n");
      }
    }

    h.append("<h2>Learning curve</h2>\n<div class=\"plot\">");
    if (page.plotSvg() != null && !page.plotSvg().isBlank()) {
      h.append(inlineSvg(page.plotSvg()));
    } else if (page.plotPng() != null) {
      h.append("<img alt=\"learning curve\" style=\"max-width:100%\" width=\"")
          .append(ChartImages.cssWidth(page.plotPng()))
          .append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(page.plotPng()))
          .append("\">");
    } else {
      h.append("<p class=\"muted\">(no plot)</p>");
    }
    h.append("</div>\n");

    FamiliesSection.write(h, page.curves(), page.targets(), page.intervalLevel());

    PerClassSection.write(h, page.perClass(), page.perClassPlot(), page.targets());

    h.append("<h2>Measured points</h2>\n<table><tr><th class=\"l\">curve</th><th>images</th>")
        .append("<th>models</th><th>mean accuracy</th>")
        // The sample sd (n - 1), as the plot's bars; fit.json's "std" divides by n, as
        // docs/outputs.md says.
        .append("<th title=\"sample standard deviation (n − 1), as the plot's bars; fit.json's std")
        .append(" uses n\">")
        .append("sd (n−1)</th></tr>\n");
    for (Point p : page.points()) {
      h.append("<tr><td class=\"l\">")
          .append(esc(p.curve()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%,d", p.size()))
          .append("</td><td>")
          .append(p.models())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f%%", p.meanAccuracy() * 100))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f%%", p.sdAccuracy() * 100))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");

    DatasetSection.write(h, page.dataset());

    h.append("<h2>Timings</h2>\n<table><tr><th class=\"l\">stage</th><th>seconds</th></tr>\n");
    double total = 0;
    for (Timing t : page.timings()) {
      total += t.seconds();
      h.append("<tr><td class=\"l\">")
          .append(esc(t.stage()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f", t.seconds()))
          .append("</td></tr>\n");
    }
    h.append("<tr><th class=\"l\">total</th><th>")
        .append(String.format(Locale.ROOT, "%.2f", total))
        .append("</th></tr></table>\n");

    ProvenanceSection.write(h, page);
    h.append("</body></html>\n");
    return h.toString();
  }

  /** How the console's warnings begin ("Warning: ...", "Warning (fine-tune): ..."). */
  static final String WARNING = "Warning";

  /** Strips the XML prolog and doctype so the SVG can sit inside HTML. */
  static String inlineSvg(String svg) {
    int start = svg.indexOf("<svg");
    if (start < 0) {
      throw new IllegalArgumentException("plot is not SVG: no <svg> element");
    }
    return svg.substring(start);
  }
}
