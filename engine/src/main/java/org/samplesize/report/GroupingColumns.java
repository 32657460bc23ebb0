package org.samplesize.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;

/**
 * Text columns that the fit does not read but that split a curve's rows into groups, each at
 * several sizes: a {@code model} or {@code learner} column where {@code curve} was meant. Their
 * rows would be pooled into one curve without a word (two learners' accuracies taken as repeats of
 * one), so such a column is warned about. Columns of {@code run}'s own table, per-class columns and
 * columns of numbers (seeds, learning rates) are not looked at: repeats with their own seeds are
 * what a curve is made of.
 */
final class GroupingColumns {
  /** A column watched: whether a cell of it was not a number, and per curve each value's sizes. */
  private static final class Watched {
    final int index;
    boolean text;
    final Map<String, Map<String, Set<Double>>> sizes = new LinkedHashMap<>();

    Watched(int index) {
      this.index = index;
    }
  }

  private final List<String> header;
  private final List<Watched> columns = new ArrayList<>();

  GroupingColumns(List<String> header, List<Integer> read) {
    this.header = header;
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i).toLowerCase(Locale.ROOT);
      if (!read.contains(i) && !ResultsCsv.HEADER.contains(h) && !h.contains("[")) {
        columns.add(new Watched(i));
      }
    }
  }

  void add(CSVRecord rec, String curve, double size) {
    for (Watched w : columns) {
      String v = w.index < rec.size() ? rec.get(w.index) : "";
      if (v.isEmpty()) {
        continue;
      }
      w.text |= CsvCells.parseOrNull(v) == null;
      w.sizes
          .computeIfAbsent(curve, c -> new LinkedHashMap<>())
          .computeIfAbsent(v, x -> new HashSet<>())
          .add(size);
    }
  }

  /**
   * @param name the file's name, as messages give it
   * @param hasCurveColumn whether the table has a {@code curve} column
   * @return one warning naming every column that splits a curve's rows into groups (a table with
   *     {@code learner} and {@code learner_id} names both in one), or none
   */
  List<String> warnings(String name, boolean hasCurveColumn) {
    List<Watched> found = new ArrayList<>();
    List<List<String>> groups = new ArrayList<>();
    for (Watched w : columns) {
      List<String> g = w.text ? groups(w) : List.of();
      if (!g.isEmpty()) {
        found.add(w);
        groups.add(g);
      }
    }
    if (found.isEmpty()) {
      return List.of();
    }
    String todo =
        hasCurveColumn
            ? "write them into the 'curve' column (e.g. head-" + groups.get(0).get(0) + ")"
            : found.size() == 1 ? "name that column 'curve'" : "name one of them 'curve'";
    String rest =
        ": their rows are fitted as one curve, as repeats of one model; if they are different"
            + " models or settings, "
            + todo
            + " to fit one curve for each";
    if (found.size() == 1) {
      return List.of(
          String.format(
              Locale.ROOT,
              "%s: column '%s' holds %d values (%s), each at several sizes, and fit does not read"
                  + " it%s",
              name,
              header.get(found.get(0).index),
              groups.get(0).size(),
              values(groups.get(0)),
              rest));
    }
    List<String> named = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      named.add(
          String.format(
              Locale.ROOT,
              "'%s' (%d values: %s)",
              header.get(found.get(i).index),
              groups.get(i).size(),
              values(groups.get(i))));
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "%s: columns %s and %s each hold values at several sizes, and fit reads %s%s",
            name,
            String.join(", ", named.subList(0, named.size() - 1)),
            named.get(named.size() - 1),
            found.size() == 2 ? "neither" : "none of them",
            rest));
  }

  /** The first three values, then "..." when there are more. */
  private static String values(List<String> groups) {
    return String.join(", ", groups.subList(0, Math.min(3, groups.size())))
        + (groups.size() > 3 ? ", ..." : "");
  }

  /** The column's values that each span several sizes, in the first curve with two of them. */
  private static List<String> groups(Watched w) {
    for (Map<String, Set<Double>> values : w.sizes.values()) {
      List<String> groups =
          values.entrySet().stream()
              .filter(e -> e.getValue().size() >= 2)
              .map(Map.Entry::getKey)
              .toList();
      if (groups.size() >= 2) {
        return groups;
      }
    }
    return List.of();
  }
}
