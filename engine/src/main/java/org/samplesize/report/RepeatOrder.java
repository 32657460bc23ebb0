package org.samplesize.report;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The order in which a results table's rows enter their curves, whatever the file's row order: the
 * bootstrap draws a size's repeats by position, so the same models in another order would give
 * other interval ends. Curves keep the order of their first row; within a curve the rows go by
 * size, then by the {@code repeat} cell, then by the {@code seed} cell (repeat numbers tie in two
 * runs joined). Both {@link ResultsCsv#read} (the overall figures) and {@link PerClassCsv#read}
 * (the per-class ones) use it, so the two see the repeats in the same order.
 */
final class RepeatOrder {
  private RepeatOrder() {}

  /**
   * @param rows the rows, in the file's order (for the curves' order of first appearance)
   * @param curve a row's curve
   * @param size a row's size (or fraction)
   * @param repeat a row's repeat cell
   * @param seed a row's seed cell
   * @param <T> the row type
   * @return the comparator; ties keep the file's order with a stable sort
   */
  static <T> Comparator<T> of(
      List<T> rows,
      Function<T, String> curve,
      ToDoubleFunction<T> size,
      Function<T, String> repeat,
      Function<T, String> seed) {
    Map<String, Integer> curveOrder = new HashMap<>();
    for (T r : rows) {
      curveOrder.putIfAbsent(curve.apply(r), curveOrder.size());
    }
    return Comparator.<T>comparingInt(r -> curveOrder.get(curve.apply(r)))
        .thenComparingDouble(size)
        .thenComparing(repeat, RepeatOrder::compareCells)
        .thenComparing(seed, RepeatOrder::compareCells);
  }

  /** Orders two cells: numbers by value, before anything else; other cells by their text. */
  static int compareCells(String a, String b) {
    Double x = CsvCells.parseOrNull(a);
    Double y = CsvCells.parseOrNull(b);
    if (x != null && y != null) {
      return Double.compare(x, y);
    }
    if (x != null || y != null) {
      return x != null ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
