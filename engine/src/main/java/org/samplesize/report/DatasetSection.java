package org.samplesize.report;

import static org.samplesize.report.HtmlText.esc;

import java.util.Locale;
import java.util.Map;
import org.samplesize.report.HtmlReport.Dataset;

/**
 * The Data set section of {@code report.html}: what was scanned, the images per class, and every
 * file that was ignored, left unread or skipped. Kept apart from the page's skeleton because it is
 * where a user looks for what went wrong with the data, and its warnings change with the scanner.
 */
final class DatasetSection {
  private DatasetSection() {}

  /**
   * Appends the section.
   *
   * @param h the page so far
   * @param d the data set
   */
  static void write(StringBuilder h, Dataset d) {
    h.append("<h2>Data set</h2>\n<p>")
        .append(esc(d.name()))
        .append(" — ")
        .append(esc(d.root()))
        .append("<br>")
        .append(
            String.format(Locale.ROOT, "%,d", d.imagesPerClass().stream().mapToInt(i -> i).sum()))
        .append(" images in ")
        .append(d.classes().size())
        .append(" classes; training set ")
        .append(String.format(Locale.ROOT, "%,d", d.trainSize()))
        .append(
            d.usableTrainSize() < d.trainSize()
                ? String.format(
                    Locale.ROOT,
                    " (%,d usable: %,d could not be used)",
                    d.usableTrainSize(),
                    d.trainSize() - d.usableTrainSize())
                : "")
        .append(", test set ")
        .append(String.format(Locale.ROOT, "%,d", d.testSize()))
        .append(
            d.usableTestSize() < d.testSize()
                ? String.format(
                    Locale.ROOT,
                    " (%,d usable: %,d could not be used)",
                    d.usableTestSize(),
                    d.testSize() - d.usableTestSize())
                : "")
        .append("<br><span class=\"muted\">SHA-256 ")
        .append(esc(d.sha256()))
        .append("</span></p>\n<table><tr><th class=\"l\">class</th><th>images</th></tr>\n");
    for (int i = 0; i < d.classes().size(); i++) {
      h.append("<tr><td class=\"l\">")
          .append(esc(d.classes().get(i)))
          .append("</td><td>")
          .append(d.imagesPerClass().get(i))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    if (!d.ignored().isEmpty()) {
      h.append("<p>Ignored while scanning: ");
      StringBuilder s = new StringBuilder();
      d.ignored().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  s.append(s.length() == 0 ? "" : ", ")
                      .append(e.getValue())
                      .append(' ')
                      .append(e.getKey()));
      h.append(esc(s.toString())).append(".</p>\n");
    }
    if (d.unread() != null) {
      // The console's line, naming the files and what to do, not only their count.
      h.append("<p class=\"warn\">")
          .append(esc(Character.toUpperCase(d.unread().charAt(0)) + d.unread().substring(1)))
          .append("</p>\n");
    }
    if (d.skipped().isEmpty()) {
      h.append("<p>No image was skipped.</p>\n");
    } else {
      h.append("<p class=\"warn\">")
          .append(d.skipped().size())
          .append(" image(s) could not be used and were skipped:</p>\n<ul>\n");
      for (String s : d.skipped()) {
        h.append("<li>").append(esc(s)).append("</li>\n");
      }
      h.append("</ul>\n");
    }
  }
}
