package org.samplesize.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The models of one fraction taken as repeats at one size. {@code run} writes each model's real
 * size: when some drawn training images do not decode (they pass the header check and fail in the
 * feature pass) the repeats of one fraction learn from slightly different numbers of images (5, 6
 * and 7 of a planned 7). The fit groups repeats by size, so such a curve had no repeats at all: no
 * interval, a "no size has repeats" warning beside {@code --repeats 3}, and adaptive runs adding
 * repeats that never joined one another. Each fraction's rows are put at their mean size, rounded,
 * as the per-class curves already do ({@link PerClassCsv}), with one warning naming the spread.
 * Rows of a fraction whose sizes agree (every image decoded) are left as they are, as are rows
 * without a fraction.
 */
final class FractionSizes {
  private FractionSizes() {}

  /**
   * @param rows the rows as read
   * @param file the table's name, for the warning
   * @param warn receives one warning when any fraction's sizes differ
   * @return the rows, those of a fraction with differing sizes at the fraction's mean size
   */
  static List<ResultsCsvReader.Read> atMeanSize(
      List<ResultsCsvReader.Read> rows, String file, Consumer<String> warn) {
    Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      ResultsCsvReader.Read r = rows.get(i);
      if (!r.fraction().isEmpty()) {
        groups.computeIfAbsent(List.of(r.curve(), r.fraction()), k -> new ArrayList<>()).add(i);
      }
    }
    long curves = groups.keySet().stream().map(k -> k.get(0)).distinct().count();
    List<ResultsCsvReader.Read> out = new ArrayList<>(rows);
    List<String> spreads = new ArrayList<>();
    for (Map.Entry<List<String>, List<Integer>> g : groups.entrySet()) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      double sum = 0;
      for (int i : g.getValue()) {
        double n = rows.get(i).size();
        lo = Math.min(lo, n);
        hi = Math.max(hi, n);
        sum += n;
      }
      if (lo == hi) {
        continue;
      }
      double mean = Math.max(1, Math.rint(sum / g.getValue().size()));
      for (int i : g.getValue()) {
        out.set(i, rows.get(i).atSize(mean));
      }
      if (spreads.size() < 3) {
        spreads.add(
            String.format(
                Locale.ROOT,
                "%sfraction %s: %.0f–%.0f, taken as %.0f",
                curves == 1 ? "" : "curve '" + g.getKey().get(0) + "', ",
                g.getKey().get(1),
                lo,
                hi,
                mean));
      } else if (spreads.size() == 3) {
        spreads.add("…");
      }
    }
    if (!spreads.isEmpty()) {
      warn.accept(
          file
              + ": the models of one fraction learned from different numbers of examples ("
              + String.join("; ", spreads)
              + "), as when some drawn images did not decode: each fraction's models are fitted"
              + " as repeats at their mean size");
    }
    return out;
  }
}
