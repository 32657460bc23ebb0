package org.samplesize.report;

import static org.samplesize.report.HtmlText.esc;

import java.util.List;
import java.util.Map;
import org.samplesize.report.HtmlReport.Page;

/**
 * The foot of {@code report.html}: the provenance facts, the settings in force and links to the
 * files written beside the page. These are the tables a reader uses to replay or audit a run, and
 * the list of files must follow {@code docs/outputs.md}, so they live together, apart from the
 * sections that show results.
 */
final class ProvenanceSection {
  private ProvenanceSection() {}

  /**
   * Appends the provenance and settings tables and the list of files beside the page.
   *
   * @param h the page so far
   * @param page the page, for its facts, settings and which files its run wrote
   */
  static void write(StringBuilder h, Page page) {
    h.append("<h2>Provenance</h2>\n");
    keyValues(h, page.facts());
    h.append("<h2>Settings in force</h2>\n");
    keyValues(h, page.settings());
    // Links, relative: they open the files in the output folder, wherever it was moved.
    h.append("<p class=\"muted\">Written by samplesize. Files beside this page: ")
        .append(
            String.join(
                ", ",
                filesBeside(page).stream()
                    .map(f -> "<a href=\"" + esc(f) + "\">" + esc(f) + "</a>")
                    .toList()))
        .append(".</p>\n");
  }

  /**
   * The files a run writes beside its report ({@code docs/outputs.md}), those this page's run has:
   * the plots, per-class plot and validation only when there are some.
   */
  static List<String> filesBeside(Page page) {
    List<String> files = new java.util.ArrayList<>(List.of("results.csv", "fit.json"));
    if (page.plotPng() != null) {
      files.add("learning-curve.png");
    }
    if (page.plotSvg() != null) {
      files.add("learning-curve.svg");
    }
    if (page.perClassPlot() != null) {
      files.add("per-class-curves.png");
    }
    if (!page.validations().isEmpty()) {
      files.add("validation.json");
    }
    files.addAll(
        List.of("journal.jsonl", "provenance.json", "settings.yaml", "unreadable-images.json"));
    return files;
  }

  private static void keyValues(StringBuilder h, Map<String, String> kv) {
    h.append("<table class=\"kv\">\n");
    for (Map.Entry<String, String> e : kv.entrySet()) {
      h.append("<tr><td class=\"l\">")
          .append(esc(e.getKey()))
          .append("</td><td class=\"l\">")
          .append(esc(e.getValue()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }
}
